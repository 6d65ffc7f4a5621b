import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { NewPasswordFields, usePasswordVerdict } from '../../components/new-password-fields.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { PasswordField } from '../../components/password-field.tsx';
import { ApiError, detailsOf, type RuleViolation } from '../../lib/api-error.ts';
import { useRefusalFocus } from '../../lib/refusal-focus.ts';
import { useStaffErrorMessage } from './staff-errors.ts';
import { RequireStaff, StaffPage, useStaffMember } from './staff-frame.tsx';
import { useChangeStaffPassword } from './staff-queries.ts';

function isAboutCurrent(detail: RuleViolation): boolean {
  return detail.rule === 'current_password' || detail.field === 'currentPassword';
}

function ChangePassword() {
  const { t } = useTranslation();
  const staff = useStaffMember();
  const change = useChangeStaffPassword();
  const errorMessage = useStaffErrorMessage();
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const { formRef, alertRef, refused } = useRefusalFocus();
  // The email's first part stands for a username in the "not your name" rule.
  const context = useMemo(
    () => ({ username: staff.email.split('@')[0], names: [staff.firstName, staff.lastName] }),
    [staff.email, staff.firstName, staff.lastName],
  );
  const verdict = usePasswordVerdict(password, confirm, context);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (change.isPending) return;
    setSubmitted(true);
    if (current === '' || !verdict.ok) {
      change.reset();
      refused();
      return;
    }
    change.mutate(
      { currentPassword: current, newPassword: password, confirmPassword: confirm },
      {
        onError: refused,
        onSuccess: () => {
          setCurrent('');
          setPassword('');
          setConfirm('');
          setSubmitted(false);
        },
      },
    );
  };

  const details = detailsOf(change.error);
  const wrongCode = change.error instanceof ApiError && change.error.code === 'current_password_wrong';
  const wrongCurrent = (details.some(isAboutCurrent) || wrongCode) && current === change.variables?.currentPassword;
  // The same list while the answer stays: the fields drop a refusal once its field is edited.
  const passwordErrors = useMemo(() => details.filter((d) => !isAboutCurrent(d)), [details]);
  const currentError = wrongCurrent
    ? t('staff.codes.current_password_wrong')
    : submitted && current === ''
      ? t('staff.signIn.errors.passwordRequired')
      : undefined;
  const formError =
    change.isError && details.length === 0 && !wrongCode
      ? errorMessage(change.error)
      : undefined;
  return (
    <>
      <PageTitle>{t('staff.password.title')}</PageTitle>
      {change.isSuccess && (
        <p role="status" className="notice notice--ok">
          {t('staff.password.done')}
        </p>
      )}
      {formError && (
        <div id="staff-password-error" ref={alertRef} role="alert" tabIndex={-1} className="alert">
          {formError}
        </div>
      )}
      <form ref={formRef} className="form" noValidate onSubmit={onSubmit}>
        <input type="text" name="username" autoComplete="username" value={staff.email} readOnly hidden />
        <PasswordField
          id="staff-current-password"
          label={t('staff.password.current')}
          autoComplete="current-password"
          maxLength={1024}
          error={currentError}
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
        />
        <NewPasswordFields
          idPrefix="staff-password"
          password={password}
          onPasswordChange={setPassword}
          confirm={confirm}
          onConfirmChange={setConfirm}
          context={context}
          serverErrors={passwordErrors}
          submitted={submitted}
          labels={{ password: t('staff.password.newPassword'), confirm: t('staff.password.confirm') }}
          audience={{ kind: 'guardian' }}
        />
        <button type="submit" className="button button--primary" aria-disabled={change.isPending || undefined}>
          {change.isPending ? t('staff.password.submitting') : t('staff.password.submit')}
        </button>
      </form>
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
