import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { api, server } from '../../test/server.ts';
import { renderApp } from '../../test/render-app.tsx';

const session = (mustChangePassword = false) => ({
  csrfToken: 'csrf-123',
  expiresAt: '2030-01-01T00:00:00Z',
  account: { kind: 'student', username: 'johns1234', firstName: 'John', mustChangePassword },
});

const account = {
  username: 'johns1234',
  email: 'johns1234@school.org',
  firstName: 'John',
  lastName: 'Smith',
  grade: 5,
  pinSet: true,
  questionsSet: false,
  passwordChangedAt: '2026-01-15T12:00:00Z',
  nextSelfResetAt: '2026-03-04T12:00:00Z',
  selfResetEligible: true,
  selfResetAvailable: false,
};

describe('SignInPage', () => {
  it('has labelled fields that password managers understand', async () => {
    renderApp('/');
    const login = await screen.findByLabelText('Username or school email');
    const password = screen.getByLabelText('Password');
    expect(login).toHaveAttribute('autocomplete', 'username');
    expect(password).toHaveAttribute('autocomplete', 'current-password');
    expect(password).toHaveAttribute('type', 'password');
    expect(screen.getByRole('link', { name: 'Forgot your password?' })).toHaveAttribute('href', '/forgot');
    expect(screen.getByRole('heading', { level: 1, name: 'Sign in' })).toBeInTheDocument();
  });

  it('sends a parent or guardian to the family portal', async () => {
    const user = userEvent.setup();
    const { router } = renderApp('/');
    expect(await screen.findByText(/Parent or guardian\?/)).toBeInTheDocument();
    await user.click(screen.getByRole('link', { name: 'Go to the family portal' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in to the family portal' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/family');
  });

  it('offers the young ways in side by side: the badge and the pictures', async () => {
    const user = userEvent.setup();
    const { router } = renderApp('/');
    const badge = await screen.findByRole('button', { name: 'Scan my badge' });
    const pictures = screen.getByRole('link', { name: 'Sign in with my pictures' });
    expect(pictures.parentElement).toBe(badge.parentElement);
    await user.click(pictures);
    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in with my pictures' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/pictures');
  });

  it("shows the server's refusal in an alert that takes focus and describes both fields", async () => {
    let sent: unknown;
    server.use(
      http.post(api('/session'), async ({ request }) => {
        sent = await request.json();
        return HttpResponse.json(
          { code: 'invalid_credentials', message: 'Wrong username or password.' },
          { status: 401 },
        );
      }),
    );
    const user = userEvent.setup();
    renderApp('/');

    await user.type(await screen.findByLabelText('Username or school email'), '  johns1234 ');
    await user.type(screen.getByLabelText('Password'), 'wrong-Passw0rd');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('That username or password is not right.');
    await waitFor(() => expect(alert).toHaveFocus());
    for (const field of [screen.getByLabelText('Username or school email'), screen.getByLabelText('Password')]) {
      expect(field).toHaveAttribute('aria-invalid', 'true');
      expect(field.getAttribute('aria-describedby')?.split(' ')).toContain(alert.id);
    }
    expect(sent).toEqual({ login: 'johns1234', password: 'wrong-Passw0rd' });
  });

  it("shows the server's own message for a code it does not know", async () => {
    server.use(
      http.post(api('/session'), () =>
        HttpResponse.json({ code: 'brand_new_rule', message: 'Something the server explains itself.' }, { status: 403 }),
      ),
    );
    const user = userEvent.setup();
    renderApp('/');
    await user.type(await screen.findByLabelText('Username or school email'), 'johns1234');
    await user.type(screen.getByLabelText('Password'), 'x');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('Something the server explains itself.');
  });

  it('says when a throttled sign-in may try again', async () => {
    const until = new Date();
    until.setHours(23, 45, 0, 0);
    server.use(
      http.post(api('/session'), () =>
        HttpResponse.json(
          { code: 'sign_in_throttled', message: 'Too many.', retryAt: until.toISOString() },
          { status: 429 },
        ),
      ),
    );
    const user = userEvent.setup();
    renderApp('/');
    await user.type(await screen.findByLabelText('Username or school email'), 'johns1234');
    await user.type(screen.getByLabelText('Password'), 'x');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Too many wrong passwords. Wait a minute before you try again.');
    const time = new Intl.DateTimeFormat('en', { timeStyle: 'short' }).format(until);
    expect(alert).toHaveTextContent(`You can try again at ${time}.`);
  });

  it('explains empty fields next to them and focuses the first one', async () => {
    const user = userEvent.setup();
    renderApp('/');
    await user.click(await screen.findByRole('button', { name: 'Sign in' }));

    const login = screen.getByLabelText('Username or school email');
    expect(login).toHaveFocus();
    expect(login).toHaveAccessibleDescription(expect.stringContaining('Type your username or school email.'));
    expect(screen.getByLabelText('Password')).toHaveAccessibleDescription('Type your password.');
  });

  it('shows and hides the password with a toggle button, keeping what was pasted', async () => {
    const user = userEvent.setup();
    renderApp('/');
    const password = await screen.findByLabelText('Password');
    const toggle = screen.getByRole('button', { name: 'Show password: Password' });
    expect(toggle).toHaveAttribute('aria-pressed', 'false');

    await user.click(password);
    await user.paste('Pasted-Secret1');
    expect(password).toHaveValue('Pasted-Secret1');

    await user.click(toggle);
    expect(toggle).toHaveAttribute('aria-pressed', 'true');
    expect(password).toHaveAttribute('type', 'text');
    expect(password).toHaveValue('Pasted-Secret1');

    await user.click(toggle);
    expect(toggle).toHaveAttribute('aria-pressed', 'false');
    expect(password).toHaveAttribute('type', 'password');
  });

  it('goes to the account page after signing in', async () => {
    server.use(
      http.post(api('/session'), () => HttpResponse.json(session())),
      http.get(api('/me/account'), () => HttpResponse.json(account)),
    );
    const user = userEvent.setup();
    const { router } = renderApp('/');
    await user.type(await screen.findByLabelText('Username or school email'), 'johns1234');
    await user.type(screen.getByLabelText('Password'), 'Right-Passw0rd');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'My account' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/account');
  });

  it('sends a student who must change the password to the change screen', async () => {
    server.use(http.post(api('/session'), () => HttpResponse.json(session(true))));
    const user = userEvent.setup();
    const { router } = renderApp('/');
    await user.type(await screen.findByLabelText('Username or school email'), 'johns1234');
    await user.type(screen.getByLabelText('Password'), 'School-Issued1');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Change your password' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/change-password');

    await router.navigate('/account');
    await waitFor(() => expect(router.state.location.pathname).toBe('/change-password'));
  });
});
