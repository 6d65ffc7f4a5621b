import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { NewPasswordFields, usePasswordVerdict } from '../../components/new-password-fields.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { ApiError, type RuleViolation } from '../../lib/api-error.ts';
import { useErrorMessage } from '../../lib/error-message.ts';
import { useRefusalFocus } from '../../lib/refusal-focus.ts';
import { useResetForgot } from './forgot-queries.ts';
import { SignInLink } from './sign-in-link.tsx';

interface NewPasswordStepProps {
  /** The username as typed at the start, so the checklist can refuse a password containing it. */
  username: string;
  resetToken: string;
  onChanged(): void;
  /** Shows the page for a refusal that ends the flow; false when the error is not one. */
  onRefused(error: unknown): boolean;
}

export function NewPasswordStep({ username, resetToken, onChanged, onRefused }: NewPasswordStepProps) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const reset = useResetForgot();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<readonly RuleViolation[]>([]);
  const [problem, setProblem] = useState<unknown>();
  // Bumped on every refused submit, so focus moves even when the refusal is the same as before.
  const { formRef, alertRef, refused } = useRefusalFocus();
  const context = useMemo(() => ({ username }), [username]);
  const verdict = usePasswordVerdict(password, confirm, context);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (reset.isPending) return;
    setSubmitted(true);
    setProblem(undefined);
    if (!verdict.ok) {
      refused();
      return;
    }
    reset.mutate(
      { resetToken, newPassword: password, confirmPassword: confirm },
      {
        onSuccess: onChanged,
        onError: (error) => {
          if (onRefused(error)) return;
          if (error instanceof ApiError && error.code === 'password_rules' && error.details.length > 0) {
            setServerErrors(error.details);
          } else {
            setProblem(error);
          }
          refused();
        },
      },
    );
  };

  const formErrorId = 'forgot-new-password-problem';
  const formError = problem === undefined ? undefined : errorMessage(problem);

  return (
    <>
      <PageTitle>{t('forgot.newPassword.title')}</PageTitle>
      <p>{t('forgot.newPassword.intro')}</p>
      {formError && (
        <div id={formErrorId} ref={alertRef} role="alert" tabIndex={-1} className="alert">
          {formError}
        </div>
      )}
      <form ref={formRef} className="form" noValidate onSubmit={onSubmit}>
        {/* A username field lets password managers save the new password under the right account. */}
        <input type="text" name="username" autoComplete="username" value={username} readOnly hidden />
        <NewPasswordFields
          idPrefix="forgot-new"
          password={password}
          onPasswordChange={setPassword}
          confirm={confirm}
          onConfirmChange={setConfirm}
          context={context}
          serverErrors={serverErrors}
          submitted={submitted}
        />
        <button type="submit" className="button button--primary" aria-disabled={reset.isPending || undefined}>
          {reset.isPending ? t('forgot.newPassword.submitting') : t('forgot.newPassword.submit')}
        </button>
      </form>
      <SignInLink />
    </>
  );
}
