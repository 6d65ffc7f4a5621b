import { useEffect, useRef, useState, type FormEvent } from 'react';
import { PasswordField } from './password-field.tsx';
import { TextField } from './text-field.tsx';

/** The first field of a sign-in: a student's username or school email, or an email address. */
export interface SignInIdentifier {
  /** 'login' takes a username or an email (a text field); 'email' an email address. */
  kind: 'login' | 'email';
  id: string;
  label: string;
  hint?: string | undefined;
}

export interface SignInCredentials {
  /** What was typed in the first field, without surrounding spaces. */
  identifier: string;
  password: string;
}

export interface SignInFormProps {
  identifier: SignInIdentifier;
  passwordId: string;
  passwordLabel: string;
  /** What each empty field says when the form is sent without it. */
  requiredErrors: { identifier: string; password: string };
  submitLabel: string;
  submittingLabel: string;
  /** A sign-in is on its way: the button says so and a second press does nothing. */
  pending: boolean;
  /** The server's refusal in the reader's words, shown above the form in an alert that takes focus. */
  error?: string | undefined;
  /** The alert's id, which both fields name in aria-describedby while it shows. */
  errorId: string;
  onSubmit(credentials: SignInCredentials): void;
  /** Called when the browser refuses an empty field, so the page can drop an older server refusal. */
  onInvalid(): void;
}

type Missing = Partial<Record<'identifier' | 'password', true>>;

/**
 * SignInForm is the one sign-in form of every audience (students, families, staff): an
 * identifier and a password, an alert for the server's refusal tied to both fields, empty
 * fields explained next to them, and the focus moved to what needs fixing.
 */
export function SignInForm({
  identifier,
  passwordId,
  passwordLabel,
  requiredErrors,
  submitLabel,
  submittingLabel,
  pending,
  error,
  errorId,
  onSubmit,
  onInvalid,
}: SignInFormProps) {
  const [typed, setTyped] = useState('');
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState<Missing>({});
  const identifierRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);

  const hasError = Boolean(error);
  useEffect(() => {
    if (hasError) alertRef.current?.focus();
  }, [hasError]);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (pending) return;
    const next: Missing = {};
    if (typed.trim() === '') next.identifier = true;
    if (password === '') next.password = true;
    setMissing(next);
    if (next.identifier || next.password) {
      onInvalid();
      (next.identifier ? identifierRef : passwordRef).current?.focus();
      return;
    }
    onSubmit({ identifier: typed.trim(), password });
  };

  const describedBy = error ? [errorId] : [];
  const email = identifier.kind === 'email';
  return (
    <>
      {error && (
        <div id={errorId} ref={alertRef} role="alert" tabIndex={-1} className="alert">
          {error}
        </div>
      )}
      <form className="form" noValidate onSubmit={submit}>
        <TextField
          ref={identifierRef}
          id={identifier.id}
          name={identifier.kind}
          label={identifier.label}
          hint={identifier.hint}
          error={missing.identifier && requiredErrors.identifier}
          describedBy={describedBy}
          invalid={hasError}
          type={email ? 'email' : 'text'}
          inputMode={email ? 'email' : undefined}
          autoComplete="username"
          autoCapitalize="none"
          autoCorrect="off"
          spellCheck={false}
          maxLength={254}
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
        />
        <PasswordField
          ref={passwordRef}
          id={passwordId}
          name="password"
          label={passwordLabel}
          error={missing.password && requiredErrors.password}
          describedBy={describedBy}
          invalid={hasError}
          autoComplete="current-password"
          maxLength={1024}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <button type="submit" className="button button--primary" aria-disabled={pending || undefined}>
          {pending ? submittingLabel : submitLabel}
        </button>
      </form>
    </>
  );
}
