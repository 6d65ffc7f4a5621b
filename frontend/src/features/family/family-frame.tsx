import { createContext, useContext, useDeferredValue, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation } from 'react-router';
import { Loading } from '../../components/loading.tsx';
import { useFamilyErrorMessage } from './family-errors.ts';
import {
  useFamilyJustSignedOut,
  useFamilySession,
  useFamilySignOut,
  type GuardianSession,
} from './family-session.ts';
import './family-strings.ts';
import './family.css';
import { LoadError } from '../../components/load-error.tsx';

/** FamilyPage holds every page of the family portal. */
export function FamilyPage({ children }: { children: ReactNode }) {
  return <div className="narrow family">{children}</div>;
}

const GuardianContext = createContext<GuardianSession | null>(null);

/** useGuardianSession is the signed-in guardian's session, inside RequireGuardian. */
export function useGuardianSession(): GuardianSession {
  const session = useContext(GuardianContext);
  if (!session) throw new Error('useGuardianSession must be used inside <RequireGuardian>');
  return session;
}

function FamilyNav() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const signOut = useFamilySignOut();
  const errorMessage = useFamilyErrorMessage();
  const current = (path: string) => (pathname === path ? 'page' : undefined);
  return (
    <nav className="family-nav" aria-label={t('family.nav.label')}>
      <ul>
        <li>
          <Link to="/family/children" aria-current={current('/family/children')}>
            {t('family.nav.children')}
          </Link>
        </li>
        <li>
          <Link to="/family/password" aria-current={current('/family/password')}>
            {t('family.nav.password')}
          </Link>
        </li>
        <li>
          <button
            type="button"
            className="family-nav__sign-out link-button"
            aria-disabled={signOut.isPending || undefined}
            onClick={() => signOut.isPending || signOut.mutate()}
          >
            {signOut.isPending ? t('family.nav.signingOut') : t('family.nav.signOut')}
          </button>
        </li>
      </ul>
      {signOut.isError && (
        <p role="alert" className="alert">
          {errorMessage(signOut.error)}
        </p>
      )}
    </nav>
  );
}

/**
 * RequireGuardian shows its page only to a signed-in guardian, else sends the visitor to the
 * family sign-in (and back afterwards). Each signed-in page wraps itself in it rather than
 * sharing a lazy layout route: the guard costs no extra round trip for its own code.
 */
export function RequireGuardian({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  // As in RequireStudent: the page renders as a deferred update once the session is known.
  const session = useDeferredValue(useFamilySession());
  const justSignedOut = useFamilyJustSignedOut();
  const location = useLocation();
  const errorMessage = useFamilyErrorMessage();

  if (session.isPending) return <Loading />;
  if (session.isError) {
    return (
      <LoadError
        message={errorMessage(session.error)}
        retryLabel={t('family.children.retry')}
        onRetry={() => void session.refetch()}
      />
    );
  }
  if (!session.data) {
    const state = justSignedOut ? undefined : { from: location.pathname + location.search };
    return <Navigate to="/family" replace state={state} />;
  }
  return (
    <GuardianContext value={session.data}>
      <FamilyNav />
      {children}
    </GuardianContext>
  );
}
