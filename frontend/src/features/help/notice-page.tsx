import { useTranslation } from 'react-i18next';
import { Loading } from '../../components/loading.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { ExternalLink } from '../../components/site-footer.tsx';
import { useDistrict } from '../../lib/district.ts';
import './help.css';

/**
 * NoticePage shows a district notice the district gave as text, paragraph by paragraph. A
 * notice kept on the district's own site gets a link to it, for anyone who typed this address.
 */
function NoticePage({ kind }: { kind: 'privacy' | 'accessibility' }) {
  const { t } = useTranslation();
  const district = useDistrict();
  const notice = district?.[kind];
  return (
    <div className="narrow help">
      <PageTitle>{t(kind === 'privacy' ? 'district.notice.privacyTitle' : 'district.notice.accessibilityTitle')}</PageTitle>
      {!district ? (
        <Loading />
      ) : notice?.text ? (
        <div className="help__notice">
          {notice.text.split(/\n\s*\n/).map((paragraph, i) => (
            <p key={i}>{paragraph}</p>
          ))}
        </div>
      ) : notice?.url ? (
        <p>
          {t('district.notice.elsewhere')} <ExternalLink href={notice.url}>{notice.url}</ExternalLink>
        </p>
      ) : (
        <p>{t('district.notice.missing')}</p>
      )}
    </div>
  );
}

export function PrivacyPage() {
  return <NoticePage kind="privacy" />;
}

export function AccessibilityPage() {
  return <NoticePage kind="accessibility" />;
}
