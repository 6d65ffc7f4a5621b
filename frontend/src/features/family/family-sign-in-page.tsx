import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation } from 'react-router';
import { PageTitle } from '../../components/page-title.tsx';
import { SignInForm } from '../../components/sign-in-form.tsx';
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

export function FamilySignInPage() {
  const { t } = useTranslation();
  const location = useLocation();
  const session = useFamilySession();
  const signIn = useFamilySignIn();
  const justSignedOut = useFamilyJustSignedOut();
  const errorMessage = useFamilyErrorMessage();

  if (session.data) return <Navigate to={destination(location.state)} replace />;

  const formError = signIn.isError ? errorMessage(signIn.error) : undefined;
  return (
    <FamilyPage>
      <PageTitle>{t('family.signIn.title')}</PageTitle>
      {justSignedOut && !formError && (
        <p role="status" className="notice">
          {t('family.signIn.signedOut')}
        </p>
      )}
      <p>{t('family.signIn.intro')}</p>
      <SignInForm
        identifier={{ kind: 'email', id: 'family-email', label: t('family.signIn.email') }}
        passwordId="family-password"
        passwordLabel={t('family.signIn.password')}
        requiredErrors={{
          identifier: t('family.signIn.errors.emailRequired'),
          password: t('family.signIn.errors.passwordRequired'),
        }}
        submitLabel={t('family.signIn.submit')}
        submittingLabel={t('family.signIn.submitting')}
        pending={signIn.isPending}
        error={formError}
        errorId="family-sign-in-error"
        onSubmit={({ identifier, password }) => signIn.mutate({ email: identifier, password })}
        onInvalid={signIn.reset}
      />
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
