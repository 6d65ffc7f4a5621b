import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation } from 'react-router';
import { PageTitle } from '../../components/page-title.tsx';
import { PasswordField } from '../../components/password-field.tsx';
import { TextField } from '../../components/text-field.tsx';
import { useErrorMessage } from '../../lib/error-message.ts';
import { useJustSignedOut, useSession, useSignIn, type Session } from '../../lib/session.ts';

interface SignInState {
  from?: unknown;
}

/** destination is where a fresh session goes: the change screen first if the school asks for it. */
function destination(session: Session, state: SignInState | null): string {
  if (session.account.mustChangePassword) return '/change-password';
  const from = state?.from;
  // Only same-app paths: "//host" (or "/\host") would name another site.
  if (typeof from === 'string' && /^\/(?![/\\])/.test(from) && from !== '/') return from;
  return '/account';
}

type FieldErrors = Partial<Record<'login' | 'password', 'loginRequired' | 'passwordRequired'>>;

export function SignInPage() {
  const { t } = useTranslation();
  const location = useLocation();
  const state = (location.state ?? null) as SignInState | null;
  const session = useSession();
  const signIn = useSignIn();
  const justSignedOut = useJustSignedOut();
  const errorMessage = useErrorMessage();

  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const loginRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (signIn.isError) alertRef.current?.focus();
  }, [signIn.isError]);

  // A session, old or just made, leaves this page.
  if (session.data) {
    return <Navigate to={destination(session.data, state)} replace />;
  }

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (signIn.isPending) return;
    const errors: FieldErrors = {};
    if (login.trim() === '') errors.login = 'loginRequired';
    if (password === '') errors.password = 'passwordRequired';
    setFieldErrors(errors);
    if (errors.login || errors.password) {
      signIn.reset();
      (errors.login ? loginRef : passwordRef).current?.focus();
      return;
    }
    signIn.mutate({ login: login.trim(), password });
  };

  const formErrorId = 'sign-in-error';
  const formError = signIn.isError ? errorMessage(signIn.error) : undefined;
  const describedBy = formError ? [formErrorId] : [];

  return (
    <div className="narrow">
      <PageTitle>{t('signIn.title')}</PageTitle>
      {justSignedOut && !formError && (
        <p role="status" className="notice">
          {t('signIn.signedOut')}
        </p>
      )}
      <p>{t('signIn.intro')}</p>
      {formError && (
        <div id={formErrorId} ref={alertRef} role="alert" tabIndex={-1} className="alert">
          {formError}
        </div>
      )}
      <form className="form" noValidate onSubmit={onSubmit}>
        <TextField
          ref={loginRef}
          id="login"
          name="login"
          label={t('signIn.login')}
          hint={t('signIn.loginHint')}
          error={fieldErrors.login && t(`signIn.errors.${fieldErrors.login}`)}
          describedBy={describedBy}
          invalid={Boolean(formError)}
          type="text"
          autoComplete="username"
          autoCapitalize="none"
          autoCorrect="off"
          spellCheck={false}
          maxLength={254}
          value={login}
          onChange={(e) => setLogin(e.target.value)}
        />
        <PasswordField
          ref={passwordRef}
          id="password"
          name="password"
          label={t('signIn.password')}
          error={fieldErrors.password && t(`signIn.errors.${fieldErrors.password}`)}
          describedBy={describedBy}
          invalid={Boolean(formError)}
          autoComplete="current-password"
          maxLength={1024}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <button type="submit" className="button button--primary" aria-disabled={signIn.isPending || undefined}>
          {signIn.isPending ? t('signIn.submitting') : t('signIn.submit')}
        </button>
      </form>
      <p className="form-footer">
        <Link to="/forgot">{t('signIn.forgot')}</Link>
      </p>
      <p>
        {t('signIn.familyPrompt')} <Link to="/family">{t('signIn.familyLink')}</Link>
      </p>
    </div>
  );
}
