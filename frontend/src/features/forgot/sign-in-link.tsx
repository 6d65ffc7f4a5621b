import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

/** SignInLink is the way back to sign in that every step of the flow offers. */
export function SignInLink() {
  const { t } = useTranslation();
  return (
    <p className="form-footer">
      <Link to="/">{t('forgot.backToSignIn')}</Link>
    </p>
  );
}
