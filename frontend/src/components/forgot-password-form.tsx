import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Link } from 'react-router';
import type { UseMutationResult } from '@tanstack/react-query';
import { useFocusTitle } from '../lib/focus-title.ts';
import { PageTitle } from './page-title.tsx';
import { TextField } from './text-field.tsx';

/** The words of a forgot-password page, in its area's voice. */
export interface ForgotPasswordWords {
  title: string;
  intro: string;
  email: string;
  emailRequired: string;
  submit: string;
  submitting: string;
  sentTitle: string;
  backToSignIn: string;
}

export interface ForgotPasswordFormProps {
  /** Ids: `${idPrefix}-email` for the field, `${idPrefix}-error` for the alert. */
  idPrefix: string;
  words: ForgotPasswordWords;
  signInPath: string;
  /** Sends the link to the typed (trimmed) address. */
  send: UseMutationResult<unknown, Error, string>;
  errorMessage(error: unknown): string;
  /** A check of the address's form before asking the server, and its refusal, if the area has one. */
  format?: { ok(email: string): boolean; error: string } | undefined;
  /** What the page says once the link is sent; again() brings the form back to send a new one. */
  sent(email: string, again: () => void): ReactNode;
}

function BackToSignIn({ to, label }: { to: string; label: string }) {
  return (
    <p className="form-footer">
      <Link to={to}>{label}</Link>
    </p>
  );
}

function Sent({ email, title, children }: { email: string; title: string; children: ReactNode }) {
  useFocusTitle(email);
  return (
    <>
      <PageTitle>{title}</PageTitle>
      {children}
    </>
  );
}

/**
 * ForgotPasswordForm asks for an account's email and has a link to choose a new password sent
 * there, for any area (staff, family). The server answers the same whether the address has an
 * account or not, so the page says so in the same words either way.
 */
export function ForgotPasswordForm({ idPrefix, words, signInPath, send, errorMessage, format, sent }: ForgotPasswordFormProps) {
  const [email, setEmail] = useState('');
  const [fieldError, setFieldError] = useState<'required' | 'format'>();
  const [sentTo, setSentTo] = useState<string>();
  const inputRef = useRef<HTMLInputElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);

  // Bumped by again(): the form comes back with the address, ready to send again.
  const [again, setAgain] = useState(0);

  useEffect(() => {
    if (send.isError) alertRef.current?.focus();
  }, [send.isError]);

  useEffect(() => {
    if (again > 0) inputRef.current?.focus();
  }, [again]);

  const backToSignIn = <BackToSignIn to={signInPath} label={words.backToSignIn} />;
  if (sentTo) {
    const onAgain = () => {
      send.reset();
      setSentTo(undefined);
      setAgain((n) => n + 1);
    };
    return (
      <Sent email={sentTo} title={words.sentTitle}>
        {sent(sentTo, onAgain)}
        {backToSignIn}
      </Sent>
    );
  }

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (send.isPending) return;
    const typed = email.trim();
    const error = typed === '' ? 'required' : format && !format.ok(typed) ? 'format' : undefined;
    setFieldError(error);
    if (error) {
      send.reset();
      inputRef.current?.focus();
      return;
    }
    send.mutate(typed, { onSuccess: () => setSentTo(typed) });
  };

  const formErrorId = `${idPrefix}-error`;
  const formError = send.isError ? errorMessage(send.error) : undefined;
  return (
    <>
      <PageTitle>{words.title}</PageTitle>
      <p>{words.intro}</p>
      {formError && (
        <div id={formErrorId} ref={alertRef} role="alert" tabIndex={-1} className="alert">
          {formError}
        </div>
      )}
      <form className="form" noValidate onSubmit={onSubmit}>
        <TextField
          ref={inputRef}
          id={`${idPrefix}-email`}
          name="email"
          label={words.email}
          error={fieldError === 'required' ? words.emailRequired : fieldError === 'format' ? format?.error : undefined}
          describedBy={formError ? [formErrorId] : []}
          type="email"
          inputMode="email"
          autoComplete="username"
          autoCapitalize="none"
          autoCorrect="off"
          spellCheck={false}
          maxLength={254}
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <button type="submit" className="button button--primary" aria-disabled={send.isPending || undefined}>
          {send.isPending ? words.submitting : words.submit}
        </button>
      </form>
      {backToSignIn}
    </>
  );
}
