import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { PageTitle } from '../../components/page-title.tsx';
import './badge.css';
import { useErrorMessage } from '../../lib/error-message.ts';
import { useBadgeSignIn } from '../../lib/session.ts';
import { badgePath, tokenFromHash } from './badge-url.ts';

/**
 * BadgePage is where a badge's QR leads (`/badge#token`). The token is in the fragment so it
 * never reaches a server log; the page takes it off the address bar at once (so it is not in
 * history, a bookmark or over a shoulder) and signs in with it.
 */
export function BadgePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  // Read once, before the address bar is cleared below.
  const [token] = useState(() => tokenFromHash(window.location.hash));
  const signIn = useBadgeSignIn();
  const errorMessage = useErrorMessage();
  const sent = useRef(false);

  useEffect(() => {
    // Straight on the browser's history, not through the router: a navigation would remount
    // the page. Replaced, not pushed: Back must not bring the token back either.
    if (window.location.hash) window.history.replaceState(window.history.state, '', badgePath);
    if (token && !sent.current) {
      sent.current = true;
      signIn.mutate(token, { onSuccess: () => void navigate('/account', { replace: true }) });
    }
  }, [token, signIn, navigate]);

  return (
    <div className="narrow">
      <PageTitle>{t('badge.pageTitle')}</PageTitle>
      <div role="status">{signIn.isPending && <p>{t('badge.signingIn')}</p>}</div>
      {(signIn.isError || !token) && (
        <>
          <p role="alert" className="alert alert--big">
            {token ? errorMessage(signIn.error) : t('badge.missing')}
          </p>
          <p>
            <Link to="/" className="button button--primary">
              {t('badge.toSignIn')}
            </Link>
          </p>
        </>
      )}
    </div>
  );
}
