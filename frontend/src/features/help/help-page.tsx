import { useTranslation } from 'react-i18next';
import { Loading } from '../../components/loading.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { ContactList } from '../../components/site-footer.tsx';
import { TextWithLink } from '../../components/text-with-link.tsx';
import { useDistrict } from '../../lib/district.ts';
import './help.css';

/**
 * HelpPage lists the ways back into a school account, from the one a student takes alone to the
 * one that always works (the school), then how to reach the district.
 */
export function HelpPage() {
  const { t } = useTranslation();
  const district = useDistrict();
  const ways = [
    { title: t('district.help.selfTitle'), body: <TextWithLink text={t('district.help.self')} to="/forgot" /> },
    { title: t('district.help.guardianTitle'), body: <TextWithLink text={t('district.help.guardian')} to="/family" /> },
    { title: t('district.help.schoolTitle'), body: t('district.help.school') },
  ];
  return (
    <div className="narrow help">
      <PageTitle>{t('district.help.title')}</PageTitle>
      <p>{t('district.help.intro')}</p>
      <ol className="help__ways">
        {ways.map((way) => (
          <li key={way.title}>
            <h2>{way.title}</h2>
            <p>{way.body}</p>
          </li>
        ))}
      </ol>
      <h2>{t('district.help.familyTitle')}</h2>
      <p>
        <TextWithLink text={t('district.help.family')} to="/family/forgot" />
      </p>
      <section className="notice help__contact" aria-labelledby="help-contact">
        <h2 id="help-contact">{t('district.help.contactTitle')}</h2>
        {!district ? (
          <Loading />
        ) : district.help.phone || district.help.email || district.help.url ? (
          <>
            <p>
              {t('district.help.contactIntro')} <strong>{district.name}</strong>
            </p>
            <ContactList district={district} />
          </>
        ) : (
          <p>{t('district.help.noContact')}</p>
        )}
      </section>
    </div>
  );
}
