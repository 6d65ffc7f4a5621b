import { useMemo, useState, type FormEvent } from 'react';
import type { UseMutationResult } from '@tanstack/react-query';
import type { components } from '../api/schema';
import { ApiError, detailsOf, type RuleViolation } from '../lib/api-error.ts';
import type { PasswordContext } from '../lib/password-rules.ts';
import { useRefusalFocus } from '../lib/refusal-focus.ts';
import { NewPasswordFields, usePasswordVerdict } from './new-password-fields.tsx';
import { PasswordField } from './password-field.tsx';

export type ChangePasswordBody = components['schemas']['ChangePasswordRequest'];

/** The words of the change-password form, in its area's voice. */
export interface ChangePasswordWords {
  current: string;
  currentHint?: string | undefined;
  currentRequired: string;
  currentWrong: string;
  newPassword: string;
  confirm: string;
  submit: string;
  submitting: string;
}

export interface ChangePasswordFormProps {
  /** The account's sign-in name, for password managers to update the right entry. */
  username: string;
  /** Username and names for the "not your name" rules (an email's first part stands for a username). */
  context: PasswordContext;
  change: UseMutationResult<unknown, Error, ChangePasswordBody>;
  words: ChangePasswordWords;
  /** Ids: `${idPrefix}-current`, `${idPrefix}-new`, `${idPrefix}-confirm`, `${idPrefix}-error`. */
  idPrefix: string;
  errorMessage(error: unknown): string;
  /** Called once the password is changed; the form is empty again by then. */
  onChanged?: (() => void) | undefined;
}

function isAboutCurrent(detail: RuleViolation): boolean {
  return detail.rule === 'current_password' || detail.field === 'currentPassword';
}

/**
 * ChangePasswordForm changes a signed-in adult's own password (a guardian's, a staff member's):
 * the current one, then a new one with the live checklist. A wrong current password shows at
 * its field, the rules' refusals at theirs, anything else in the form's alert.
 */
export function ChangePasswordForm({ username, context, change, words, idPrefix, errorMessage, onChanged }: ChangePasswordFormProps) {
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const { formRef, alertRef, refused } = useRefusalFocus();
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
          onChanged?.();
        },
      },
    );
  };

  const details = detailsOf(change.error);
  const wrongCode = change.error instanceof ApiError && change.error.code === 'current_password_wrong';
  // Until the current password is edited.
  const wrongCurrent = (details.some(isAboutCurrent) || wrongCode) && current === change.variables?.currentPassword;
  // The same list while the answer stays: the fields drop a refusal once its field is edited.
  const passwordErrors = useMemo(() => details.filter((d) => !isAboutCurrent(d)), [details]);
  const currentError = wrongCurrent ? words.currentWrong : submitted && current === '' ? words.currentRequired : undefined;
  const formError = change.isError && details.length === 0 && !wrongCode ? errorMessage(change.error) : undefined;
  return (
    <>
      {formError && (
        <div id={`${idPrefix}-error`} ref={alertRef} role="alert" tabIndex={-1} className="alert">
          {formError}
        </div>
      )}
      <form ref={formRef} className="form" noValidate onSubmit={onSubmit}>
        {/* A username field lets password managers update the right account. */}
        <input type="text" name="username" autoComplete="username" value={username} readOnly hidden />
        <PasswordField
          id={`${idPrefix}-current`}
          name="currentPassword"
          label={words.current}
          hint={words.currentHint}
          error={currentError}
          autoComplete="current-password"
          maxLength={1024}
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
        />
        <NewPasswordFields
          idPrefix={idPrefix}
          password={password}
          onPasswordChange={setPassword}
          confirm={confirm}
          onConfirmChange={setConfirm}
          context={context}
          serverErrors={passwordErrors}
          submitted={submitted}
          labels={{ password: words.newPassword, confirm: words.confirm }}
          audience={{ kind: 'guardian' }}
        />
        <button type="submit" className="button button--primary" aria-disabled={change.isPending || undefined}>
          {change.isPending ? words.submitting : words.submit}
        </button>
      </form>
    </>
  );
}
