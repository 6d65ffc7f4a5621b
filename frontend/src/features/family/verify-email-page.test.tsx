import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../../test/render-app.tsx';
import { api, server } from '../../test/server.ts';
import { answer, refusal } from '../../test/answer.ts';
import { guardianSession, signedIn } from './family-test-api.ts';

/** Opens the emailed link. */
function openLink(token = 'tok-1') {
  return renderApp(`/family/verify-email#token=${token}`);
}

describe('VerifyEmailPage', { timeout: 30_000 }, () => {

  it('confirms the email once and takes the token out of the address bar', async () => {
    const sent = answer('post', '/family/verify-email', [{ status: 204 }]);
    const { router } = openLink();

    const title = await screen.findByRole('heading', { level: 1, name: 'Your email is confirmed' });
    await waitFor(() => expect(title).toHaveFocus());
    expect(screen.getByText('Thank you. You can now link your children to your account.')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Sign in' })).toHaveAttribute('href', '/family');
    expect(sent).toEqual([{ body: { token: 'tok-1' }, query: '', csrf: null }]);
    await waitFor(() => expect(router.state.location.hash).toBe(''));
    expect(router.state.location.pathname).toBe('/family/verify-email');
  });

  it('takes a signed-in guardian straight on to link a child, which no longer asks to confirm', async () => {
    signedIn({ session: guardianSession({ emailVerified: false }) });
    server.use(
      http.post(api('/family/verify-email'), () => {
        signedIn({ session: guardianSession({ emailVerified: true }) });
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const user = userEvent.setup();
    openLink();
    await screen.findByRole('heading', { level: 1, name: 'Your email is confirmed' });
    await user.click(await screen.findByRole('link', { name: 'Link a child' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Link a child' })).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Confirm your email' })).not.toBeInTheDocument());
  });

  it('says an expired or used link cannot work, and how to get a new one', async () => {
    answer('post', '/family/verify-email', [refusal(410, 'link_expired')]);
    openLink();
    expect(
      await screen.findByRole('heading', { level: 1, name: 'This link has expired or was already used' }),
    ).toBeInTheDocument();
    expect(screen.getByText('A link to confirm your email works once, for 48 hours.')).toBeInTheDocument();
    expect(screen.getByText('To get a new link, sign in and choose “Send the link again”.')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Sign in' })).toHaveAttribute('href', '/family');
  });

  it('lets a signed-in guardian ask for a new link from there', async () => {
    signedIn({ session: guardianSession({ emailVerified: false }) });
    answer('post', '/family/verify-email', [refusal(410, 'link_expired')]);
    const until = new Date();
    until.setHours(23, 59, 0, 0);
    const resend = answer('post', '/family/verify-email/resend', [
      { status: 202 },
      refusal(429, 'verification_resend_too_soon', { retryAt: until.toISOString() }),
    ]);
    const user = userEvent.setup();
    openLink();
    await screen.findByRole('heading', { level: 1, name: 'This link has expired or was already used' });
    await user.click(await screen.findByRole('button', { name: 'Send the link again' }));
    expect(await screen.findByText('We sent a new link to maria.lopez@example.com. It works for 48 hours.')).toBeInTheDocument();
    expect(resend[0]?.csrf).toBe('family-csrf-1');

    await user.click(screen.getByRole('button', { name: 'Send the link again' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'We sent you a link a moment ago. Wait a minute, then try again.',
    );
  });

  it('says a link without its token is not complete', async () => {
    const sent = answer('post', '/family/verify-email', [{ status: 204 }]);
    renderApp('/family/verify-email');
    expect(await screen.findByRole('heading', { level: 1, name: 'This link is not complete' })).toBeInTheDocument();
    expect(screen.getByText(/Open the link from the email again/)).toBeInTheDocument();
    expect(sent).toHaveLength(0);
  });

  it('offers to try again when the server could not be reached', async () => {
    const sent = answer('post', '/family/verify-email', [{ status: 503, body: { code: 'unavailable', message: 'Down for a moment.' } }, { status: 204 }]);
    const user = userEvent.setup();
    openLink();
    expect(await screen.findByRole('alert')).toHaveTextContent('Down for a moment.');
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Your email is confirmed' })).toBeInTheDocument();
    expect(sent).toHaveLength(2);
  });
});
