import { screen, waitFor } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCommonList } from '../../lib/password-rules.ts';
import { renderApp } from '../../test/render-app.tsx';
import { answer, familyCsrf, fill, guardianSession, signedIn } from './family-test-api.ts';

const password = 'Sunny-Kite-42';

async function change(user: UserEvent, current = 'Old-Passw0rd') {
  await screen.findByRole('heading', { level: 1, name: 'Change your password' });
  await fill(user, 'Current password', current);
  await fill(user, 'New password', password);
  await fill(user, 'Type the new password again', password);
  await user.click(screen.getByRole('button', { name: 'Change my password' }));
}

describe('FamilyPasswordPage', { timeout: 30_000 }, () => {
  beforeAll(() => loadCommonList());

  it('changes the password and keeps the fresh session, whose token the next request sends', async () => {
    signedIn({ children: [] });
    const sent = answer('post', '/family/me/password', [{ status: 200, body: guardianSession({}, 'family-csrf-2') }]);
    const language = answer('put', '/family/me/language', [{ status: 204 }]);
    const user = userEvent.setup();
    const { router } = renderApp('/family/children');
    await user.click(await screen.findByRole('link', { name: 'Change my password' }));
    await change(user);

    expect(await screen.findByRole('heading', { level: 1, name: 'My children' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/family/children');
    expect(await screen.findByText('Your password is changed. We sent you an email about the change.')).toBeInTheDocument();
    expect(sent).toEqual([
      {
        body: { currentPassword: 'Old-Passw0rd', newPassword: password, confirmPassword: password },
        csrf: familyCsrf,
      },
    ]);

    await user.click(screen.getByRole('button', { name: 'Español' }));
    await waitFor(() => expect(language).toHaveLength(1));
    expect(language[0]?.csrf).toBe('family-csrf-2');
  });

  it('marks a wrong current password at its field', async () => {
    signedIn();
    answer('post', '/family/me/password', [
      {
        status: 422,
        body: {
          code: 'current_password_wrong',
          message: 'Wrong.',
          details: [{ rule: 'current_password', field: 'currentPassword', message: 'Wrong.' }],
        },
      },
    ]);
    const user = userEvent.setup();
    renderApp('/family/password');
    await change(user, 'Not-Right-1');
    const current = screen.getByLabelText('Current password');
    await waitFor(() =>
      expect(current).toHaveAccessibleDescription(
        expect.stringContaining('That is not your current password. Check it and try again.'),
      ),
    );
    await waitFor(() => expect(current).toHaveFocus());
    expect(screen.queryByRole('alert', { name: /session/ })).not.toBeInTheDocument();
  });

  it('asks for the current password and a new one that follows the rules', async () => {
    signedIn();
    const sent = answer('post', '/family/me/password', [{ status: 200, body: guardianSession() }]);
    const user = userEvent.setup();
    renderApp('/family/password');
    await screen.findByRole('heading', { level: 1, name: 'Change your password' });
    await fill(user, 'New password', 'maria.lopez-1A');
    await user.click(screen.getByRole('button', { name: 'Change my password' }));
    expect(screen.getByLabelText('Current password')).toHaveAccessibleDescription(
      expect.stringContaining('Type your current password.'),
    );
    expect(screen.getByLabelText('Current password')).toHaveFocus();
    expect(screen.getByLabelText('New password')).toHaveAccessibleDescription(
      expect.stringContaining("Don't put the first part of your email (before the @) in your password."),
    );
    expect(sent).toHaveLength(0);
  });
});
