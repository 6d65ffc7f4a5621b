import { useTranslation } from 'react-i18next';
import { noticeLink, useDistrict } from '../lib/district.ts';
import { TextWithLink } from './text-with-link.tsx';

/** PrivacyNote points a form that collects personal details to the district's privacy notice. */
export function PrivacyNote() {
  const { t } = useTranslation();
  const link = noticeLink(useDistrict()?.privacy, '/privacy');
  if (!link) return null;
  return (
    <p className="field__hint">
      <TextWithLink text={t('district.registerPrivacy')} to={link.href} external={link.external} />
    </p>
  );
}
