import { screen, waitFor } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../../test/render-app.tsx';
import { answer, fill, refusal, type Reply } from '../../test/answer.ts';
import { describers, familyCsrf, guardianSession, leo, maya, signedIn } from './family-test-api.ts';

async function link(user: UserEvent, studentId = '123 456 789', accessCode = 'hk7p 3mxa-9tqd') {
  await screen.findByRole('heading', { level: 1, name: 'Link a child' });
  await fill(user, 'Student ID', studentId);
  await fill(user, 'Parent access code', accessCode);
  await user.click(screen.getByRole('button', { name: 'Link this child' }));
}

function setup(replies: Reply[], session = guardianSession()) {
  signedIn({ session, children: [maya] });
  const sent = answer('post', '/family/children', replies);
  const user = userEvent.setup();
  const view = renderApp('/family/link');
  return { sent, user, ...view };
}

/** The server also names a refusal of the access code as a rule of that field. */
function codeRule(rule: string) {
  return { rule, field: 'accessCode', message: `Server says ${rule}.` };
}

describe('LinkPage', { timeout: 30_000 }, () => {
  it('links a child and goes back to the dashboard with a success message', async () => {
    const { sent, user, router } = setup([{ status: 201, body: leo }]);
    await screen.findByRole('heading', { level: 1, name: 'Link a child' });
    expect(screen.getByLabelText('Student ID')).toHaveAccessibleDescription('9 digits, on the letter from school');
    expect(screen.getByLabelText('Parent access code')).toHaveAccessibleDescription('XXXX-XXXX-XXXX, on the same letter');
    expect(screen.getByLabelText('Student ID')).toHaveAttribute('inputmode', 'numeric');
    await link(user);

    expect(await screen.findByRole('heading', { level: 1, name: 'My children' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/family/children');
    expect(await screen.findByText('Leo Lopez is now linked to your account.')).toBeInTheDocument();
    expect(sent).toEqual([{ body: { studentId: '123 456 789', accessCode: 'hk7p 3mxa-9tqd' }, query: '', csrf: familyCsrf }]);
  });

  it('checks the shape of both before asking the server', async () => {
    const { sent, user } = setup([{ status: 201, body: leo }]);
    await screen.findByRole('heading', { level: 1, name: 'Link a child' });
    await user.click(screen.getByRole('button', { name: 'Link this child' }));
    expect(screen.getByLabelText('Student ID')).toHaveAccessibleDescription(expect.stringContaining('Type the student ID.'));
    expect(screen.getByLabelText('Student ID')).toHaveFocus();
    expect(screen.getByLabelText('Parent access code')).toHaveAccessibleDescription(
      expect.stringContaining('Type the parent access code.'),
    );
    await link(user, '12345', 'ABCD-EFGH');
    expect(screen.getByLabelText('Student ID')).toHaveAccessibleDescription(
      expect.stringContaining('A student ID has 9 digits, like 123456789.'),
    );
    // No look-alikes in a code: an O or a 1 cannot be part of it.
    await link(user, '123456789', 'HK7P-3MXA-9TQO');
    expect(screen.getByLabelText('Parent access code')).toHaveAccessibleDescription(
      expect.stringContaining('It never uses 0, 1, I, L or O.'),
    );
    await link(user, '12345', 'ABCD-EFGH');
    expect(screen.getByLabelText('Student ID')).toHaveAccessibleDescription(
      expect.stringContaining('A student ID has 9 digits, like 123456789.'),
    );
    expect(screen.getByLabelText('Parent access code')).toHaveAccessibleDescription(
      expect.stringContaining('A parent access code has 12 letters and numbers'),
    );
    expect(sent).toHaveLength(0);
  });

  it('says when the student ID and the code do not match, about both fields', async () => {
    const { user } = setup([refusal(422, 'access_code_invalid', { details: [codeRule('access_code_invalid')] })]);
    await link(user);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The student ID and the parent access code do not match.');
    await waitFor(() => expect(alert).toHaveFocus());
    for (const label of ['Student ID', 'Parent access code']) {
      const field = screen.getByLabelText(label);
      expect(field).toHaveAttribute('aria-invalid', 'true');
      expect(describers(field)).toContain(alert);
    }
  });

  it.each([
    ['access_code_expired', 'This parent access code has expired. Ask the school for a new one.'],
    ['access_code_used', 'This parent access code was already used. Each code works once: ask the school for a new one.'],
  ])('shows %s at the access code', async (code, text) => {
    const { user } = setup([refusal(422, code, { details: [codeRule(code)] })]);
    await link(user);
    const field = screen.getByLabelText('Parent access code');
    await waitFor(() => expect(field).toHaveAccessibleDescription(expect.stringContaining(text)));
    await waitFor(() => expect(field).toHaveFocus());
    expect(screen.getByLabelText('Student ID')).not.toHaveAttribute('aria-invalid');
    // Another code is another try.
    await fill(user, 'Parent access code', 'ZZ7P-3MXA-9TQD');
    expect(field).not.toHaveAccessibleDescription(expect.stringContaining(text));
  });

  it("shows the server's format rules next to their fields", async () => {
    const { user } = setup([
      {
        status: 422,
        body: {
          code: 'link_rules',
          message: 'Refused.',
          details: [
            { rule: 'student_id_format', field: 'studentId', message: 'Nine digits.' },
            { rule: 'access_code_format', field: 'accessCode', message: 'Twelve characters.' },
          ],
        },
      },
    ]);
    await link(user);
    await waitFor(() =>
      expect(screen.getByLabelText('Student ID')).toHaveAccessibleDescription(
        expect.stringContaining('A student ID has 9 digits, like 123456789.'),
      ),
    );
    expect(screen.getByLabelText('Parent access code')).toHaveAccessibleDescription(
      expect.stringContaining('A parent access code has 12 letters and numbers'),
    );
    expect(screen.queryByText('Refused.')).not.toBeInTheDocument();
  });

  it.each([
    [409, 'already_linked', 'This child is already linked to your account.'],
    [403, 'student_is_adult', 'This student is 18 or older and manages their own account.'],
  ])('says %i %s in an alert', async (status, code, text) => {
    const { user } = setup([refusal(status, code)]);
    await link(user);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(text);
    await waitFor(() => expect(alert).toHaveFocus());
    if (code === 'already_linked') expect(screen.getAllByRole('link', { name: 'Back to my children' })).toHaveLength(2);
  });

  it('asks to confirm the email first, with a button to send the link again', async () => {
    const { user } = setup([refusal(403, 'email_not_verified')]);
    await link(user);
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Confirm your email first: open the link we sent you. Then you can link a child.',
    );
    const banner = await screen.findByRole('region', { name: 'Confirm your email' });
    expect(banner).toHaveTextContent('maria.lopez@example.com');
  });

  it('says until when linking is paused after too many tries, with the date', async () => {
    const until = new Date();
    until.setDate(until.getDate() + 1);
    until.setHours(9, 30, 0, 0);
    const { user } = setup([refusal(429, 'link_attempts_exceeded', { retryAt: until.toISOString() })]);
    await link(user);
    const date = new Intl.DateTimeFormat('en', { dateStyle: 'long' }).format(until);
    const time = new Intl.DateTimeFormat('en', { timeStyle: 'short' }).format(until);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Too many tries that did not match.');
    expect(alert).toHaveTextContent(`You can try again on ${date} at ${time}.`);
  });
});
