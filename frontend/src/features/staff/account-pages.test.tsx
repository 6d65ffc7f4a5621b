import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderApp } from '../../test/render-app.tsx';
import { answer, fill, refusal } from '../../test/answer.ts';
import { signedIn, staffCsrf, staffSession } from './staff-test-api.ts';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('StaffPasswordPage', { timeout: 30_000 }, () => {
  it('changes the password with the current one, and keeps the fresh session token', async () => {
    signedIn();
    const change = answer('post', '/staff/me/password', [
      refusal(401, 'current_password_wrong'),
      { status: 200, body: staffSession({}, 'staff-csrf-2') },
    ]);
    const signOut = answer('delete', '/staff/session', [{ status: 204 }]);
    const user = userEvent.setup();
    renderApp('/staff/password');
    expect(await screen.findByRole('heading', { level: 1, name: 'Change my password' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'My password' })).toHaveAttribute('aria-current', 'page');

    await user.click(screen.getByRole('button', { name: 'Change password' }));
    expect(screen.getByLabelText('Current password')).toHaveFocus();
    expect(change).toHaveLength(0);

    await fill(user, 'Current password', 'Old-Passw0rd');
    await fill(user, 'New password', 'Lincoln-Garden-77');
    await fill(user, 'Type it again', 'Lincoln-Garden-77');
    await user.click(screen.getByRole('button', { name: 'Change password' }));
    const current = screen.getByLabelText('Current password');
    await waitFor(() => expect(current).toHaveAccessibleDescription('That is not your current password. Check it and try again.'));
    await waitFor(() => expect(current).toHaveFocus());

    await fill(user, 'Current password', 'Right-Passw0rd');
    await user.click(screen.getByRole('button', { name: 'Change password' }));
    expect(await screen.findByText('Your password is changed. Your other sessions are signed out.')).toBeInTheDocument();
    expect(change[1]).toEqual({
      body: { currentPassword: 'Right-Passw0rd', newPassword: 'Lincoln-Garden-77', confirmPassword: 'Lincoln-Garden-77' },
      query: '',
      csrf: staffCsrf,
    });
    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    await waitFor(() => expect(signOut).toHaveLength(1));
    expect(signOut[0]?.csrf).toBe('staff-csrf-2');
  });
});

describe('StaffForgotPage', { timeout: 30_000 }, () => {
  it('emails a link and says so in the same words whoever asks', async () => {
    const forgot = answer('post', '/staff/forgot', [{ status: 202 }]);
    const user = userEvent.setup();
    renderApp('/staff/forgot');
    expect(await screen.findByRole('heading', { level: 1, name: 'Forgot your password?' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Email me a link' }));
    expect(screen.getByLabelText('Work email')).toHaveFocus();
    expect(screen.getByLabelText('Work email')).toHaveAccessibleDescription('Type your work email.');
    await user.type(screen.getByLabelText('Work email'), ' ana.rivera@riverside.example {Enter}');
    expect(await screen.findByRole('heading', { level: 1, name: 'Check your email' })).toBeInTheDocument();
    expect(screen.getByText(/If ana\.rivera@riverside\.example is a staff account, a link is on its way\./)).toBeInTheDocument();
    expect(forgot.map((f) => f.body)).toEqual([{ email: 'ana.rivera@riverside.example' }]);
  });
});

describe('StaffResetPasswordPage', { timeout: 30_000 }, () => {
  it('takes the token from the fragment, out of the address, and sets the new password', async () => {
    const reset = answer('post', '/staff/forgot/reset', [{ status: 204 }]);
    const user = userEvent.setup();
    const { router } = renderApp('/staff/reset-password#token=tok-123');
    expect(await screen.findByRole('heading', { level: 1, name: 'Choose a new password' })).toBeInTheDocument();
    await waitFor(() => expect(router.state.location.hash).toBe(''));
    await fill(user, 'New password', 'Lincoln-Garden-77');
    await fill(user, 'Type it again', 'Lincoln-Garden-77');
    await user.click(screen.getByRole('button', { name: 'Save the new password' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Your password is changed' })).toBeInTheDocument();
    expect(reset.map((r) => r.body)).toEqual([{ token: 'tok-123', newPassword: 'Lincoln-Garden-77', confirmPassword: 'Lincoln-Garden-77' }]);
  });

  it('says when the link is used up, or cut short', async () => {
    answer('post', '/staff/forgot/reset', [refusal(410, 'link_expired')]);
    const user = userEvent.setup();
    renderApp('/staff/reset-password#token=old');
    await screen.findByRole('heading', { level: 1, name: 'Choose a new password' });
    await fill(user, 'New password', 'Lincoln-Garden-77');
    await fill(user, 'Type it again', 'Lincoln-Garden-77');
    await user.click(screen.getByRole('button', { name: 'Save the new password' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'This link no longer works' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Ask for a new link' })).toHaveAttribute('href', '/staff/forgot');
  });

  it('says a link without a token is not complete', async () => {
    renderApp('/staff/reset-password');
    expect(await screen.findByRole('heading', { level: 1, name: 'This link is not complete' })).toBeInTheDocument();
  });
});

describe('SecurityPage', { timeout: 30_000 }, () => {
  it('lists, adds and removes passkeys', async () => {
    signedIn();
    const passkey = { id: 'pk-1', name: 'School laptop', createdAt: '2026-02-01T12:00:00Z', lastUsedAt: '2026-03-04T12:00:00Z' };
    answer('get', '/staff/me/passkeys', [{ status: 200, body: [passkey] }]);
    answer('post', '/staff/me/passkeys/options', [
      {
        status: 200,
        body: {
          publicKey: {
            challenge: 'AQID',
            rp: { id: 'riverside.example', name: 'Password Help' },
            user: { id: 'BwgJ', name: 'ana.rivera@riverside.example', displayName: 'Ana Rivera' },
            pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
          },
        },
      },
    ]);
    const add = answer('post', '/staff/me/passkeys', [{ status: 201, body: { ...passkey, id: 'pk-2', name: 'Phone' } }]);
    const remove = answer('delete', '/staff/me/passkeys/pk-1', [{ status: 204 }]);
    const create = vi.fn(() => Promise.resolve({ toJSON: () => ({ id: 'new-cred', type: 'public-key' }) }));
    vi.stubGlobal('PublicKeyCredential', function PublicKeyCredential() {});
    Object.defineProperty(navigator, 'credentials', { value: { create, get: vi.fn() }, configurable: true });
    const user = userEvent.setup();
    renderApp('/staff/security');

    expect(await screen.findByRole('heading', { level: 1, name: 'Sign-in security' })).toBeInTheDocument();
    expect(screen.getByText('9 recovery codes left.')).toBeInTheDocument();
    expect(await screen.findByText('School laptop')).toBeInTheDocument();
    expect(screen.getByText(/Added on February 1, 2026, last used on March 4, 2026/)).toBeInTheDocument();

    await fill(user, 'Name for the new passkey', 'Phone');
    await user.click(screen.getByRole('button', { name: 'Add a passkey' }));
    expect(await screen.findByText('The passkey is added.')).toBeInTheDocument();
    const options = (create.mock.calls[0] as unknown as [{ publicKey: PublicKeyCredentialCreationOptions }])[0].publicKey;
    expect(Array.from(new Uint8Array(options.user.id as ArrayBuffer))).toEqual([7, 8, 9]);
    expect(add).toEqual([{ body: { credential: { id: 'new-cred', type: 'public-key' }, name: 'Phone' }, query: '', csrf: staffCsrf }]);

    await user.click(screen.getByRole('button', { name: 'Remove School laptop' }));
    expect(await screen.findByText('The passkey is removed.')).toBeInTheDocument();
    expect(remove).toHaveLength(1);
  });

  it('says when the browser did not make the passkey', async () => {
    signedIn();
    answer('get', '/staff/me/passkeys', [{ status: 200, body: [] }]);
    answer('post', '/staff/me/passkeys/options', [{ status: 200, body: { publicKey: { challenge: 'AQID', user: { id: 'AQ' } } } }]);
    const add = answer('post', '/staff/me/passkeys', [{ status: 201 }]);
    vi.stubGlobal('PublicKeyCredential', function PublicKeyCredential() {});
    const create = vi.fn(() => Promise.reject(new DOMException('cancelled', 'NotAllowedError')));
    Object.defineProperty(navigator, 'credentials', { value: { create, get: vi.fn() }, configurable: true });
    const user = userEvent.setup();
    renderApp('/staff/security');
    expect(await screen.findByText('No passkeys yet.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Add a passkey' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The passkey was not added: it was cancelled or did not work.');
    expect(add).toHaveLength(0);
  });

  it('speaks Spanish', async () => {
    window.localStorage.setItem('portal.language', 'es');
    signedIn();
    answer('get', '/staff/me/passkeys', [{ status: 200, body: [] }]);
    renderApp('/staff/security');
    expect(await screen.findByRole('heading', { level: 1, name: 'Seguridad del inicio de sesión' })).toBeInTheDocument();
  });
});
