import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { answer, refusal } from '../../test/answer.ts';
import { renderApp } from '../../test/render-app.tsx';
import { setupAdmin, setupApi, ssoOn } from './setup-test-data.ts';
import { signedIn, staffCsrf } from './staff-test-api.ts';

const page = '/staff/district/setup';
const sectionName = 'Staff sign-in (single sign-on)';

function termValue(element: HTMLElement, term: string): string | null | undefined {
  const dt = within(element)
    .getAllByRole('term')
    .find((el) => el.textContent === term);
  return dt?.nextElementSibling?.textContent;
}

describe('SetupSso', { timeout: 30_000 }, () => {
  it('says single sign-on is not set up and names the settings that set it up', async () => {
    signedIn(setupAdmin);
    setupApi();
    renderApp(page);
    await screen.findByRole('heading', { level: 1, name: 'District setup' });
    const sso = screen.getByRole('region', { name: sectionName });
    expect(await within(sso).findByText('Single sign-on is not set up: staff sign in with their email and password.')).toBeInTheDocument();
    expect(within(sso).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'PORTAL_SSO_ISSUER',
      'PORTAL_SSO_CLIENT_ID',
      'PORTAL_SSO_CLIENT_SECRET',
      'PORTAL_SSO_EMAIL_DOMAIN',
      'PORTAL_SSO_LABEL',
      'PORTAL_SSO_REQUIRE_PORTAL_SECOND_FACTOR',
    ]);
    expect(within(sso).queryByRole('button', { name: 'Test the provider' })).not.toBeInTheDocument();
  });

  it('shows the settings and the redirect URL with a copy button', async () => {
    signedIn(setupAdmin);
    setupApi({ sso: ssoOn });
    const writeText = vi.fn(() => Promise.resolve());
    const user = userEvent.setup();
    // After userEvent.setup(), which puts a clipboard of its own in place.
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    renderApp(page);
    await screen.findByRole('heading', { level: 1, name: 'District setup' });
    const sso = screen.getByRole('region', { name: sectionName });
    await within(sso).findByText('https://accounts.riverside.example');
    expect(termValue(sso, 'Provider (issuer)')).toBe('https://accounts.riverside.example');
    expect(termValue(sso, 'Client ID')).toBe('portal-staff');
    expect(termValue(sso, 'Staff email domain')).toBe('riverside.example');
    expect(termValue(sso, 'Sign-in button')).toBe('Use Riverside Google');
    expect(termValue(sso, "Portal's second factor")).toBe("Not required: the provider's second factor counts");
    expect(termValue(sso, 'Redirect URL')).toBe('https://portal.riverside.example/api/v1/staff/sso/callback');
    await user.click(within(sso).getByRole('button', { name: 'Copy the redirect URL' }));
    expect(writeText).toHaveBeenCalledWith('https://portal.riverside.example/api/v1/staff/sso/callback');
    expect(await within(sso).findByText('Copied.')).toBeInTheDocument();
  });

  it('says when the portal still asks for its own second factor', async () => {
    signedIn(setupAdmin);
    setupApi({ sso: { ...ssoOn, requirePortalSecondFactor: true } });
    renderApp(page);
    await screen.findByRole('heading', { level: 1, name: 'District setup' });
    const sso = screen.getByRole('region', { name: sectionName });
    await within(sso).findByText('https://accounts.riverside.example');
    expect(termValue(sso, "Portal's second factor")).toBe("Still required after the provider's sign-in");
  });

  it('tests the provider and reads the answer out, ok or not', async () => {
    signedIn(setupAdmin);
    setupApi({ sso: ssoOn });
    const test = answer('post', '/staff/district/sso/test', [
      { status: 200, body: { ok: true, message: 'The provider answered with its discovery document and 2 signing keys.' } },
      { status: 200, body: { ok: false, message: 'The discovery document names another issuer: https://evil.example.' } },
      refusal(404, 'sso_not_configured'),
    ]);
    const user = userEvent.setup();
    renderApp(page);
    await screen.findByRole('heading', { level: 1, name: 'District setup' });
    const sso = screen.getByRole('region', { name: sectionName });
    const button = await within(sso).findByRole('button', { name: 'Test the provider' });
    // The test's answer, not the copy button's.
    const status = within(sso)
      .getAllByRole('status')
      .find((el) => el.getAttribute('aria-live') === 'polite');
    if (!status) throw new Error('no live region for the test answer');
    await user.click(button);
    await waitFor(() => expect(status).toHaveTextContent('It works. The provider answered with its discovery document and 2 signing keys.'));
    expect(status.querySelector('.notice--ok')).not.toBeNull();
    expect(test[0]?.csrf).toBe(staffCsrf);
    await user.click(button);
    await waitFor(() => expect(status).toHaveTextContent('It does not work. The discovery document names another issuer: https://evil.example.'));
    expect(status.querySelector('.alert')).not.toBeNull();
    await user.click(button);
    await waitFor(() => expect(status).toHaveTextContent('Single sign-on is not set up on the server.'));
  });

  it('says why a section could not load, and loads it again', async () => {
    signedIn(setupAdmin);
    setupApi();
    const loads = answer('get', '/staff/district/sso', [refusal(403, 'not_allowed'), { status: 200, body: ssoOn }]);
    const user = userEvent.setup();
    renderApp(page);
    await screen.findByRole('heading', { level: 1, name: 'District setup' });
    const sso = screen.getByRole('region', { name: sectionName });
    const alert = await within(sso).findByRole('alert');
    expect(alert).toHaveTextContent('We could not load this part of the page.');
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await within(sso).findByText('https://accounts.riverside.example')).toBeInTheDocument();
    expect(loads).toHaveLength(2);
  });
});
