import { useTranslation } from 'react-i18next';
import { TextWithLink } from '../../components/text-with-link.tsx';

/**
 * YoungStudentHelp tells a student below the self-service grade that they
 * cannot reset the password themselves, and who can.
 */
export function YoungStudentHelp() {
  const { t } = useTranslation();
  return (
    <section className="help-box" aria-labelledby="young-help-title">
      <h2 id="young-help-title">{t('account.youngTitle')}</h2>
      <p>{t('account.youngBody')}</p>
      <ul>
        <li>
          <TextWithLink text={t('account.youngGuardian')} to="/family" />
        </li>
        <li>{t('account.youngSchool')}</li>
      </ul>
    </section>
  );
}
