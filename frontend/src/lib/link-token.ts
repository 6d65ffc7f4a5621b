import { useEffect, useState } from 'react';
import { useLocation, useNavigate, type Location } from 'react-router';

function tokenOf(hash: string): string | undefined {
  return new URLSearchParams(hash.replace(/^#/, '')).get('token')?.trim() || undefined;
}

export interface LinkToken {
  /** The emailed link's token, if the address brought one. */
  token: string | undefined;
  /**
   * Counts the times the address brought a token: the link opened again in the same tab (a
   * fragment navigation, no reload) is a new start, so a page keys its content on this.
   */
  arrival: number;
}

/**
 * useLinkToken reads the token of an emailed link (`…#token=…`: a fragment never reaches a
 * server or its logs) and takes it out of the address bar, so it stays out of the history and
 * off a shared screen.
 */
export function useLinkToken(): LinkToken {
  const location = useLocation();
  const navigate = useNavigate();
  const [seen, setSeen] = useState<{ location: Location; link: LinkToken }>(() => ({
    location,
    link: { token: tokenOf(location.hash), arrival: 0 },
  }));
  let link = seen.link;
  if (seen.location !== location) {
    const token = tokenOf(location.hash);
    if (token) link = { token, arrival: link.arrival + 1 };
    setSeen({ location, link });
  }
  useEffect(() => {
    // Through the router (history.replaceState underneath), so that it knows the address has no
    // token any more and sees the link opened again as a change.
    if (location.hash !== '') {
      void navigate({ pathname: location.pathname, search: location.search }, { replace: true, state: location.state });
    }
  }, [location, navigate]);
  return link;
}
