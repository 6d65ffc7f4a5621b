import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderApp } from '../../test/render-app.tsx';
import { api, server } from '../../test/server.ts';
import { answer, fill, refusal } from '../../test/answer.ts';
import { pendingCsrf, pendingStep, signedIn, staffCsrf, staffSession } from './staff-test-api.ts';

const studentSession = {
  csrfToken: 'student-csrf',
  expiresAt: '2030-01-01T00:00:00Z',
  account: { kind: 'student', username: 'mayal4821', firstName: 'Maya', mustChangePassword: false },
};

const codes = ['AAAAA-11111', 'BBBBB-22222', 'CCCCC-33333', 'DDDDD-44444', 'EEEEE-55555', 'FFFFF-66666', 'GGGGG-77777', 'HHHHH-88888', 'JJJJJ-99999', 'KKKKK-00000'];

function searchAnswers() {
  server.use(http.get(api('/staff/students'), () => HttpResponse.json({ students: [], more: false })));
}

async function signInWithPassword(user: ReturnType<typeof userEvent.setup>) {
  await fill(user, 'Work email', ' ana.rivera@riverside.example ');
  await fill(user, 'Password', 'Right-Passw0rd');
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('StaffSignInPage', { timeout: 30_000 }, () => {
  it('signs in with the password and an authenticator code, then opens By Student in the frame', async () => {
    const password = answer('post', '/staff/session', [{ status: 200, body: pendingStep('second_factor', ['totp', 'recovery_code']) }]);
    const second = answer('post', '/staff/session/second-factor', [{ status: 200, body: staffSession() }]);
    searchAnswers();
    const user = userEvent.setup();
    const { router } = renderApp('/staff');

    expect(await screen.findByRole('heading', { level: 1, name: 'Staff sign-in' })).toBeInTheDocument();
    await waitFor(() => expect(document.title).toBe('Staff sign-in – Password Help – Riverside Unified School District'));
    // The form shows once the page knows no sign-in is waiting for its second step.
    const email = await screen.findByLabelText('Work email');
    expect(email).toHaveAttribute('type', 'email');
    expect(email).toHaveAttribute('autocomplete', 'username');
    expect(screen.getByRole('link', { name: 'Forgot your password?' })).toHaveAttribute('href', '/staff/forgot');
    expect(screen.getByRole('link', { name: 'Password Help' })).toHaveAttribute('href', '/staff');
    await signInWithPassword(user);

    expect(await screen.findByRole('heading', { level: 1, name: 'Confirm it is you' })).toBeInTheDocument();
    const code = screen.getByLabelText('6-digit code from the app');
    expect(code).toHaveAttribute('inputmode', 'numeric');
    expect(code).toHaveAttribute('autocomplete', 'one-time-code');
    expect(screen.queryByRole('button', { name: 'Use a passkey' })).not.toBeInTheDocument();
    await user.type(code, '123 456{Enter}');

    expect(await screen.findByRole('heading', { level: 1, name: 'Find a student' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/staff/students');
    expect(password).toEqual([{ body: { email: 'ana.rivera@riverside.example', password: 'Right-Passw0rd' }, query: '', csrf: null }]);
    expect(second).toEqual([{ body: { code: '123456' }, query: '', csrf: pendingCsrf }]);

    const tabs = screen.getByRole('navigation', { name: 'Staff area' });
    expect(within(tabs).getByRole('link', { name: 'By Student' })).toHaveAttribute('aria-current', 'page');
    expect(within(tabs).getByRole('link', { name: 'Audit' })).not.toHaveAttribute('aria-current');
    expect(within(tabs).queryByRole('link', { name: 'Staff' })).not.toBeInTheDocument();
    expect(screen.getByText('Ana Rivera')).toBeInTheDocument();
    expect(screen.getByText(/Principal · Lincoln Elementary/)).toBeInTheDocument();
    // The frame's Help link, beside the footer's.
    expect(screen.getAllByRole('link', { name: 'Help' }).map((a) => a.getAttribute('href'))).toEqual(['/help', '/help']);
  });

  it('refuses a wrong code in an alert tied to the field and focused, and a short code before sending', async () => {
    answer('get', '/staff/session/pending', [{ status: 200, body: pendingStep('second_factor', ['totp']) }]);
    const second = answer('post', '/staff/session/second-factor', [refusal(401, 'second_factor_invalid')]);
    const user = userEvent.setup();
    renderApp('/staff');

    // The step waiting for its second factor survives a reload.
    const code = await screen.findByLabelText('6-digit code from the app');
    await user.type(code, '12345{Enter}');
    expect(code).toHaveFocus();
    expect(code).toHaveAccessibleDescription(/The code is 6 digits\./);
    expect(second).toHaveLength(0);

    await user.type(code, '6{Enter}');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('That code is not right, has expired or was already used. Check it and try again.');
    await waitFor(() => expect(alert).toHaveFocus());
    expect(code).toHaveAttribute('aria-invalid', 'true');
    expect(code.getAttribute('aria-describedby')?.split(' ')).toContain(alert.id);
  });

  it('says when a code may be tried again after too many wrong ones', async () => {
    const until = new Date();
    until.setHours(23, 50, 0, 0);
    answer('get', '/staff/session/pending', [{ status: 200, body: pendingStep('second_factor', ['totp']) }]);
    answer('post', '/staff/session/second-factor', [refusal(429, 'sign_in_throttled', { retryAt: until.toISOString() })]);
    const user = userEvent.setup();
    renderApp('/staff');
    await user.type(await screen.findByLabelText('6-digit code from the app'), '123456{Enter}');
    const time = new Intl.DateTimeFormat('en', { timeStyle: 'short' }).format(until);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(`Too many failed tries. Wait a minute before you try again. You can try again at ${time}.`);
    await waitFor(() => expect(alert).toHaveFocus());
  });

  it('takes a recovery code instead', async () => {
    answer('get', '/staff/session/pending', [{ status: 200, body: pendingStep('second_factor', ['totp', 'recovery_code']) }]);
    const second = answer('post', '/staff/session/second-factor', [{ status: 200, body: staffSession() }]);
    searchAnswers();
    const user = userEvent.setup();
    renderApp('/staff');
    await user.click(await screen.findByRole('button', { name: 'Use a recovery code instead' }));
    await fill(user, 'Recovery code', ' abcde-12345 ');
    await user.click(screen.getByRole('button', { name: 'Confirm' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Find a student' })).toBeInTheDocument();
    expect(second[0]?.body).toEqual({ code: 'abcde-12345' });
  });

  it('says when a paused sign-in may try again', async () => {
    const until = new Date();
    until.setHours(23, 45, 0, 0);
    answer('post', '/staff/session', [refusal(429, 'sign_in_throttled', { retryAt: until.toISOString() })]);
    const user = userEvent.setup();
    renderApp('/staff');
    await screen.findByLabelText('Work email');
    await signInWithPassword(user);
    const time = new Intl.DateTimeFormat('en', { timeStyle: 'short' }).format(until);
    expect(await screen.findByRole('alert')).toHaveTextContent(
      `Too many failed tries. Wait a minute before you try again. You can try again at ${time}.`,
    );
  });

  it('says a wrong email or password in an alert that takes focus; empty fields next to them', async () => {
    answer('post', '/staff/session', [refusal(401, 'invalid_credentials')]);
    const user = userEvent.setup();
    renderApp('/staff');
    await user.click(await screen.findByRole('button', { name: 'Sign in' }));
    expect(screen.getByLabelText('Work email')).toHaveFocus();
    expect(screen.getByLabelText('Work email')).toHaveAccessibleDescription('Type your work email.');
    await signInWithPassword(user);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('That email or password is not right. Check them and try again.');
    await waitFor(() => expect(alert).toHaveFocus());
  });

  it('goes back to the password when the waiting step has expired, and says so; a student signed in on the same computer stays', async () => {
    answer('get', '/staff/session/pending', [{ status: 200, body: pendingStep('second_factor', ['totp']) }]);
    answer('post', '/staff/session/second-factor', [refusal(401, 'not_signed_in')]);
    server.use(http.get(api('/session'), () => HttpResponse.json(studentSession)));
    const user = userEvent.setup();
    const { services } = renderApp('/staff');
    await services.queryClient.fetchQuery({
      queryKey: ['session'],
      queryFn: async () => (await services.api.GET('/session')).data ?? null,
    });
    await user.type(await screen.findByLabelText('6-digit code from the app'), '123456{Enter}');
    await screen.findByLabelText('Work email');
    expect(screen.getByRole('status')).toHaveTextContent('The sign-in took too long. Please start again.');
    expect(services.queryClient.getQueryData(['session'])).toEqual(studentSession);
  });

  it('enrols the authenticator app, shows the recovery codes once, and continues only once they are saved', async () => {
    answer('post', '/staff/session', [{ status: 200, body: pendingStep('enrol_totp') }]);
    const enrol = answer('post', '/staff/session/totp/enrol', [
      {
        status: 200,
        body: { secret: 'JBSWY3DPEHPK3PXPJBSWY3DP', otpauthUri: 'otpauth://totp/x', qrCode: 'data:image/png;base64,iVBORw0KGgo=' },
      },
    ]);
    const confirm = answer('post', '/staff/session/totp/confirm', [
      refusal(401, 'second_factor_invalid'),
      { status: 200, body: { session: staffSession(), recoveryCodes: codes } },
    ]);
    searchAnswers();
    const writeText = vi.fn(() => Promise.resolve());
    const user = userEvent.setup();
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    renderApp('/staff');
    await screen.findByLabelText('Work email');
    await signInWithPassword(user);

    expect(await screen.findByRole('heading', { level: 1, name: 'Set up your authenticator app' })).toBeInTheDocument();
    expect(screen.getByRole('img', { name: 'QR code for your authenticator app' })).toHaveAttribute('src', 'data:image/png;base64,iVBORw0KGgo=');
    expect(screen.getByText('JBSW Y3DP EHPK 3PXP JBSW Y3DP')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Copy the key' }));
    expect(writeText).toHaveBeenCalledWith('JBSWY3DPEHPK3PXPJBSWY3DP');
    expect(await screen.findByText('Copied.')).toBeInTheDocument();
    expect(enrol).toHaveLength(1);
    expect(enrol[0]?.csrf).toBe(pendingCsrf);

    const code = screen.getByLabelText('6-digit code from the app');
    await user.type(code, '000000{Enter}');
    await waitFor(() => expect(screen.getByRole('alert')).toHaveFocus());
    await user.clear(code);
    await user.type(code, '654321{Enter}');

    expect(await screen.findByRole('heading', { level: 1, name: 'Save your recovery codes' })).toBeInTheDocument();
    const list = within(screen.getByRole('region', { name: 'Recovery codes' })).getByRole('list');
    expect(within(list).getAllByRole('listitem').map((li) => li.textContent)).toEqual(codes);
    const download = screen.getByRole('link', { name: 'Download as text' });
    expect(download).toHaveAttribute('download', 'recovery-codes.txt');
    expect(decodeURIComponent(download.getAttribute('href') ?? '')).toContain('AAAAA-11111\nBBBBB-22222');
    const print = vi.fn();
    vi.stubGlobal('print', print);
    await user.click(screen.getByRole('button', { name: 'Print' }));
    expect(print).toHaveBeenCalled();

    await user.click(screen.getByRole('button', { name: 'Continue' }));
    const saved = screen.getByRole('checkbox', { name: 'I have saved these codes' });
    expect(saved).toHaveFocus();
    expect(saved).toHaveAccessibleDescription('Tick the box once you have saved the codes.');
    await user.click(saved);
    await user.click(screen.getByRole('button', { name: 'Continue' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Find a student' })).toBeInTheDocument();
    expect(confirm.map((c) => c.body)).toEqual([{ code: '000000' }, { code: '654321' }]);
  });

  it('signs in with a passkey, converting the options for the browser', async () => {
    answer('get', '/staff/session/pending', [{ status: 200, body: pendingStep('second_factor', ['totp', 'passkey']) }]);
    answer('post', '/staff/session/passkey/options', [
      { status: 200, body: { publicKey: { challenge: 'AQID', rpId: 'riverside.example', allowCredentials: [{ type: 'public-key', id: 'BAUG' }] } } },
    ]);
    const finish = answer('post', '/staff/session/passkey', [{ status: 200, body: staffSession() }]);
    searchAnswers();
    const credential = { toJSON: () => ({ id: 'cred-1', type: 'public-key', response: { signature: 'c2ln' } }) };
    const get = vi.fn(() => Promise.resolve(credential));
    vi.stubGlobal('PublicKeyCredential', function PublicKeyCredential() {});
    Object.defineProperty(navigator, 'credentials', { value: { get }, configurable: true });
    const user = userEvent.setup();
    renderApp('/staff');

    await user.click(await screen.findByRole('button', { name: 'Use a passkey' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Find a student' })).toBeInTheDocument();
    const options = (get.mock.calls[0] as unknown as [{ publicKey: PublicKeyCredentialRequestOptions }])[0].publicKey;
    expect(new Uint8Array(options.challenge as ArrayBuffer)).toEqual(new Uint8Array([1, 2, 3]));
    expect(new Uint8Array(options.allowCredentials?.[0]?.id as ArrayBuffer)).toEqual(new Uint8Array([4, 5, 6]));
    expect(finish).toEqual([
      { body: { credential: { id: 'cred-1', type: 'public-key', response: { signature: 'c2ln' } } }, query: '', csrf: pendingCsrf },
    ]);
  });

  it('comes back to the sign-in and says so when a request finds the session ended', async () => {
    signedIn();
    answer('get', '/staff/students', [refusal(401, 'not_signed_in')]);
    const user = userEvent.setup();
    const { router } = renderApp('/staff/students');
    await screen.findByLabelText('Student ID, username, email or name');
    await fill(user, 'Student ID, username, email or name', 'maya');
    // The session ended on the server: GET /staff/session now answers "nobody".
    server.use(http.get(api('/staff/session'), () => new HttpResponse(null, { status: 204 })));
    await user.click(screen.getByRole('button', { name: 'Search' }));

    await screen.findByLabelText('Work email');
    expect(router.state.location.pathname).toBe('/staff');
    expect(screen.getByRole('status')).toHaveTextContent('Your session ended after a while without activity. Please sign in again.');
  });

  it('asks whether the session still lives on coming back to the tab after its idle end, and says it ended', async () => {
    const idle = { ...staffSession(), idleExpiresAt: new Date(Date.now() - 1000).toISOString() };
    let sessions = 0;
    server.use(
      http.get(api('/staff/session'), () => {
        sessions++;
        return sessions === 1 ? HttpResponse.json(idle) : new HttpResponse(null, { status: 204 });
      }),
    );
    searchAnswers();
    const { router } = renderApp('/staff/students');
    await screen.findByLabelText('Student ID, username, email or name');
    window.dispatchEvent(new Event('visibilitychange'));

    await screen.findByLabelText('Work email');
    expect(router.state.location.pathname).toBe('/staff');
    expect(screen.getByRole('status')).toHaveTextContent('Your session ended after a while without activity. Please sign in again.');
    expect(sessions).toBe(2);
  });

  it('does not ask again on coming back before the idle end', async () => {
    let sessions = 0;
    server.use(
      http.get(api('/staff/session'), () => {
        sessions++;
        return HttpResponse.json(staffSession());
      }),
    );
    searchAnswers();
    renderApp('/staff/students');
    await screen.findByLabelText('Student ID, username, email or name');
    window.dispatchEvent(new Event('visibilitychange'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(sessions).toBe(1);
  });

  it('signs out with the staff CSRF token and says so', async () => {
    signedIn();
    searchAnswers();
    const signOut = answer('delete', '/staff/session', [{ status: 204 }]);
    const user = userEvent.setup();
    renderApp('/staff/students');
    await user.click(await screen.findByRole('button', { name: 'Sign out' }));
    await screen.findByLabelText('Work email');
    expect(screen.getByRole('status')).toHaveTextContent('You are signed out.');
    expect(signOut).toEqual([{ body: undefined, query: '', csrf: staffCsrf }]);
  });

  it('sends a visitor who is not signed in to sign in, and back to the page after', async () => {
    const { router } = renderApp('/staff/audit');
    expect(await screen.findByRole('heading', { level: 1, name: 'Staff sign-in' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/staff');
    await screen.findByLabelText('Work email');
    answer('post', '/staff/session', [{ status: 200, body: pendingStep('second_factor', ['totp']) }]);
    answer('post', '/staff/session/second-factor', [{ status: 200, body: staffSession() }]);
    answer('get', '/staff/audit', [{ status: 200, body: { events: [] } }]);
    const user = userEvent.setup();
    await signInWithPassword(user);
    await user.type(await screen.findByLabelText('6-digit code from the app'), '123456{Enter}');
    expect(await screen.findByRole('heading', { level: 1, name: 'Audit' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/staff/audit');
  });

  it('speaks Spanish', async () => {
    window.localStorage.setItem('portal.language', 'es');
    renderApp('/staff');
    expect(await screen.findByRole('heading', { level: 1, name: 'Inicio de sesión del personal' })).toBeInTheDocument();
  });
});
