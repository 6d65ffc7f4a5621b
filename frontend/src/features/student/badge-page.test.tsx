import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { answer, refusal } from '../../test/answer.ts';
import { renderApp } from '../../test/render-app.tsx';
import { api, server } from '../../test/server.ts';
import { account, session } from './test-data.ts';

const token = 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcde';

// A badge session is never held to a pending password change (the server's rule): its
// account says mustChangePassword false, so the guard never sends the child to change it.
const badgeSession = () => session(false);

/** openBadge opens the app at /badge with the token in the browser's address, as a scan does. */
function openBadge(hash: string) {
  window.history.replaceState(null, '', `/badge${hash}`);
  return renderApp('/badge');
}

/** signedOutUntilBadge: no session until the badge's sign-in makes one (it is cached then). */
function signedOutUntilBadge() {
  server.use(
    http.get(api('/session'), () => new HttpResponse(null, { status: 204 })),
    http.get(api('/me/account'), () =>
      HttpResponse.json({ ...account, grade: 0, selfResetEligible: false, signedInWith: 'badge' }),
    ),
  );
}

describe('BadgePage', () => {
  it('clears the token from the address at once, signs in with it and shows the young student’s page', async () => {
    signedOutUntilBadge();
    const seen = answer('post', '/session/badge', [{ status: 200, body: badgeSession() }]);
    const { router } = openBadge(`#${token}`);

    expect(await screen.findByText('Hi, John! You are in.')).toBeInTheDocument();
    expect(seen.map((s) => s.body)).toEqual([{ token }]);
    expect(router.state.location.pathname).toBe('/account');
    expect(window.location.hash).toBe('');
    expect(window.location.pathname).toBe('/badge');
    // A badge session has no change screen: a grown-up does that.
    expect(screen.queryByRole('link', { name: /change/i })).not.toBeInTheDocument();
    expect(screen.getByText('Your teacher can help you, and can give you a new badge.')).toBeInTheDocument();
    expect(screen.getByText('Your family can help you at home.')).toBeInTheDocument();
  });

  it('says in a child’s words that a revoked or unknown badge does not work', async () => {
    signedOutUntilBadge();
    answer('post', '/session/badge', [refusal(401, 'badge_invalid')]);
    openBadge(`#${token}`);

    expect(await screen.findByRole('alert')).toHaveTextContent('This badge does not work any more. Ask your teacher for a new one.');
    expect(window.location.hash).toBe('');
    expect(screen.getByRole('link', { name: 'Go to sign in' })).toHaveAttribute('href', '/');
  });

  it('says when to scan again after too many tries', async () => {
    signedOutUntilBadge();
    answer('post', '/session/badge', [refusal(429, 'badge_throttled', { retryAt: '2030-01-01T10:30:00Z' })]);
    openBadge(`#${token}`);

    expect(await screen.findByRole('alert')).toHaveTextContent(/^Too many tries\. Wait a minute, then scan again\. You can try again/);
  });

  it('sends nothing for a link without a token', async () => {
    signedOutUntilBadge();
    const seen = answer('post', '/session/badge', [{ status: 500 }]);
    openBadge('#short');

    expect(await screen.findByRole('alert')).toHaveTextContent('This badge link is not complete. Scan your badge again.');
    expect(seen).toHaveLength(0);
  });

  it('speaks Spanish', async () => {
    signedOutUntilBadge();
    answer('post', '/session/badge', [refusal(401, 'badge_invalid')]);
    window.localStorage.setItem('portal.language', 'es');
    try {
      openBadge(`#${token}`);
      expect(await screen.findByRole('alert')).toHaveTextContent('Esta tarjeta ya no funciona. Pide una nueva a tu maestro.');
    } finally {
      window.localStorage.removeItem('portal.language');
    }
  });
});
