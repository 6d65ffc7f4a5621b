import { screen, waitFor } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCommonList } from '../../lib/password-rules.ts';
import { renderApp } from '../../test/render-app.tsx';
import { answer, fill } from '../../test/answer.ts';
import { familyCsrf, guardianSession, signedIn } from './family-test-api.ts';

const password = 'Sunny-Kite-42';

async function change(user: UserEvent, current = 'Old-Passw0rd') {
  await screen.findByRole('heading', { level: 2, name: 'Change your password' });
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
    await user.click(await screen.findByRole('link', { name: 'My account' }));
    await change(user);

    expect(await screen.findByRole('heading', { level: 1, name: 'My children' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/family/children');
    expect(await screen.findByText('Your password is changed. We sent you an email about the change.')).toBeInTheDocument();
    expect(sent).toEqual([
      {
        body: { currentPassword: 'Old-Passw0rd', newPassword: password, confirmPassword: password },
        query: '',
        csrf: familyCsrf,
      },
    ]);

    await user.click(screen.getByRole('link', { name: 'My account' }));
    await user.click(await screen.findByRole('radio', { name: 'Español' }));
    await user.click(screen.getByRole('button', { name: 'Save the language' }));
    await waitFor(() => expect(language).toHaveLength(1));
    expect(language[0]?.csrf).toBe('family-csrf-2');
  });

  it('shows the language of the emails and saves a new one, apart from the language of the pages', async () => {
    signedIn({ session: guardianSession({ locale: 'es' }) });
    const language = answer('put', '/family/me/language', [{ status: 500, body: { code: 'x', message: 'Broken.' } }, { status: 204 }]);
    const user = userEvent.setup();
    renderApp('/family/password');
    expect(await screen.findByRole('heading', { level: 1, name: 'My account' })).toBeInTheDocument();
    const group = screen.getByRole('group', { name: 'Language of our emails' });
    expect(group).toHaveAccessibleDescription('The language switch at the top changes only these pages.');
    expect(screen.getByRole('radio', { name: 'Español' })).toBeChecked();

    await user.click(screen.getByRole('radio', { name: 'English' }));
    await user.click(screen.getByRole('button', { name: 'Save the language' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('We could not save the language of our emails.');
    await user.click(screen.getByRole('button', { name: 'Save the language' }));
    expect(await screen.findByText('Saved. Our next emails to you will be in English.')).toBeInTheDocument();
    expect(language.map((r) => r.body)).toEqual([{ locale: 'en' }, { locale: 'en' }]);
    // The pages stay in English, as they were: saving changed the emails only.
    expect(screen.getByRole('heading', { level: 1, name: 'My account' })).toBeInTheDocument();
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
    await screen.findByRole('heading', { level: 2, name: 'Change your password' });
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
