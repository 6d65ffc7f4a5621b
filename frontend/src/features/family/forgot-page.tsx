import { useTranslation } from 'react-i18next';
import { ForgotPasswordForm } from '../../components/forgot-password-form.tsx';
import { looksLikeEmail, useFamilyErrorMessage } from './family-errors.ts';
import { FamilyPage } from './family-frame.tsx';
import { useForgotFamilyPassword } from './family-queries.ts';

/**
 * FamilyForgotPage emails a link to choose a new password. The answer is the same whether the
 * address has an account or not, so the page says so in the same words either way.
 */
export function FamilyForgotPage() {
  const { t } = useTranslation();
  const forgot = useForgotFamilyPassword();
  const errorMessage = useFamilyErrorMessage();
  return (
    <FamilyPage>
      <ForgotPasswordForm
        idPrefix="family-forgot"
        words={{
          title: t('family.forgot.title'),
          intro: t('family.forgot.intro'),
          email: t('family.forgot.email'),
          emailRequired: t('family.signIn.errors.emailRequired'),
          submit: t('family.forgot.submit'),
          submitting: t('family.forgot.submitting'),
          sentTitle: t('family.forgot.sentTitle'),
          backToSignIn: t('family.forgot.backToSignIn'),
        }}
        signInPath="/family"
        send={forgot}
        errorMessage={errorMessage}
        format={{ ok: looksLikeEmail, error: t('family.rules.email_format') }}
        sent={(email, again) => (
          <>
            <div className="notice notice--ok">
              <p className="family-email">{t('family.forgot.sent', { email })}</p>
              <p>{t('family.forgot.valid')}</p>
            </div>
            <p>{t('family.forgot.spam')}</p>
            <p>
              <button type="button" className="button" onClick={again}>
                {t('family.forgot.again')}
              </button>
            </p>
          </>
        )}
      />
    </FamilyPage>
  );
}
