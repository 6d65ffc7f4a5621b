import { screen, waitFor } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../../test/render-app.tsx';
import { flowExpired, mockForgot, tooSoon } from './forgot-test-api.ts';

async function verifyWithPin(user: UserEvent) {
  await user.type(await screen.findByLabelText('Username or school email'), 'danielo4821');
  await user.click(screen.getByRole('button', { name: 'Next' }));
  await user.click(await screen.findByRole('link', { name: 'Use my PIN' }));
  await user.type(await screen.findByLabelText('Recovery PIN'), '418063');
  await user.click(screen.getByRole('button', { name: 'Check my PIN' }));
}

async function submitPassword(user: UserEvent, password = 'Sunny-Kite-42') {
  await screen.findByRole('heading', { level: 1, name: 'Choose a new password' });
  await user.type(screen.getByLabelText('New password'), password);
  await user.type(screen.getByLabelText('Type it again'), password);
  await user.click(screen.getByRole('button', { name: 'Change my password' }));
}

/** The list item that reads text, a link inside it included. */
function listItem(text: string): HTMLElement {
  return screen.getByText((_, el) => el?.tagName === 'LI' && el.textContent === text);
}

// Whole flows through the real routes: slow on a busy 2-core machine.
describe('forgot-password refusals', { timeout: 30_000 }, () => {
  it('explains the 30-day limit with the next date and the other ways to get help', async () => {
    mockForgot({ verify: [tooSoon('2026-04-02T15:00:00Z')] });
    const user = userEvent.setup();
    renderApp('/forgot');
    await verifyWithPin(user);

    const title = await screen.findByRole('heading', { level: 1, name: 'You reset your password recently' });
    await waitFor(() => expect(title).toHaveFocus());
    expect(screen.getByText(/You already reset your password by yourself recently/)).toBeInTheDocument();
    expect(screen.getByText('You can reset it by yourself again on April 2, 2026.')).toBeInTheDocument();
    expect(listItem('A parent or guardian can reset it for you in the family portal.')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'family portal' })).toHaveAttribute('href', '/family');
    expect(screen.getByText('Your teacher or the school office can reset it for you.')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Back to sign in' })).toHaveAttribute('href', '/');

    await user.click(screen.getByRole('button', { name: 'Español' }));
    expect(screen.getByText('Podrás restablecerla por tu cuenta otra vez el 2 de abril de 2026.')).toBeInTheDocument();
    expect(listItem('Tu mamá, papá o tutor puede restablecerla en el portal para familias.')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'portal para familias' })).toHaveAttribute('href', '/family');
  });

  it('shows the 30-day refusal when a racing reset won first', async () => {
    const sent = mockForgot({ reset: [tooSoon('2026-04-02T15:00:00Z')] });
    const user = userEvent.setup();
    renderApp('/forgot');
    await verifyWithPin(user);
    await submitPassword(user);
    expect(await screen.findByRole('heading', { level: 1, name: 'You reset your password recently' })).toBeInTheDocument();
    expect(screen.getByText('You can reset it by yourself again on April 2, 2026.')).toBeInTheDocument();
    expect(sent.reset).toHaveLength(1);
  });

  it('says until when a locked recovery waits, in the current language', async () => {
    const until = new Date();
    until.setHours(23, 45, 0, 0);
    mockForgot({
      verify: [
        {
          status: 429,
          body: { code: 'recovery_locked', message: 'Too many wrong tries.', retryAt: until.toISOString() },
        },
      ],
    });
    const user = userEvent.setup();
    renderApp('/forgot');
    await verifyWithPin(user);

    expect(await screen.findByRole('heading', { level: 1, name: 'Too many tries' })).toBeInTheDocument();
    const time = new Intl.DateTimeFormat('en', { timeStyle: 'short' }).format(until);
    expect(screen.getByText(`You can try again at ${time}.`)).toBeInTheDocument();
    expect(listItem('A parent or guardian can reset it for you in the family portal.')).toBeInTheDocument();
    expect(screen.getByText('Your teacher or the school office can reset it for you.')).toBeInTheDocument();
  });

  it('explains that too many wrong tries turned self-service off, and who can help', async () => {
    mockForgot({
      verify: [{ status: 403, body: { code: 'recovery_disabled', message: 'This way of resetting is turned off.' } }],
    });
    const user = userEvent.setup();
    renderApp('/forgot');
    await verifyWithPin(user);

    expect(await screen.findByRole('heading', { level: 1, name: 'Resetting by yourself is turned off' })).toBeInTheDocument();
    expect(screen.getByText(/Too many wrong tries turned off resetting/)).toBeInTheDocument();
    expect(listItem('A parent or guardian can reset it for you in the family portal.')).toBeInTheDocument();
    expect(screen.getByText('Your teacher or the school office can reset it for you.')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Back to sign in' })).toBeInTheDocument();
  });

  it('starts again, keeping the username, when a step took too long', async () => {
    const sent = mockForgot({ verify: [flowExpired, { status: 200, body: { resetToken: 'reset-2' } }], reset: [flowExpired] });
    const user = userEvent.setup();
    renderApp('/forgot');
    await verifyWithPin(user);

    expect(await screen.findByRole('heading', { level: 1, name: 'This took too long' })).toBeInTheDocument();
    await user.click(screen.getByRole('link', { name: 'Start again' }));
    const username = await screen.findByLabelText('Username or school email');
    expect(username).toHaveValue('danielo4821');
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await user.click(await screen.findByRole('link', { name: 'Use my PIN' }));
    await user.type(await screen.findByLabelText('Recovery PIN'), '418063');
    await user.click(screen.getByRole('button', { name: 'Check my PIN' }));
    expect(sent.verify).toEqual([
      { flowToken: 'flow-1', method: 'pin', pin: '418063' },
      { flowToken: 'flow-2', method: 'pin', pin: '418063' },
    ]);

    // The reset token can run out too.
    await submitPassword(user);
    expect(await screen.findByRole('heading', { level: 1, name: 'This took too long' })).toBeInTheDocument();
    expect(sent.reset).toEqual([{ resetToken: 'reset-2', newPassword: 'Sunny-Kite-42', confirmPassword: 'Sunny-Kite-42' }]);
  });

  it("shows the server's password rules next to the password field and stays on the step", async () => {
    const sent = mockForgot({
      reset: [
        {
          status: 422,
          body: {
            code: 'password_rules',
            message: 'That password does not follow the rules yet.',
            details: [{ rule: 'same_as_current', message: 'Pick a password you have not used here.', field: 'newPassword' }],
          },
        },
        { status: 204 },
      ],
    });
    const user = userEvent.setup();
    renderApp('/forgot');
    await verifyWithPin(user);
    await submitPassword(user);

    const password = screen.getByLabelText('New password');
    await waitFor(() => expect(password).toHaveAttribute('aria-invalid', 'true'));
    expect(password).toHaveAccessibleDescription(expect.stringContaining('Pick a new password, not the one you use now.'));
    expect(screen.getByRole('heading', { level: 1, name: 'Choose a new password' })).toBeInTheDocument();
    await waitFor(() => expect(password).toHaveFocus());

    await user.clear(password);
    await user.clear(screen.getByLabelText('Type it again'));
    await submitPassword(user, 'Brand-New-Kite-77');
    expect(await screen.findByRole('heading', { level: 1, name: 'Your password is changed' })).toBeInTheDocument();
    expect(sent.reset).toHaveLength(2);
  });
});
