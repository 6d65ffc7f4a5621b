import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { api, server } from '../../test/server.ts';
import { renderApp } from '../../test/render-app.tsx';

const session = {
  csrfToken: 'csrf-abc',
  expiresAt: '2030-01-01T00:00:00Z',
  account: { kind: 'student', username: 'johns1234', firstName: 'John', mustChangePassword: false },
};

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

function signedIn(body: typeof account | Record<string, unknown> = account) {
  server.use(
    http.get(api('/session'), () => HttpResponse.json(session)),
    http.get(api('/me/account'), () => HttpResponse.json(body)),
  );
}

function row(name: string): HTMLElement {
  const term = screen.getByText(name, { selector: 'dt' });
  const container = term.parentElement;
  if (!container) throw new Error(`no row for ${name}`);
  return container;
}

describe('AccountPage', () => {
  it('summarises the account with dates in the current language', async () => {
    signedIn();
    const user = userEvent.setup();
    renderApp('/account');

    expect(await screen.findByText('Hi, John!')).toBeInTheDocument();
    expect(within(row('Recovery PIN')).getByText('Set')).toBeInTheDocument();
    expect(within(row('Security questions')).getByText('Not set')).toBeInTheDocument();
    expect(within(row('Password last changed')).getByText('January 15, 2026')).toBeInTheDocument();
    expect(within(row('Next reset with PIN or questions')).getByText('March 4, 2026')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Español' }));
    expect(await screen.findByText('¡Hola, John!')).toBeInTheDocument();
    expect(within(row('Próximo cambio con PIN o preguntas')).getByText('4 de marzo de 2026')).toBeInTheDocument();
  });

  it('says when a self-reset is possible now, or not at all', async () => {
    signedIn({ ...account, selfResetAvailable: true, nextSelfResetAt: null, passwordChangedAt: null });
    renderApp('/account');
    expect(await screen.findByText('Available now')).toBeInTheDocument();
    expect(within(row('Password last changed')).getByText('Not yet')).toBeInTheDocument();
  });

  it('offers to set a PIN and questions, or to change them once set', async () => {
    signedIn({ ...account, pinSet: false, questionsSet: false, nextSelfResetAt: null });
    const first = renderApp('/account');
    expect(await screen.findByRole('link', { name: 'Set a PIN' })).toHaveAttribute('href', '/account/pin');
    expect(screen.getByRole('link', { name: 'Choose security questions' })).toHaveAttribute(
      'href',
      '/account/questions',
    );
    expect(screen.getByRole('link', { name: 'Change my password' })).toHaveAttribute('href', '/change-password');
    expect(within(row('Next reset with PIN or questions')).getByText('Set a PIN or security questions first')).toBeInTheDocument();
    first.unmount();

    signedIn({ ...account, pinSet: true, questionsSet: true });
    renderApp('/account');
    expect(await screen.findByRole('link', { name: 'Change PIN' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Change questions' })).toBeInTheDocument();
  });

  it('tells a young student who can help, with no PIN or questions to set', async () => {
    signedIn({ ...account, grade: 1, selfResetEligible: false, pinSet: false, questionsSet: false });
    renderApp('/account');
    const help = await screen.findByRole('region', { name: 'Forgot your password?' });
    expect(help).toHaveTextContent("You can't reset your password by yourself yet.");
    expect(help).toHaveTextContent('A parent or guardian can reset it in the family portal.');
    expect(within(help).getByRole('link', { name: 'family portal' })).toHaveAttribute('href', '/family');
    expect(help).toHaveTextContent('Your teacher or the school office can reset it too.');
    expect(screen.queryByRole('link', { name: /PIN/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('link', { name: /questions/ })).not.toBeInTheDocument();
    expect(screen.queryByText('Recovery PIN')).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Change my password' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Sign out' })).toBeInTheDocument();
  });

  it('gives a picture sign-in the young student’s page, saying how she came in and who can help', async () => {
    signedIn({ ...account, grade: 1, selfResetEligible: false, signedInWith: 'pictures' });
    const user = userEvent.setup();
    renderApp('/account');
    expect(await screen.findByText('Hi, John! You are in.')).toBeInTheDocument();
    expect(screen.getByText('You signed in with your pictures.')).toBeInTheDocument();
    expect(screen.queryByText(/badge/)).not.toBeInTheDocument();
    const help = screen.getByRole('region', { name: 'Need help?' });
    expect(help).toHaveTextContent('Your teacher can help you, and can give you new pictures.');
    expect(help).toHaveTextContent('Your family can help you at home.');
    expect(screen.queryByRole('link', { name: 'Change my password' })).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Español' }));
    expect(await screen.findByText('Entraste con tus dibujos.')).toBeInTheDocument();
    expect(screen.getByText('Tu maestro puede ayudarte y darte dibujos nuevos.')).toBeInTheDocument();
  });

  it('keeps the badge sentence for a badge sign-in', async () => {
    signedIn({ ...account, grade: 1, selfResetEligible: false, signedInWith: 'badge' });
    renderApp('/account');
    expect(await screen.findByText('You signed in with your badge. Keep your badge safe, like a key.')).toBeInTheDocument();
    expect(screen.getByText('Your teacher can help you, and can give you a new badge.')).toBeInTheDocument();
    expect(screen.queryByText(/pictures/)).not.toBeInTheDocument();
  });

  it('signs out with the CSRF token and returns to sign-in', async () => {
    let csrf: string | null = null;
    let accountReads = 0;
    server.use(
      http.get(api('/session'), () => HttpResponse.json(session)),
      http.get(api('/me/account'), () => {
        accountReads++;
        return HttpResponse.json(account);
      }),
      http.delete(api('/session'), ({ request }) => {
        csrf = request.headers.get('X-CSRF-Token');
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const user = userEvent.setup();
    const { router } = renderApp('/account');
    await user.click(await screen.findByRole('button', { name: 'Sign out' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in' })).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('You are signed out.');
    expect(router.state.location.pathname).toBe('/');
    expect(csrf).toBe('csrf-abc');
    expect(accountReads).toBe(1);
  });

  it('sends a visitor who is not signed in to sign in, and back after', async () => {
    const { router } = renderApp('/account');
    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/');

    server.use(
      http.post(api('/session'), () => HttpResponse.json(session)),
      http.get(api('/me/account'), () => HttpResponse.json(account)),
    );
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Username or school email'), 'johns1234');
    await user.type(screen.getByLabelText('Password'), 'Right-Passw0rd');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('Hi, John!')).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/account');
  });
});
