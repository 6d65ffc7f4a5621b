import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { api, server } from '../../test/server.ts';
import { renderApp } from '../../test/render-app.tsx';
import { account, csrfToken, describers, refusal, session, signedIn } from './test-data.ts';

type User = ReturnType<typeof userEvent.setup>;

async function fill(user: User, current = 'Old-Passw0rd', next = 'Purple-Otter-42', confirm = next) {
  await user.type(await screen.findByLabelText('Current password'), current);
  await user.type(screen.getByLabelText('New password'), next);
  await user.type(screen.getByLabelText('Type the new password again'), confirm);
}

describe('ChangePasswordPage', () => {
  it('has labelled fields that password managers understand', async () => {
    signedIn();
    renderApp('/change-password');
    expect(await screen.findByRole('heading', { level: 1, name: 'Change your password' })).toBeInTheDocument();
    expect(await screen.findByLabelText('Current password')).toHaveAttribute('autocomplete', 'current-password');
    expect(screen.getByLabelText('New password')).toHaveAttribute('autocomplete', 'new-password');
    expect(screen.getByLabelText('Type the new password again')).toHaveAttribute('autocomplete', 'new-password');
    expect(screen.getByText('Your new password needs:')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Back to my account' })).toHaveAttribute('href', '/account');
    expect(screen.queryByText(/starting password/)).not.toBeInTheDocument();
  });

  it('changes the password, keeps the new session and confirms on the account page', async () => {
    signedIn();
    let sent: { body: unknown; csrf: string | null } | undefined;
    let signOutToken: string | null = null;
    server.use(
      http.post(api('/me/password'), async ({ request }) => {
        sent = { body: await request.json(), csrf: request.headers.get('X-CSRF-Token') };
        return HttpResponse.json(session(false, 'csrf-fresh'));
      }),
      http.delete(api('/session'), ({ request }) => {
        signOutToken = request.headers.get('X-CSRF-Token');
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const user = userEvent.setup();
    const { router } = renderApp('/change-password');
    await fill(user);
    await user.click(screen.getByRole('button', { name: 'Change my password' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'My account' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/account');
    expect(
      await screen.findByText('Your password is changed. We sent an email to your school address.'),
    ).toBeInTheDocument();
    expect(sent).toEqual({
      csrf: csrfToken,
      body: { currentPassword: 'Old-Passw0rd', newPassword: 'Purple-Otter-42', confirmPassword: 'Purple-Otter-42' },
    });

    // The old session ended with the change: the next request carries the new token.
    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    await waitFor(() => expect(signOutToken).toBe('csrf-fresh'));
  }, 15_000);

  it("shows the server's refusals next to the right field", async () => {
    signedIn();
    server.use(
      http.post(api('/me/password'), () =>
        refusal('password_rules', [{ rule: 'same_as_current', field: 'newPassword' }]),
      ),
    );
    const user = userEvent.setup();
    renderApp('/change-password');
    await fill(user);
    await user.click(screen.getByRole('button', { name: 'Change my password' }));

    const next = screen.getByLabelText('New password');
    await waitFor(() => expect(next).toHaveFocus());
    expect(next).toHaveAttribute('aria-invalid', 'true');
    expect(describers(next).find((el) => el.getAttribute('role') === 'alert')).toHaveTextContent(
      'Pick a new password, not the one you use now.',
    );
    expect(screen.getByLabelText('Current password')).not.toHaveAttribute('aria-invalid');
  });

  it('shows a wrong current password next to that field', async () => {
    signedIn();
    server.use(
      http.post(api('/me/password'), () =>
        refusal('current_password_wrong', [{ rule: 'current_password', field: 'currentPassword' }]),
      ),
    );
    const user = userEvent.setup();
    renderApp('/change-password');
    await fill(user);
    await user.click(screen.getByRole('button', { name: 'Change my password' }));

    const current = screen.getByLabelText('Current password');
    await waitFor(() => expect(current).toHaveFocus());
    expect(describers(current).find((el) => el.getAttribute('role') === 'alert')).toHaveTextContent(
      'That is not your current password. Check it and try again.',
    );
    expect(screen.getByLabelText('New password')).not.toHaveAttribute('aria-invalid');
  });

  it('checks the rules, with the last name from the account, before asking the server', async () => {
    signedIn();
    let requests = 0;
    server.use(
      http.post(api('/me/password'), () => {
        requests++;
        return HttpResponse.json(session());
      }),
    );
    const user = userEvent.setup();
    renderApp('/change-password');
    await screen.findByLabelText('Current password');
    // The account (with the last name) has loaded before typing.
    await waitFor(() => expect(screen.getByRole('link', { name: 'Back to my account' })).toBeInTheDocument());
    await fill(user, 'Old-Passw0rd', 'Smithy-Rocket-9');
    await user.click(screen.getByRole('button', { name: 'Change my password' }));

    const next = screen.getByLabelText('New password');
    await waitFor(() => expect(next).toHaveFocus());
    expect(next).toHaveAccessibleDescription(expect.stringContaining("Don't put your name in your password."));
    expect(requests).toBe(0);
  });

  describe('when the school asks for a new password', () => {
    const freshSession = () => ({ ...session(true), freshSignInUntil: new Date(Date.now() + 9 * 60_000).toISOString() });

    it('does not ask again for the password typed at sign-in moments ago', async () => {
      const sent: unknown[] = [];
      server.use(
        http.get(api('/session'), () => HttpResponse.json(freshSession())),
        http.post(api('/me/password'), async ({ request }) => {
          sent.push(await request.json());
          return HttpResponse.json(session(false, 'csrf-fresh'));
        }),
        http.get(api('/me/account'), () => HttpResponse.json(account)),
      );
      const user = userEvent.setup();
      renderApp('/change-password');
      await user.type(await screen.findByLabelText('New password'), 'Purple-Otter-42');
      expect(screen.queryByLabelText('Current password')).not.toBeInTheDocument();
      await user.type(screen.getByLabelText('Type the new password again'), 'Purple-Otter-42');
      await user.click(screen.getByRole('button', { name: 'Change my password' }));
      expect(await screen.findByRole('heading', { level: 1, name: 'My account' })).toBeInTheDocument();
      expect(sent).toEqual([{ newPassword: 'Purple-Otter-42', confirmPassword: 'Purple-Otter-42' }]);
    });

    it('asks for the current password once the server says the moment is over, and sends it', async () => {
      const bodies: Record<string, unknown>[] = [];
      server.use(
        http.get(api('/session'), () => HttpResponse.json(freshSession())),
        http.post(api('/me/password'), async ({ request }) => {
          bodies.push((await request.json()) as Record<string, unknown>);
          return HttpResponse.json(
            {
              code: 'missing_field',
              message: 'The field "currentPassword" is missing.',
              details: [{ rule: 'required', field: 'currentPassword', message: 'missing' }],
            },
            { status: 400 },
          );
        }),
      );
      const user = userEvent.setup();
      renderApp('/change-password');
      await user.type(await screen.findByLabelText('New password'), 'Purple-Otter-42');
      await user.type(screen.getByLabelText('Type the new password again'), 'Purple-Otter-42');
      await user.click(screen.getByRole('button', { name: 'Change my password' }));
      const current = await screen.findByLabelText('Current password');
      await waitFor(() => expect(current).toHaveFocus());
      expect(bodies).toEqual([{ newPassword: 'Purple-Otter-42', confirmPassword: 'Purple-Otter-42' }]);

      await user.type(current, 'Starting-Pass-19');
      await user.click(screen.getByRole('button', { name: 'Change my password' }));
      await waitFor(() => expect(bodies).toHaveLength(2));
      expect(bodies[1]).toEqual({
        currentPassword: 'Starting-Pass-19',
        newPassword: 'Purple-Otter-42',
        confirmPassword: 'Purple-Otter-42',
      });
    });

    it('holds the student on this screen until they choose one, then lands on the account page', async () => {
      let accountReads = 0;
      let mustChange = true;
      server.use(
        http.get(api('/session'), () => HttpResponse.json(session(mustChange))),
        http.get(api('/me/account'), () => {
          accountReads++;
          if (mustChange) {
            return HttpResponse.json(
              { code: 'password_change_required', message: 'Please choose a new password first.' },
              { status: 403 },
            );
          }
          return HttpResponse.json(account);
        }),
        http.post(api('/me/password'), () => {
          mustChange = false;
          return HttpResponse.json(session(false, 'csrf-fresh'));
        }),
      );
      const user = userEvent.setup();
      const { router } = renderApp('/account');

      expect(await screen.findByRole('heading', { level: 1, name: 'Change your password' })).toBeInTheDocument();
      expect(router.state.location.pathname).toBe('/change-password');
      expect(
        screen.getByText('Your school gave you a starting password. Choose your own before you go on.'),
      ).toBeInTheDocument();
      expect(screen.getByLabelText('Current password')).toHaveAccessibleDescription(
        'The starting password your school gave you.',
      );
      expect(screen.queryByRole('link', { name: 'Back to my account' })).not.toBeInTheDocument();
      expect(screen.getByRole('button', { name: 'Sign out' })).toBeInTheDocument();

      // At most the one read asked for with the first page, before the session was known.
      const readsBefore = accountReads;
      expect(readsBefore).toBeLessThanOrEqual(1);
      await router.navigate('/account/pin');
      await waitFor(() => expect(router.state.location.pathname).toBe('/change-password'));
      expect(accountReads).toBe(readsBefore);

      await fill(user, 'School-Issued1');
      await user.click(screen.getByRole('button', { name: 'Change my password' }));

      expect(await screen.findByRole('heading', { level: 1, name: 'My account' })).toBeInTheDocument();
      expect(router.state.location.pathname).toBe('/account');
      expect(
        await screen.findByText('Your password is changed. We sent an email to your school address.'),
      ).toBeInTheDocument();
      expect(await screen.findByText('Hi, John!')).toBeInTheDocument();
    }, 15_000);

    it('names the parent or guardian who gave the starting password', async () => {
      server.use(
        http.get(api('/session'), () => HttpResponse.json(session(true, csrfToken, 'guardian'))),
        http.get(api('/me/account'), () =>
          HttpResponse.json({ code: 'password_change_required', message: 'Please choose a new password first.' }, { status: 403 }),
        ),
      );
      renderApp('/change-password');
      expect(
        await screen.findByText('Your parent or guardian gave you a starting password. Choose your own before you go on.'),
      ).toBeInTheDocument();
      expect(screen.getByLabelText('Current password')).toHaveAccessibleDescription(
        'The starting password your parent or guardian gave you.',
      );
      expect(screen.queryByText(/school gave you/)).not.toBeInTheDocument();
    });
  });
});
