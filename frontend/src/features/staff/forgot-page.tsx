import { useTranslation } from 'react-i18next';
import { ForgotPasswordForm } from '../../components/forgot-password-form.tsx';
import { useStaffErrorMessage } from './staff-errors.ts';
import { StaffPage } from './staff-frame.tsx';
import { useStaffForgot } from './staff-queries.ts';

/**
 * StaffForgotPage emails a link to choose a new password. The answer is the same whether the
 * address is a staff account or not, so the page says so in the same words either way.
 */
export function StaffForgotPage() {
  const { t } = useTranslation();
  const forgot = useStaffForgot();
  const errorMessage = useStaffErrorMessage();
  return (
    <StaffPage>
      <ForgotPasswordForm
        idPrefix="staff-forgot"
        words={{
          title: t('staff.forgot.title'),
          intro: t('staff.forgot.intro'),
          email: t('staff.forgot.email'),
          emailRequired: t('staff.forgot.emailRequired'),
          submit: t('staff.forgot.submit'),
          submitting: t('staff.forgot.submitting'),
          sentTitle: t('staff.forgot.sentTitle'),
          backToSignIn: t('staff.forgot.backToSignIn'),
        }}
        signInPath="/staff"
        send={forgot}
        errorMessage={errorMessage}
        sent={(email) => <p className="notice notice--ok staff-wrap">{t('staff.forgot.sent', { email })}</p>}
      />
    </StaffPage>
  );
}
