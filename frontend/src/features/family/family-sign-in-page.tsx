import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation } from 'react-router';
import { PageTitle } from '../../components/page-title.tsx';
import { PasswordField } from '../../components/password-field.tsx';
import { TextField } from '../../components/text-field.tsx';
import { useFamilyErrorMessage } from './family-errors.ts';
import { FamilyPage } from './family-frame.tsx';
import { useFamilyJustSignedOut, useFamilySession, useFamilySignIn } from './family-session.ts';

/** destination is where a fresh session goes: back to the family page asked for, else the dashboard. */
function destination(state: unknown): string {
  const from = (state as { from?: unknown } | null)?.from;
  // Only the family portal's own paths: "//host" would name another site.
  if (typeof from === 'string' && /^\/family\/(?![/\\])/.test(from)) return from;
  return '/family/children';
}

type FieldErrors = Partial<Record<'email' | 'password', 'emailRequired' | 'passwordRequired'>>;

export function FamilySignInPage() {
  const { t } = useTranslation();
  const location = useLocation();
  const session = useFamilySession();
  const signIn = useFamilySignIn();
  const justSignedOut = useFamilyJustSignedOut();
  const errorMessage = useFamilyErrorMessage();

  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (signIn.isError) alertRef.current?.focus();
  }, [signIn.isError]);

  if (session.data) return <Navigate to={destination(location.state)} replace />;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (signIn.isPending) return;
    const errors: FieldErrors = {};
    if (email.trim() === '') errors.email = 'emailRequired';
    if (password === '') errors.password = 'passwordRequired';
    setFieldErrors(errors);
    if (errors.email || errors.password) {
      signIn.reset();
      (errors.email ? emailRef : passwordRef).current?.focus();
      return;
    }
    signIn.mutate({ email: email.trim(), password });
  };

  const formErrorId = 'family-sign-in-error';
  const formError = signIn.isError ? errorMessage(signIn.error) : undefined;
  const describedBy = formError ? [formErrorId] : [];

  return (
    <FamilyPage>
      <PageTitle>{t('family.signIn.title')}</PageTitle>
      {justSignedOut && !formError && (
        <p role="status" className="notice">
          {t('family.signIn.signedOut')}
        </p>
      )}
      <p>{t('family.signIn.intro')}</p>
      {formError && (
        <div id={formErrorId} ref={alertRef} role="alert" tabIndex={-1} className="alert">
          {formError}
        </div>
      )}
      <form className="form" noValidate onSubmit={onSubmit}>
        <TextField
          ref={emailRef}
          id="family-email"
          name="email"
          label={t('family.signIn.email')}
          error={fieldErrors.email && t(`family.signIn.errors.${fieldErrors.email}`)}
          describedBy={describedBy}
          invalid={Boolean(formError)}
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
        <PasswordField
          ref={passwordRef}
          id="family-password"
          name="password"
          label={t('family.signIn.password')}
          error={fieldErrors.password && t(`family.signIn.errors.${fieldErrors.password}`)}
          describedBy={describedBy}
          invalid={Boolean(formError)}
          autoComplete="current-password"
          maxLength={1024}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <button type="submit" className="button button--primary" aria-disabled={signIn.isPending || undefined}>
          {signIn.isPending ? t('family.signIn.submitting') : t('family.signIn.submit')}
        </button>
      </form>
      <ul className="family-links">
        <li>
          <Link to="/family/forgot">{t('family.signIn.forgot')}</Link>
        </li>
        <li>
          {t('family.signIn.newHere')} <Link to="/family/register">{t('family.signIn.register')}</Link>
        </li>
        <li>
          {t('family.signIn.student')} <Link to="/">{t('family.signIn.studentLink')}</Link>
        </li>
      </ul>
    </FamilyPage>
  );
}
