import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../../test/render-app.tsx';
import { api, server, testDistrict } from '../../test/server.ts';
import { pendingStep } from './staff-test-api.ts';

function withProvider() {
  server.use(http.get(api('/district'), () => HttpResponse.json({ ...testDistrict, staffSignOn: 'Riverside Google' })));
}

describe('Staff sign-in with the district’s identity provider', { timeout: 30_000 }, () => {
  it('offers the provider as a plain link to the server’s start, beside the password form', async () => {
    withProvider();
    renderApp('/staff');
    const link = await screen.findByRole('link', { name: 'Use Riverside Google' });
    expect(link).toHaveAttribute('href', '/api/v1/staff/sso/start');
    expect(screen.getByLabelText('Work email')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('offers no provider when the district has none', async () => {
    renderApp('/staff');
    expect(await screen.findByLabelText('Work email')).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: /^Use / })).not.toBeInTheDocument();
  });

  it.each([
    ['sso_unknown_staff', 'Your work account has no staff access to this portal. Ask your school or district office to add you.'],
    ['sso_email_domain', 'You signed in with an account outside the district. Sign in again with your work account.'],
    ['sso_state_invalid', 'That sign-in link expired or was already used. Start again with the button below.'],
    ['sso_provider_unavailable', 'The district’s sign-in service did not answer. Wait a few minutes and try again, or sign in with your portal password.'],
    ['sso_token_invalid', 'The answer from the district’s sign-in service could not be verified, so you were not signed in. Try again; if it happens again, tell the district’s help desk.'],
    ['sso_denied', 'The sign-in was cancelled at the district’s sign-in service. Try again when you are ready.'],
    ['sso_email_unverified', 'The district’s sign-in service has not verified your email address. Ask the district’s help desk to verify it.'],
    ['something_new', 'The sign-in with the district’s sign-in service did not work. Try again.'],
  ])('explains %s on the sign-in page the provider comes back to', async (code, message) => {
    withProvider();
    renderApp(`/staff/sign-in?sso_error=${code}`);
    expect(await screen.findByRole('alert')).toHaveTextContent(message);
    expect(screen.getByRole('link', { name: 'Use Riverside Google' })).toBeInTheDocument();
  });

  it('explains a failure in Spanish', async () => {
    window.localStorage.setItem('portal.language', 'es');
    withProvider();
    renderApp('/staff/sign-in?sso_error=sso_unknown_staff');
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Su cuenta de trabajo no tiene acceso de personal a este portal. Pida a la oficina de su escuela o del distrito que lo agregue.',
    );
    expect(screen.getByRole('link', { name: 'Usar Riverside Google' })).toHaveAttribute('href', '/api/v1/staff/sso/start');
  });

  it('goes on to the portal’s second factor when the district requires it', async () => {
    withProvider();
    server.use(http.get(api('/staff/session/pending'), () => HttpResponse.json(pendingStep('second_factor', ['totp']))));
    renderApp('/staff/sign-in?sso=second_factor');
    expect(await screen.findByRole('heading', { level: 1, name: 'Confirm it is you' })).toBeInTheDocument();
    expect(screen.getByLabelText('6-digit code from the app')).toBeInTheDocument();
  });

  it('says the step expired when the second factor step is gone', async () => {
    withProvider();
    renderApp('/staff/sign-in?sso=second_factor');
    expect(await screen.findByText('The sign-in took too long. Please start again.')).toHaveAttribute('role', 'status');
  });
});
