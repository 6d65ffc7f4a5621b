import { useTranslation } from 'react-i18next';
import { LinkResetForm } from '../../components/link-reset-form.tsx';
import { useLinkToken } from '../../lib/link-token.ts';
import { useStaffErrorMessage } from './staff-errors.ts';
import { StaffPage } from './staff-frame.tsx';
import { useStaffForgotReset } from './staff-queries.ts';

function ResetPassword({ token }: { token: string | undefined }) {
  const { t } = useTranslation();
  const reset = useStaffForgotReset();
  const errorMessage = useStaffErrorMessage();
  return (
    <LinkResetForm
      token={token}
      idPrefix="staff-reset-password"
      errorId="staff-reset-error"
      words={{
        title: t('staff.resetPassword.title'),
        intro: t('staff.resetPassword.intro'),
        newPassword: t('staff.password.newPassword'),
        confirm: t('staff.password.confirm'),
        submit: t('staff.resetPassword.submit'),
        submitting: t('staff.resetPassword.submitting'),
        goneTitle: t('staff.resetPassword.goneTitle'),
        goneBody: t('staff.resetPassword.goneBody'),
        missingTitle: t('staff.resetPassword.missingTitle'),
        missingBody: t('staff.resetPassword.missingBody'),
        newLink: t('staff.resetPassword.newLink'),
        doneTitle: t('staff.resetPassword.doneTitle'),
        signIn: t('staff.resetPassword.signIn'),
      }}
      done={<p className="notice notice--ok">{t('staff.resetPassword.done')}</p>}
      forgotPath="/staff/forgot"
      signInPath="/staff"
      reset={reset}
      errorMessage={errorMessage}
    />
  );
}

/** StaffResetPasswordPage is where the emailed link `/staff/reset-password#token=…` lands. */
export function StaffResetPasswordPage() {
  const { token, arrival } = useLinkToken();
  return (
    <StaffPage>
      <ResetPassword key={arrival} token={token} />
    </StaffPage>
  );
}
