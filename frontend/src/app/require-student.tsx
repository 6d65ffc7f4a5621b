import { useDeferredValue } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation } from 'react-router';
import { Loading } from '../components/loading.tsx';
import { useErrorMessage } from '../lib/error-message.ts';
import { useJustSignedOut, useSession } from '../lib/session.ts';
import { LoadError } from '../components/load-error.tsx';

const changePasswordPath = '/change-password';

/**
 * RequireStudent guards the signed-in pages: without a session it sends the
 * visitor to sign in (and back afterwards); a student who must change the
 * password sees only the change screen until they do.
 */
export function RequireStudent() {
  const { t } = useTranslation();
  // The page behind the guard renders as a deferred update once the session is known: in
  // slices that leave the main thread free (the answer itself comes as an urgent update), and
  // with "Loading…" kept on screen should the page's code still be on its way.
  const session = useDeferredValue(useSession());
  const justSignedOut = useJustSignedOut();
  const location = useLocation();
  const errorMessage = useErrorMessage();

  if (session.isPending) return <Loading />;
  if (session.isError) {
    return (
      <LoadError
        message={errorMessage(session.error)}
        retryLabel={t('account.retry')}
        onRetry={() => void session.refetch()}
      />
    );
  }
  if (!session.data) {
    // After a sign-out, the next person to sign in starts fresh, not on the last page.
    const state = justSignedOut ? undefined : { from: location.pathname + location.search };
    return <Navigate to="/" replace state={state} />;
  }
  if (session.data.account.mustChangePassword && location.pathname !== changePasswordPath) {
    return <Navigate to={changePasswordPath} replace />;
  }
  return <Outlet />;
}
