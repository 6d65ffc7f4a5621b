import { lazy, Suspense, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation } from 'react-router';
import { PageTitle } from '../../components/page-title.tsx';
import { SignInForm } from '../../components/sign-in-form.tsx';
import { useErrorMessage } from '../../lib/error-message.ts';
import { Loading } from '../../components/loading.tsx';
import { useBadgeSignIn, useJustSignedOut, useSession, useSignIn, type Session } from '../../lib/session.ts';

import './badge.css';

// The camera and QR reader load only when a child asks to scan (see BadgeScanner).
const BadgeScanner = lazy(async () => ({ default: (await import('./badge-scanner.tsx')).BadgeScanner }));

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

export function SignInPage() {
  const { t } = useTranslation();
  const location = useLocation();
  const state = (location.state ?? null) as SignInState | null;
  const session = useSession();
  const signIn = useSignIn();
  const justSignedOut = useJustSignedOut();
  const badgeSignIn = useBadgeSignIn();
  const [scanning, setScanning] = useState(false);
  const scanRef = useRef<HTMLButtonElement>(null);
  const errorMessage = useErrorMessage();

  // A badge session cannot change a password: the young student's page is its place.
  if (badgeSignIn.isSuccess) return <Navigate to="/account" replace />;
  // A session, old or just made, leaves this page.
  if (session.data) {
    return <Navigate to={destination(session.data, state)} replace />;
  }

  const formError = signIn.isError ? errorMessage(signIn.error) : undefined;
  return (
    <div className="narrow">
      <PageTitle>{t('signIn.title')}</PageTitle>
      {justSignedOut && !formError && (
        <p role="status" className="notice">
          {t('signIn.signedOut')}
        </p>
      )}
      <p>{t('signIn.intro')}</p>
      <SignInForm
        identifier={{ kind: 'login', id: 'login', label: t('signIn.login'), hint: t('signIn.loginHint') }}
        passwordId="password"
        passwordLabel={t('signIn.password')}
        requiredErrors={{ identifier: t('signIn.errors.loginRequired'), password: t('signIn.errors.passwordRequired') }}
        submitLabel={t('signIn.submit')}
        submittingLabel={t('signIn.submitting')}
        pending={signIn.isPending}
        error={formError}
        errorId="sign-in-error"
        onSubmit={({ identifier, password }) => signIn.mutate({ login: identifier, password })}
        onInvalid={signIn.reset}
      />
      <p className="form-footer">
        <Link to="/forgot">{t('signIn.forgot')}</Link>
      </p>
      {badgeSignIn.isError && (
        <p role="alert" className="alert">
          {errorMessage(badgeSignIn.error)}
        </p>
      )}
      {badgeSignIn.isPending ? (
        <p role="status">{t('badge.signingIn')}</p>
      ) : scanning ? (
        <Suspense fallback={<Loading />}>
          <BadgeScanner
            onToken={(token) => {
              setScanning(false);
              badgeSignIn.mutate(token);
            }}
            onCancel={() => {
              setScanning(false);
              // Back where the child was, not at the top of the page.
              requestAnimationFrame(() => scanRef.current?.focus());
            }}
          />
        </Suspense>
      ) : (
        <p className="young-ways">
          <button
            ref={scanRef}
            type="button"
            className="button button--badge"
            onClick={() => {
              badgeSignIn.reset();
              setScanning(true);
            }}
          >
            {t('badge.scanButton')}
          </button>
          <Link to="/pictures" className="button button--badge">
            {t('pictureSignIn.signInLink')}
          </Link>
        </p>
      )}
      <p>
        {t('signIn.familyPrompt')} <Link to="/family">{t('signIn.familyLink')}</Link>
      </p>
    </div>
  );
}
