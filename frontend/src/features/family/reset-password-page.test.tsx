import { screen, waitFor } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadCommonList } from '../../lib/password-rules.ts';
import { renderApp } from '../../test/render-app.tsx';
import { answer, fill, refusal } from '../../test/answer.ts';

const password = 'Sunny-Kite-42';

function openLink(token = 'reset-tok') {
  return renderApp(`/family/reset-password#token=${token}`);
}

async function choose(user: UserEvent, pw = password) {
  // The form shows once the link is known to work.
  await screen.findByLabelText('New password');
  await fill(user, 'New password', pw);
  await fill(user, 'Type the new password again', pw);
  await user.click(screen.getByRole('button', { name: 'Save my new password' }));
}

describe('ResetPasswordPage', { timeout: 30_000 }, () => {
  beforeAll(() => loadCommonList());
  // The link works unless a test says otherwise.
  let checked: ReturnType<typeof answer>;
  beforeEach(() => {
    checked = answer('post', '/family/forgot/check', [{ status: 204 }, { status: 204 }]);
  });

  it('reports a dead link as soon as the page opens, before any password is typed', async () => {
    answer('post', '/family/forgot/check', [refusal(410, 'link_expired')]);
    openLink('dead-tok');
    const title = await screen.findByRole('heading', { level: 1, name: 'This link has expired or was already used' });
    await waitFor(() => expect(title).toHaveFocus());
    expect(screen.queryByLabelText('New password')).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Send a new link' })).toHaveAttribute('href', '/family/forgot');
  });

  it('checks the link without spending it, then shows the form', async () => {
    openLink('live-tok');
    expect(await screen.findByLabelText('New password')).toBeInTheDocument();
    expect(checked).toEqual([{ body: { token: 'live-tok' }, query: '', csrf: null }]);
  });

  it('offers to check again when the check itself failed', async () => {
    answer('post', '/family/forgot/check', [{ status: 500 }, { status: 204 }]);
    const user = userEvent.setup();
    openLink();
    expect(await screen.findByText('We could not check your link.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByLabelText('New password')).toBeInTheDocument();
  });

  it('sets a new password with the emailed token', async () => {
    const sent = answer('post', '/family/forgot/reset', [{ status: 204 }]);
    const user = userEvent.setup();
    const { router } = openLink();
    await screen.findByRole('heading', { level: 1, name: 'Choose a new password' });
    await waitFor(() => expect(router.state.location.hash).toBe(''));
    expect(screen.getByText('Your new password needs:')).toBeInTheDocument();
    await choose(user);

    const title = await screen.findByRole('heading', { level: 1, name: 'Your password is changed' });
    await waitFor(() => expect(title).toHaveFocus());
    expect(screen.getByText('Any place you were signed in to the family portal is now signed out.')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Sign in' })).toHaveAttribute('href', '/family');
    expect(sent).toEqual([{ body: { token: 'reset-tok', newPassword: password, confirmPassword: password }, query: '', csrf: null }]);
  });

  it('says an expired or used link cannot work and offers a new one', async () => {
    answer('post', '/family/forgot/reset', [refusal(410, 'link_expired')]);
    const user = userEvent.setup();
    openLink();
    await choose(user);
    const title = await screen.findByRole('heading', { level: 1, name: 'This link has expired or was already used' });
    await waitFor(() => expect(title).toHaveFocus());
    expect(screen.getByText('A link to choose a new password works once, for 30 minutes.')).toBeInTheDocument();
    await user.click(screen.getByRole('link', { name: 'Send a new link' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Forgot your password?' })).toBeInTheDocument();
  });

  it("shows the server's password rules next to the field", async () => {
    const sent = answer('post', '/family/forgot/reset', [
      {
        status: 422,
        body: {
          code: 'password_rules',
          message: 'That password does not follow the rules yet.',
          details: [{ rule: 'contains_name', field: 'newPassword', message: 'No names.' }],
        },
      },
    ]);
    const user = userEvent.setup();
    openLink();
    await choose(user, 'Maria-Kite-42');
    const field = screen.getByLabelText('New password');
    await waitFor(() => expect(field).toHaveAttribute('aria-invalid', 'true'));
    expect(field).toHaveAccessibleDescription(expect.stringContaining("Don't put your name in your password."));
    await waitFor(() => expect(field).toHaveFocus());
    expect(sent).toHaveLength(1);
  });

  it('checks the rules before asking the server', async () => {
    const sent = answer('post', '/family/forgot/reset', [{ status: 204 }]);
    const user = userEvent.setup();
    openLink();
    await choose(user, 'short');
    expect(screen.getByLabelText('New password')).toHaveAccessibleDescription(
      expect.stringContaining('Use at least 8 characters.'),
    );
    expect(sent).toHaveLength(0);
  });

  it('starts over when the link is opened again in the same tab, and says it was used', async () => {
    const sent = answer('post', '/family/forgot/reset', [{ status: 204 }, refusal(410, 'link_expired')]);
    const user = userEvent.setup();
    const { router } = openLink();
    await choose(user);
    await screen.findByRole('heading', { level: 1, name: 'Your password is changed' });

    // A fragment navigation: no reload, the page is still there.
    await router.navigate('/family/reset-password#token=reset-tok');
    await choose(user, 'Other-Kite-43');
    expect(
      await screen.findByRole('heading', { level: 1, name: 'This link has expired or was already used' }),
    ).toBeInTheDocument();
    expect(sent.map((s) => (s.body as { token: string }).token)).toEqual(['reset-tok', 'reset-tok']);
  });

  it('says a link without its token is not complete', async () => {
    renderApp('/family/reset-password');
    expect(await screen.findByRole('heading', { level: 1, name: 'This link is not complete' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Send a new link' })).toHaveAttribute('href', '/family/forgot');
  });
});
