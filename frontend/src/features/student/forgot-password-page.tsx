import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageTitle } from '../../components/page-title.tsx';

export function ForgotPasswordPage() {
  const { t } = useTranslation();
  return (
    <div className="narrow">
      <PageTitle>{t('forgot.title')}</PageTitle>
      <p>{t('forgot.intro')}</p>
      <p>
        <Link to="/">{t('forgot.backToSignIn')}</Link>
      </p>
    </div>
  );
}
