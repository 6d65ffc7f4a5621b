import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../../test/render-app.tsx';
import { api, server } from '../../test/server.ts';
import { answer, fill, refusal } from '../../test/answer.ts';
import { familyCsrf, guardianSession, signedIn } from './family-test-api.ts';

const studentSession = {
  csrfToken: 'student-csrf',
  expiresAt: '2030-01-01T00:00:00Z',
  account: { kind: 'student', username: 'mayal4821', firstName: 'Maya', mustChangePassword: false },
};

describe('FamilySignInPage', { timeout: 30_000 }, () => {
  it('signs a guardian in and opens the dashboard', async () => {
    const sent = answer('post', '/family/session', [{ status: 200, body: guardianSession() }]);
    server.use(http.get(api('/family/children'), () => HttpResponse.json({ children: [] })));
    const user = userEvent.setup();
    const { router } = renderApp('/family');

    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in to the family portal' })).toBeInTheDocument();
    await waitFor(() => expect(document.title).toBe('Sign in to the family portal – Password Help – Riverside Unified School District'));
    const email = screen.getByLabelText('Email');
    expect(email).toHaveAttribute('autocomplete', 'username');
    expect(email).toHaveAttribute('type', 'email');
    expect(screen.getByLabelText('Password')).toHaveAttribute('autocomplete', 'current-password');
    expect(screen.getByRole('link', { name: 'Create a family account' })).toHaveAttribute('href', '/family/register');
    expect(screen.getByRole('link', { name: 'Forgot your password?' })).toHaveAttribute('href', '/family/forgot');
    expect(screen.getByRole('link', { name: 'Go to the student sign-in' })).toHaveAttribute('href', '/');
    // The site name leads home to the family portal here.
    expect(screen.getByRole('link', { name: 'Password Help' })).toHaveAttribute('href', '/family');

    await user.type(email, ' maria.lopez@example.com ');
    await user.type(screen.getByLabelText('Password'), 'Right-Passw0rd');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'My children' })).toBeInTheDocument();
    expect(screen.getByText('Hello, María López!')).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/family/children');
    expect(sent).toEqual([{ body: { email: 'maria.lopez@example.com', password: 'Right-Passw0rd' }, query: '', csrf: null }]);
  });

  it('says in an alert that takes focus when the email or password is wrong', async () => {
    answer('post', '/family/session', [refusal(401, 'invalid_credentials')]);
    const user = userEvent.setup();
    renderApp('/family');
    await user.type(await screen.findByLabelText('Email'), 'maria.lopez@example.com');
    await user.type(screen.getByLabelText('Password'), 'wrong');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('That email or password is not right. Check them and try again.');
    await waitFor(() => expect(alert).toHaveFocus());
    for (const field of [screen.getByLabelText('Email'), screen.getByLabelText('Password')]) {
      expect(field).toHaveAttribute('aria-invalid', 'true');
      expect(field.getAttribute('aria-describedby')?.split(' ')).toContain(alert.id);
    }
  });

  it('says when a throttled sign-in may try again', async () => {
    const until = new Date();
    until.setHours(23, 45, 0, 0);
    answer('post', '/family/session', [refusal(429, 'sign_in_throttled', { retryAt: until.toISOString() })]);
    const user = userEvent.setup();
    renderApp('/family');
    await user.type(await screen.findByLabelText('Email'), 'maria.lopez@example.com');
    await user.type(screen.getByLabelText('Password'), 'wrong');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    const time = new Intl.DateTimeFormat('en', { timeStyle: 'short' }).format(until);
    expect(await screen.findByRole('alert')).toHaveTextContent(
      `Too many wrong passwords. Wait a minute before you try again. You can try again at ${time}.`,
    );
  });

  it('explains empty fields next to them', async () => {
    const user = userEvent.setup();
    renderApp('/family');
    await user.click(await screen.findByRole('button', { name: 'Sign in' }));
    expect(screen.getByLabelText('Email')).toHaveFocus();
    expect(screen.getByLabelText('Email')).toHaveAccessibleDescription('Type your email.');
    expect(screen.getByLabelText('Password')).toHaveAccessibleDescription('Type your password.');
  });

  it('sends a signed-in guardian on to the dashboard', async () => {
    signedIn();
    const { router } = renderApp('/family');
    expect(await screen.findByRole('heading', { level: 1, name: 'My children' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/family/children');
  });

  it('sends a visitor who is not signed in to sign in, and back to the page after', async () => {
    const { router } = renderApp('/family/link');
    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in to the family portal' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/family');

    answer('post', '/family/session', [{ status: 200, body: guardianSession() }]);
    const user = userEvent.setup();
    await fill(user, 'Email', 'maria.lopez@example.com');
    await fill(user, 'Password', 'Right-Passw0rd');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Link a child' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/family/link');
  });

  it('signs out with the family CSRF token and says so; a student signed in on the same computer stays', async () => {
    signedIn();
    server.use(http.get(api('/session'), () => HttpResponse.json(studentSession)));
    const signOut = answer('delete', '/family/session', [{ status: 204 }]);
    const user = userEvent.setup();
    const { router, services } = renderApp('/family/children');

    const nav = await screen.findByRole('navigation', { name: 'Family portal' });
    expect(screen.getByRole('link', { name: 'My children' })).toHaveAttribute('aria-current', 'page');
    expect(screen.getByRole('link', { name: 'My account' })).toHaveAttribute('href', '/family/password');
    await services.queryClient.fetchQuery({
      queryKey: ['session'],
      queryFn: async () => (await services.api.GET('/session')).data ?? null,
    });
    await user.click(screen.getByRole('button', { name: 'Sign out' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in to the family portal' })).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('You are signed out.');
    expect(router.state.location.pathname).toBe('/family');
    expect(nav).not.toBeInTheDocument();
    expect(signOut).toEqual([{ body: undefined, query: '', csrf: familyCsrf }]);
    expect(services.queryClient.getQueryData(['session'])).toEqual(studentSession);
  });

  it('sends each session its own CSRF token when a student and a guardian are both signed in', async () => {
    signedIn();
    const studentSignOut: (string | null)[] = [];
    server.use(
      http.get(api('/session'), () => HttpResponse.json(studentSession)),
      http.delete(api('/session'), ({ request }) => {
        studentSignOut.push(request.headers.get('X-CSRF-Token'));
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const language = answer('put', '/family/me/language', [{ status: 204 }]);
    const user = userEvent.setup();
    const { services } = renderApp('/family/password');
    await screen.findByRole('heading', { level: 1, name: 'My account' });
    await services.queryClient.fetchQuery({
      queryKey: ['session'],
      queryFn: async () => (await services.api.GET('/session')).data ?? null,
    });

    await user.click(screen.getByRole('radio', { name: 'Español' }));
    await user.click(screen.getByRole('button', { name: 'Save the language' }));
    await waitFor(() => expect(language).toHaveLength(1));
    await services.api.DELETE('/session');
    expect(language[0]?.csrf).toBe(familyCsrf);
    expect(studentSignOut).toEqual(['student-csrf']);
  });
});
