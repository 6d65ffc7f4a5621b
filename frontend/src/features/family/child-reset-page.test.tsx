import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse, type JsonBodyType } from 'msw';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCommonList } from '../../lib/password-rules.ts';
import { renderApp } from '../../test/render-app.tsx';
import { api, server } from '../../test/server.ts';
import { answer, fill, refusal, type Reply } from '../../test/answer.ts';
import { ana, familyCsrf, maya, signedIn } from './family-test-api.ts';

const password = 'Sunny-Kite-42';
const path = '/family/children/c-maya/reset';

function setup(replies: Reply[], child: JsonBodyType = maya) {
  signedIn({ children: [maya] });
  server.use(http.get(api('/family/children/c-maya'), () => HttpResponse.json(child)));
  const sent = answer('post', '/family/children/c-maya/password', replies);
  const user = userEvent.setup();
  const view = renderApp(path);
  return { sent, user, ...view };
}

function checklistLine(text: string): HTMLElement {
  const line = screen.getAllByRole('listitem').find((li) => li.textContent?.includes(text));
  if (!line) throw new Error(`no checklist line ${text}`);
  return line;
}

describe('ChildResetPage', { timeout: 30_000 }, () => {
  beforeAll(() => loadCommonList());

  it('resets to a typed password, checked against the child’s names', async () => {
    const { sent, user } = setup([{ status: 200, body: { child: { ...maya, resetsLeftToday: 4 } } }]);
    expect(await screen.findByRole('heading', { level: 1, name: "Reset Maya Lopez's password" })).toBeInTheDocument();
    expect(screen.getByText('Resets left today for Maya: 5')).toBeInTheDocument();
    const how = screen.getByRole('group', { name: 'How do you want to choose the new password?' });
    expect(within(how).getByRole('radio', { name: 'Type a password' })).toBeChecked();
    expect(within(how).getByRole('radio', { name: 'Type a password' })).toHaveAccessibleDescription(
      'You choose it, then tell it to Maya.',
    );
    const mustChange = screen.getByRole('checkbox', { name: 'Maya must choose a new password at the next sign-in' });
    expect(mustChange).not.toBeChecked();
    expect(mustChange).toHaveAccessibleDescription(expect.stringContaining('picks one that only they know'));

    await fill(user, 'New password', 'Maya-Kite-42');
    expect(checklistLine("Doesn't have Maya's name or username in it")).toHaveAttribute('data-state', 'notMet');
    await fill(user, 'New password', password);
    await fill(user, 'Type it again', password);
    await user.click(screen.getByRole('button', { name: 'Reset the password' }));

    const done = await screen.findByRole('heading', { level: 1, name: "Maya Lopez's password is reset" });
    await waitFor(() => expect(done).toHaveFocus());
    expect(screen.getByText('Maya can sign in with the password you chose.')).toBeInTheDocument();
    expect(screen.getByText('Every place Maya was signed in is now signed out.')).toBeInTheDocument();
    expect(
      screen.getByText(
        "We sent a confirmation email to Maya's school email and to every parent or guardian linked to Maya.",
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText(/will choose a new password/)).not.toBeInTheDocument();
    expect(sent).toEqual([
      {
        body: { mode: 'typed', newPassword: password, confirmPassword: password, mustChange: false },
        query: '',
        csrf: familyCsrf,
      },
    ]);

    await user.click(screen.getByRole('link', { name: 'Back to my children' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'My children' })).toBeInTheDocument();
  });

  it('shows a generated password once, large, with a copy button', async () => {
    const { sent, user } = setup([{ status: 200, body: { child: maya, generatedPassword: 'maple-river-47' } }]);
    await screen.findByRole('heading', { level: 1, name: "Reset Maya Lopez's password" });
    await user.click(screen.getByRole('radio', { name: 'Make one for me' }));
    expect(screen.queryByLabelText('New password')).not.toBeInTheDocument();
    await user.click(screen.getByRole('checkbox', { name: 'Maya must choose a new password at the next sign-in' }));
    await user.click(screen.getByRole('button', { name: 'Reset the password' }));

    await screen.findByRole('heading', { level: 1, name: "Maya Lopez's password is reset" });
    const shown = screen.getByRole('region', { name: 'The new password' });
    expect(within(shown).getByText('maple-river-47')).toBeInTheDocument();
    expect(shown).toHaveTextContent('Write it down or copy it now: it is not shown again.');
    await user.click(within(shown).getByRole('button', { name: 'Copy the password' }));
    expect(await within(shown).findByRole('status')).toHaveTextContent('Copied.');
    expect(await navigator.clipboard.readText()).toBe('maple-river-47');
    expect(screen.getByText('Maya will choose a new password at the next sign-in.')).toBeInTheDocument();
    expect(sent).toEqual([{ body: { mode: 'generated', mustChange: true }, query: '', csrf: familyCsrf }]);
  });

  it('says until when the reset limit holds', async () => {
    const until = new Date();
    until.setDate(until.getDate() + 1);
    until.setHours(8, 15, 0, 0);
    const { user } = setup([refusal(429, 'child_reset_limit', { retryAt: until.toISOString() })]);
    await screen.findByRole('heading', { level: 1, name: "Reset Maya Lopez's password" });
    await user.click(screen.getByRole('radio', { name: 'Make one for me' }));
    await user.click(screen.getByRole('button', { name: 'Reset the password' }));
    const alert = await screen.findByRole('alert');
    const date = new Intl.DateTimeFormat('en', { dateStyle: 'long' }).format(until);
    const time = new Intl.DateTimeFormat('en', { timeStyle: 'short' }).format(until);
    expect(alert).toHaveTextContent(`Maya's password was reset too many times today. You can try again on ${date} at ${time}.`);
    await waitFor(() => expect(alert).toHaveFocus());
  });

  it('says a child who is not linked was not found', async () => {
    const { user } = setup([refusal(404, 'not_found')]);
    await screen.findByRole('heading', { level: 1, name: "Reset Maya Lopez's password" });
    await user.click(screen.getByRole('radio', { name: 'Make one for me' }));
    await user.click(screen.getByRole('button', { name: 'Reset the password' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Child not found' })).toBeInTheDocument();
    expect(screen.getByText('This child was not found or is not linked to your account.')).toBeInTheDocument();
  });

  it('says so when the child turned 18 meanwhile', async () => {
    const { user } = setup([refusal(403, 'student_is_adult')]);
    await screen.findByRole('heading', { level: 1, name: "Reset Maya Lopez's password" });
    await user.click(screen.getByRole('radio', { name: 'Make one for me' }));
    await user.click(screen.getByRole('button', { name: 'Reset the password' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'You can no longer reset this password' })).toBeInTheDocument();
    expect(screen.getByText('Maya is 18 or older and now manages their own account.')).toBeInTheDocument();
  });

  it("shows the server's password rules next to the field", async () => {
    const { user } = setup([
      {
        status: 422,
        body: {
          code: 'password_rules',
          message: 'Refused.',
          details: [{ rule: 'common', field: 'newPassword', message: 'Too common.' }],
        },
      },
    ]);
    await screen.findByRole('heading', { level: 1, name: "Reset Maya Lopez's password" });
    await fill(user, 'New password', password);
    await fill(user, 'Type it again', password);
    await user.click(screen.getByRole('button', { name: 'Reset the password' }));
    const field = screen.getByLabelText('New password');
    await waitFor(() =>
      expect(field).toHaveAccessibleDescription(expect.stringContaining('Lots of people use this password')),
    );
    await waitFor(() => expect(field).toHaveFocus());
  });

  it("names the child in the server's refusals and in the empty form's", async () => {
    // A name the page did not know (a middle name, say): only the server can refuse it.
    const { user } = setup([
      {
        status: 422,
        body: {
          code: 'password_rules',
          message: 'Refused.',
          details: [{ rule: 'contains_name', field: 'newPassword', message: "Don't put your name in your password." }],
        },
      },
    ]);
    await screen.findByRole('heading', { level: 1, name: "Reset Maya Lopez's password" });
    expect(screen.getByText("Maya's new password needs:")).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Reset the password' }));
    const field = screen.getByLabelText('New password');
    expect(field).toHaveAccessibleDescription(expect.stringContaining("Type Maya's new password here."));
    expect(screen.getByLabelText('Type it again')).toHaveAccessibleDescription(
      expect.stringContaining("Type Maya's new password again."),
    );

    await fill(user, 'New password', password);
    await fill(user, 'Type it again', password);
    await user.click(screen.getByRole('button', { name: 'Reset the password' }));
    await waitFor(() =>
      expect(field).toHaveAccessibleDescription(expect.stringContaining("Don't put Maya's name in the password.")),
    );
    expect(field).not.toHaveAccessibleDescription(expect.stringContaining('your'));
  });

  it('opens on a child that is not linked, or that is 18 or older', async () => {
    signedIn({ children: [] });
    server.use(
      http.get(api('/family/children/c-nobody'), () =>
        HttpResponse.json({ code: 'not_found', message: 'Not found.' }, { status: 404 }),
      ),
      http.get(api('/family/children/c-ana'), () => HttpResponse.json(ana)),
    );
    const first = renderApp('/family/children/c-nobody/reset');
    expect(await screen.findByRole('heading', { level: 1, name: 'Child not found' })).toBeInTheDocument();
    first.unmount();
    renderApp('/family/children/c-ana/reset');
    expect(await screen.findByRole('heading', { level: 1, name: 'You can no longer reset this password' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Reset the password' })).not.toBeInTheDocument();
  });

  it('comes from the dashboard card', async () => {
    const { user } = setup([{ status: 200, body: { child: maya } }]);
    await screen.findByRole('heading', { level: 1, name: "Reset Maya Lopez's password" });
    await user.click(screen.getByRole('link', { name: 'Back to my children' }));
    await user.click(await screen.findByRole('link', { name: 'Reset password for Maya Lopez' }));
    const title = await screen.findByRole('heading', { level: 1, name: "Reset Maya Lopez's password" });
    await waitFor(() => expect(title).toHaveFocus());
  });
});
