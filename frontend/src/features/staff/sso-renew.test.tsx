import { screen, waitFor, within } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { refusal } from '../../test/answer.ts';
import { renderApp } from '../../test/render-app.tsx';
import { api, server, testDistrict } from '../../test/server.ts';
import { answerUpload, setupAdmin, setupApi, zipFile } from './setup-test-data.ts';
import { ssoRenewHref } from './sso-renewal.tsx';
import { signedIn, staffSession } from './staff-test-api.ts';

const page = '/staff/district/setup';
const renewHref = '/api/v1/staff/sso/start?purpose=renew&return=%2Fstaff%2Fdistrict%2Fsetup';

/** An admin who signs in through the provider only: no authenticator, no recovery codes, no passkey. */
const ssoOnlyAdmin = staffSession({ ...setupAdmin.staff, secondFactors: { totp: false, passkeys: 0, recoveryCodesLeft: 0 } });

function withProvider() {
  server.use(http.get(api('/district'), () => HttpResponse.json({ ...testDistrict, staffSignOn: 'Riverside Google' })));
}

/** staleUpload checks a file and gets 403 second_factor_stale: the page asks to renew. */
async function staleUpload(user: UserEvent) {
  answerUpload([refusal(403, 'second_factor_stale')]);
  await user.upload(await screen.findByLabelText('OneRoster file (.zip)'), zipFile());
  await user.click(screen.getByRole('button', { name: 'Check the file' }));
  return screen.findByRole('region', { name: 'Confirm it is you' });
}

describe('Renewing the second factor through the district’s identity provider', { timeout: 30_000 }, () => {
  it('is the way offered to someone who has only the provider, and comes back to this page', async () => {
    withProvider();
    signedIn(ssoOnlyAdmin);
    setupApi();
    const user = userEvent.setup();
    renderApp(page);
    const step = await staleUpload(user);
    expect(within(step).getByText('This action needs a recent confirmation. Sign in again with Riverside Google.')).toBeInTheDocument();
    const link = within(step).getByRole('link', { name: 'Confirm with Riverside Google' });
    expect(link).toHaveAttribute('href', renewHref);
    expect(link).toHaveAccessibleDescription('You will sign in at Riverside Google and come back to this page; then start the action again.');
    // No code form: there is no code to type.
    expect(within(step).queryByLabelText('6-digit code from the app')).not.toBeInTheDocument();
    expect(within(step).getByRole('button', { name: 'Cancel' })).toBeInTheDocument();
  });

  it('is offered beside the code to someone with an authenticator too', async () => {
    withProvider();
    signedIn(setupAdmin);
    setupApi();
    const user = userEvent.setup();
    renderApp(page);
    const step = await staleUpload(user);
    expect(within(step).getByRole('link', { name: 'Confirm with Riverside Google' })).toHaveAttribute('href', renewHref);
    expect(within(step).getByLabelText('6-digit code from the app')).toBeInTheDocument();
  });

  it('is not offered when the district has no provider', async () => {
    signedIn(setupAdmin);
    setupApi();
    const user = userEvent.setup();
    renderApp(page);
    const step = await staleUpload(user);
    expect(within(step).getByLabelText('6-digit code from the app')).toBeInTheDocument();
    expect(within(step).queryByRole('link', { name: /^Confirm with/ })).not.toBeInTheDocument();
  });

  it('is offered in Spanish', async () => {
    window.localStorage.setItem('portal.language', 'es');
    withProvider();
    signedIn(ssoOnlyAdmin);
    setupApi();
    const user = userEvent.setup();
    renderApp(page);
    await user.upload(await screen.findByLabelText(/\.zip/), zipFile());
    answerUpload([refusal(403, 'second_factor_stale')]);
    await user.click(screen.getByRole('button', { name: /archivo/i }));
    expect(await screen.findByRole('link', { name: 'Confirmar con Riverside Google' })).toHaveAttribute('href', renewHref);
  });

  it('keeps the page’s query but not an earlier outcome in the page to come back to', () => {
    expect(ssoRenewHref('/staff/district/regenerate', '?school=a%20b&sso=renewed&sso_error=sso_denied')).toBe(
      '/api/v1/staff/sso/start?purpose=renew&return=%2Fstaff%2Fdistrict%2Fregenerate%3Fschool%3Da%2Bb',
    );
  });

  it('says it worked on the page it came back to, until dismissed', async () => {
    withProvider();
    signedIn(ssoOnlyAdmin);
    setupApi();
    const user = userEvent.setup();
    renderApp(`${page}?sso=renewed`);
    const status = await screen.findByText(
      'Confirmed with Riverside Google. You can go ahead now: start the action again within 5 minutes.',
    );
    expect(status.closest('[role="status"]')).not.toBeNull();
    await user.click(screen.getByRole('button', { name: 'Dismiss' }));
    await waitFor(() => expect(screen.queryByText(/^Confirmed with/)).not.toBeInTheDocument());
  });

  it.each([
    ['sso_other_person', 'Someone else signed in at Riverside Google, so nothing was confirmed. Confirm with your own account.'],
    ['sso_not_reauthenticated', 'Riverside Google did not ask for your password again, so nothing was confirmed. Try again.'],
    ['sso_denied', 'The confirmation was cancelled at Riverside Google. Try again when you are ready.'],
    ['something_new', 'The confirmation with Riverside Google did not work. Try again.'],
  ])('explains %s on the page it came back to', async (code, message) => {
    withProvider();
    signedIn(ssoOnlyAdmin);
    setupApi();
    renderApp(`${page}?sso_error=${code}`);
    expect(await screen.findByRole('alert')).toHaveTextContent(message);
  });

  it('sends a renewal whose session ended to the sign-in page, which says so', async () => {
    withProvider();
    renderApp('/staff/sign-in?sso_error=sso_session_ended');
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Your session ended before the confirmation came back. Please sign in again.',
    );
  });

  it('explains a refusal in Spanish', async () => {
    window.localStorage.setItem('portal.language', 'es');
    withProvider();
    signedIn(ssoOnlyAdmin);
    setupApi();
    renderApp(`${page}?sso_error=sso_other_person`);
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Otra persona inició sesión en Riverside Google, así que no se confirmó nada. Confirme con su propia cuenta.',
    );
  });
});
