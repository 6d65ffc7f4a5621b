import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type { UseMutationResult } from '@tanstack/react-query';
import type { components } from '../api/schema';
import { ApiError, detailsOf, type RuleViolation } from '../lib/api-error.ts';
import type { PasswordContext } from '../lib/password-rules.ts';
import { useRefusalFocus } from '../lib/refusal-focus.ts';
import { NewPasswordFields, usePasswordVerdict, type PasswordAudience } from './new-password-fields.tsx';
import { PasswordField } from './password-field.tsx';

/**
 * ChangePasswordBody is what the form sends. The current password is left out only where the
 * form was told it may be (`currentOptional`); an adult's own change always sends it.
 */
export type ChangePasswordBody = components['schemas']['StudentChangePasswordRequest'];

/** withCurrent is the body for an endpoint that always needs the current password. */
export function withCurrent(body: ChangePasswordBody): components['schemas']['ChangePasswordRequest'] {
  return { ...body, currentPassword: body.currentPassword ?? '' };
}

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
  /** Whose password it is, for the checklist's words; an adult's own by default. */
  audience?: PasswordAudience | undefined;
  /**
   * The server may take the change without the current password (a student who must change the
   * password they signed in with seconds ago): the field stays hidden until the server asks.
   */
  currentOptional?: boolean | undefined;
}

function isAboutCurrent(detail: RuleViolation): boolean {
  return detail.rule === 'current_password' || detail.field === 'currentPassword';
}

const guardian: PasswordAudience = { kind: 'guardian' };

/**
 * ChangePasswordForm changes a signed-in person's own password (a student's, a guardian's, a
 * staff member's): the current one, then a new one with the live checklist. A wrong current
 * password shows at its field, the rules' refusals at theirs, anything else in the form's alert.
 */
export function ChangePasswordForm({
  username,
  context,
  change,
  words,
  idPrefix,
  errorMessage,
  onChanged,
  audience = guardian,
  currentOptional = false,
}: ChangePasswordFormProps) {
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [submitted, setSubmitted] = useState(false);
  // Set once the server asked for the current password the form had left out.
  const [asked, setAsked] = useState(false);
  const askCurrent = !currentOptional || asked;
  const currentRef = useRef<HTMLInputElement>(null);
  const { formRef, alertRef, refused } = useRefusalFocus();
  const verdict = usePasswordVerdict(password, confirm, context);

  // The field appears when the server asked for it: the person goes straight to it.
  useEffect(() => {
    if (asked) currentRef.current?.focus();
  }, [asked]);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (change.isPending) return;
    setSubmitted(true);
    if ((askCurrent && current === '') || !verdict.ok) {
      change.reset();
      refused();
      return;
    }
    change.mutate(
      { ...(askCurrent ? { currentPassword: current } : {}), newPassword: password, confirmPassword: confirm },
      {
        onError: (error) => {
          if (!askCurrent && detailsOf(error).some(isAboutCurrent)) {
            change.reset();
            setAsked(true);
            return;
          }
          refused();
        },
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
  const currentError = wrongCurrent ? words.currentWrong : (submitted || asked) && current === '' ? words.currentRequired : undefined;
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
        {askCurrent && (
          <PasswordField
            ref={currentRef}
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
        )}
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
          audience={audience}
        />
        <button type="submit" className="button button--primary" aria-disabled={change.isPending || undefined}>
          {change.isPending ? words.submitting : words.submit}
        </button>
      </form>
    </>
  );
}
