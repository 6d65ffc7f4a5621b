import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { NewPasswordFields, usePasswordVerdict } from '../../components/new-password-fields.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { useLinkToken } from '../../lib/link-token.ts';
import { useRefusalFocus } from '../../lib/refusal-focus.ts';
import { detailsOf, isRefusal, useStaffErrorMessage } from './staff-errors.ts';
import { StaffPage, useFocusTitle } from './staff-frame.tsx';
import { useStaffForgotReset } from './staff-queries.ts';

// Who the link is for is not known here: the checklist checks the rules without names.
const noContext = {};

function LinkProblem({ kind }: { kind: 'gone' | 'missing' }) {
  const { t } = useTranslation();
  useFocusTitle(kind);
  return (
    <>
      <PageTitle>{kind === 'gone' ? t('staff.resetPassword.goneTitle') : t('staff.resetPassword.missingTitle')}</PageTitle>
      <p>{kind === 'gone' ? t('staff.resetPassword.goneBody') : t('staff.resetPassword.missingBody')}</p>
      <p>
        <Link className="button button--primary" to="/staff/forgot">
          {t('staff.resetPassword.newLink')}
        </Link>
      </p>
    </>
  );
}

function Done() {
  const { t } = useTranslation();
  useFocusTitle(true);
  return (
    <>
      <PageTitle>{t('staff.resetPassword.doneTitle')}</PageTitle>
      <p className="notice notice--ok">{t('staff.resetPassword.done')}</p>
      <p>
        <Link className="button button--primary" to="/staff">
          {t('staff.resetPassword.signIn')}
        </Link>
      </p>
    </>
  );
}

function ResetPassword({ token }: { token: string | undefined }) {
  const { t } = useTranslation();
  const reset = useStaffForgotReset();
  const errorMessage = useStaffErrorMessage();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const { formRef, alertRef, refused } = useRefusalFocus();
  const verdict = usePasswordVerdict(password, confirm, noContext);

  // A token the server cannot read (400) is a link cut short.
  if (!token || isRefusal(reset.error, 400)) return <LinkProblem kind="missing" />;
  if (isRefusal(reset.error, 410)) return <LinkProblem kind="gone" />;
  if (reset.isSuccess) return <Done />;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (reset.isPending) return;
    setSubmitted(true);
    if (!verdict.ok) {
      reset.reset();
      refused();
      return;
    }
    reset.mutate({ token, newPassword: password, confirmPassword: confirm }, { onError: refused });
  };

  const details = detailsOf(reset.error);
  const formError = reset.isError && details.length === 0 ? errorMessage(reset.error) : undefined;
  return (
    <>
      <PageTitle>{t('staff.resetPassword.title')}</PageTitle>
      <p>{t('staff.resetPassword.intro')}</p>
      {formError && (
        <div id="staff-reset-error" ref={alertRef} role="alert" tabIndex={-1} className="alert">
          {formError}
        </div>
      )}
      <form ref={formRef} className="form" noValidate onSubmit={onSubmit}>
        <NewPasswordFields
          idPrefix="staff-reset-password"
          password={password}
          onPasswordChange={setPassword}
          confirm={confirm}
          onConfirmChange={setConfirm}
          context={noContext}
          serverErrors={details}
          submitted={submitted}
          labels={{ password: t('staff.password.newPassword'), confirm: t('staff.password.confirm') }}
          audience={{ kind: 'guardian' }}
        />
        <button type="submit" className="button button--primary" aria-disabled={reset.isPending || undefined}>
          {reset.isPending ? t('staff.resetPassword.submitting') : t('staff.resetPassword.submit')}
        </button>
      </form>
    </>
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
