import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ChangePasswordForm } from '../../components/change-password-form.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { useStaffErrorMessage } from './staff-errors.ts';
import { RequireStaff, StaffPage, useStaffMember } from './staff-frame.tsx';
import { useChangeStaffPassword } from './staff-queries.ts';

function ChangePassword() {
  const { t } = useTranslation();
  const staff = useStaffMember();
  const change = useChangeStaffPassword();
  const errorMessage = useStaffErrorMessage();
  // The email's first part stands for a username in the "not your name" rule.
  const context = useMemo(
    () => ({ username: staff.email.split('@')[0], names: [staff.firstName, staff.lastName] }),
    [staff.email, staff.firstName, staff.lastName],
  );
  return (
    <>
      <PageTitle>{t('staff.password.title')}</PageTitle>
      {change.isSuccess && (
        <p role="status" className="notice notice--ok">
          {t('staff.password.done')}
        </p>
      )}
      <ChangePasswordForm
        username={staff.email}
        context={context}
        change={change}
        words={{
          current: t('staff.password.current'),
          currentRequired: t('staff.signIn.errors.passwordRequired'),
          currentWrong: t('staff.codes.current_password_wrong'),
          newPassword: t('staff.password.newPassword'),
          confirm: t('staff.password.confirm'),
          submit: t('staff.password.submit'),
          submitting: t('staff.password.submitting'),
        }}
        idPrefix="staff-password"
        errorMessage={errorMessage}
      />
    </>
  );
}

/** StaffPasswordPage changes the signed-in staff member's own password. */
export function StaffPasswordPage() {
  return (
    <StaffPage>
      <RequireStaff>
        <ChangePassword />
      </RequireStaff>
    </StaffPage>
  );
}
