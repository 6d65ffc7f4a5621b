import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadCommonList } from '../../lib/password-rules.ts';
import { renderApp } from '../../test/render-app.tsx';
import { answer, fill, refusal } from '../../test/answer.ts';
import { signedIn, staffCsrf, staffSession } from './staff-test-api.ts';

const classId = 'c-4b';
const path = `/staff/classes/${classId}`;
const klass = { id: classId, classNumber: '4-203', name: 'Class 4B', schoolName: 'Lincoln Elementary', studentCount: 3 };

function student(id: string, firstName: string, lastName: string, extra: Record<string, boolean> = {}) {
  return {
    id,
    studentNumber: `20481${id.length}`,
    username: `${firstName.toLowerCase()}${lastName[0]?.toLowerCase()}1234`,
    firstName,
    lastName,
    grade: 4,
    pinSet: false,
    questionsSet: false,
    mustChangePassword: false,
    recoveryLocked: false,
    schoolIssuedPasswordAvailable: false,
    ...extra,
  };
}

const leo = student('st-leo', 'Leo', 'Chen', { pinSet: true, recoveryLocked: true });
const maya = student('st-maya', 'Maya', 'Lopez', { mustChangePassword: true });
const ana = student('st-ana', 'Ana', 'Ruiz', { schoolIssuedPasswordAvailable: true });
const roster = { class: klass, students: [leo, maya, ana] };

const teacherSession = staffSession({ role: 'teacher', title: 'Teacher' });

/** readBlob reads a downloaded file's bytes as text, a byte order mark kept (jsdom's Blob has no text()). */
function readBlob(blob: Blob): Promise<string> {
  return new Promise((resolve) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new TextDecoder('utf-8', { ignoreBOM: true }).decode(reader.result as ArrayBuffer));
    reader.readAsArrayBuffer(blob);
  });
}

/** The roster's boxes (the form below has a checkbox of its own). */
function rosterBoxes(): HTMLInputElement[] {
  return within(screen.getByRole('table')).getAllByRole('checkbox') as HTMLInputElement[];
}

beforeAll(async () => {
  await loadCommonList();
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('ClassPage', { timeout: 30_000 }, () => {
  it('selects all, some or none, and shows each student’s status', async () => {
    signedIn(teacherSession);
    answer('get', path, [{ status: 200, body: roster }]);
    const user = userEvent.setup();
    renderApp(path);

    expect(await screen.findByRole('heading', { level: 1, name: 'Class 4B (4-203)' })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Show access codes' })).not.toBeInTheDocument();
    const all = screen.getByRole('checkbox', { name: 'Select all' }) as HTMLInputElement;
    const rows = screen.getAllByRole('row');
    expect(within(rows[1]!).getByRole('link', { name: 'Leo Chen' })).toHaveAttribute('href', '/staff/students/st-leo');
    expect(within(rows[1]!).getAllByRole('cell').map((c) => c.textContent)).toEqual(['', 'leoc1234', 'Set', 'Not set', 'No', 'Locked', 'None']);
    expect(within(rows[2]!).getAllByRole('cell')[4]).toHaveTextContent('Yes');
    expect(within(rows[3]!).getAllByRole('cell')[6]).toHaveTextContent('Can be shown');

    expect(all.checked).toBe(false);
    expect(all.indeterminate).toBe(false);
    await user.click(all);
    expect(rosterBoxes().every((box) => box.checked)).toBe(true);
    expect(screen.getByText('3 of 3 selected.')).toBeInTheDocument();

    await user.click(screen.getByRole('checkbox', { name: 'Select Maya Lopez' }));
    expect(all.checked).toBe(false);
    expect(all.indeterminate).toBe(true);
    expect(screen.getByText('2 of 3 selected.')).toBeInTheDocument();

    // Mixed: the box selects everyone; then, all selected, it clears them.
    await user.click(all);
    expect(all.checked).toBe(true);
    expect(all.indeterminate).toBe(false);
    await user.click(all);
    expect(rosterBoxes().some((box) => box.checked)).toBe(false);
    expect(screen.getByText('0 of 3 selected.')).toBeInTheDocument();
  });

  it('sends nothing when no student is selected, and says so', async () => {
    signedIn(teacherSession);
    answer('get', path, [{ status: 200, body: roster }]);
    const reset = answer('post', `${path}/reset`, [{ status: 500 }]);
    const user = userEvent.setup();
    renderApp(path);
    await user.click(await screen.findByRole('button', { name: 'Reset passwords' }));
    await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent('No student is selected.'));
    expect(screen.getByRole('alert')).toHaveFocus();
    expect(reset).toEqual([]);
  });

  it('asks first, renews a stale second factor and retries, then lists per student why one password was refused', async () => {
    signedIn(teacherSession);
    answer('get', path, [{ status: 200, body: roster }]);
    const refusedFor = (id: string, who: string, rule: string, message: string) => ({ rule, field: `students/${id}`, message: `${who}: ${message}` });
    const reset = answer('post', `${path}/reset`, [
      refusal(403, 'second_factor_stale'),
      refusal(422, 'password_rules', {
        details: [
          refusedFor('st-leo', 'Leo Chen (leoc1234)', 'contains_name', 'The password contains the student’s name.'),
          refusedFor('st-leo', 'Leo Chen (leoc1234)', 'contains_username', 'The password contains the username.'),
          refusedFor('st-gone', 'Sam Gone (samg1)', 'new_rule', 'A rule the page does not know.'),
        ],
      }),
    ]);
    const renewed = { ...teacherSession, csrfToken: 'staff-csrf-2' };
    const renew = answer('post', '/staff/session/second-factor', [{ status: 200, body: renewed }]);
    const user = userEvent.setup();
    renderApp(path);

    await user.click(await screen.findByRole('checkbox', { name: 'Select Leo Chen' }));
    await user.click(screen.getByRole('checkbox', { name: 'Select Ana Ruiz' }));
    await user.click(screen.getByRole('radio', { name: 'One password for everyone' }));
    // The live check knows every selected student: Ana's name is refused before sending.
    await fill(user, 'New password for everyone', 'Ana-Kite-4242');
    await fill(user, 'Type it again', 'Ana-Kite-4242');
    await user.click(screen.getByRole('button', { name: 'Reset passwords' }));
    expect(screen.getByLabelText('New password for everyone')).toHaveAttribute('aria-invalid', 'true');
    expect(reset).toEqual([]);

    await fill(user, 'New password for everyone', 'Sunny-Kite-42');
    await fill(user, 'Type it again', 'Sunny-Kite-42');
    await user.click(screen.getByRole('button', { name: 'Reset passwords' }));
    await waitFor(() => expect(screen.getByText('Reset the passwords of 2 students of Class 4B?')).toHaveFocus());
    // While it asks, the form cannot change: what is confirmed is what is sent.
    expect(screen.getByLabelText('New password for everyone').closest('[inert]')).not.toBeNull();
    await user.click(screen.getByRole('button', { name: 'Yes, reset' }));

    await user.type(await screen.findByLabelText('6-digit code from the app'), '222222{Enter}');
    const alert = await screen.findByRole('alert');
    await waitFor(() => expect(alert).toHaveFocus());
    expect(alert).toHaveTextContent('The password does not fit the rules for 2 students:');
    const items = within(alert).getAllByRole('listitem').map((li) => li.textContent);
    expect(items).toEqual([
      'Leo Chen: It has this student’s name in it. It has this student’s username in it.'.replaceAll('’', "'"),
      'Sam Gone (samg1): A rule the page does not know.',
    ]);
    expect(alert).toHaveTextContent('Nothing was changed.');

    const body = { students: ['st-leo', 'st-ana'], mode: 'one', newPassword: 'Sunny-Kite-42', confirmPassword: 'Sunny-Kite-42', mustChange: true };
    expect(reset.map((r) => r.body)).toEqual([body, body]);
    expect(reset.map((r) => r.csrf)).toEqual([staffCsrf, 'staff-csrf-2']);
    expect(renew.map((r) => r.body)).toEqual([{ code: '222222' }]);
  });

  it('shows generated passwords once, as a table and a formula-safe CSV, and hands them to the login cards', async () => {
    signedIn(staffSession());
    answer('get', path, [{ status: 200, body: roster }]);
    const rows = [
      { id: 'st-leo', firstName: 'Leo', lastName: 'Chen', username: 'leoc1234', studentNumber: '204811', password: 'Rk7-Tumble-Fox', accessCode: 'ABCD2345EFGH' },
      { id: 'st-ana', firstName: '=HYPERLINK("http://x","y")', lastName: 'Ruiz', username: 'anar1234', studentNumber: '204813', password: 'Mq4-Quiet-Owl', accessCode: 'JKLM6789NPQR' },
    ];
    const reset = answer('post', `${path}/reset`, [{ status: 200, body: { class: klass, students: rows } }]);
    let blob: Blob | undefined;
    let fileName = '';
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      blob = b as Blob;
      return 'blob:csv';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      fileName = this.download;
    });
    const user = userEvent.setup();
    const { router } = renderApp(path);

    // An admin may issue parent access codes with the reset, and open the class's access codes.
    expect(await screen.findByRole('link', { name: 'Show access codes' })).toHaveAttribute('href', `/staff/classes/${classId}/access-codes`);
    await user.click(screen.getByRole('checkbox', { name: 'Select all' }));
    await user.click(screen.getByRole('checkbox', { name: 'Also issue parent access codes' }));
    await user.click(screen.getByRole('button', { name: 'Reset passwords' }));
    await user.click(await screen.findByRole('button', { name: 'Yes, reset' }));

    const heading = await screen.findByRole('heading', { level: 2, name: 'New passwords: shown only once' });
    await waitFor(() => expect(heading).toHaveFocus());
    expect(reset[0]?.body).toEqual({ students: ['st-leo', 'st-maya', 'st-ana'], mode: 'generated', mustChange: true, issueAccessCodes: true });
    const table = screen.getByRole('table', { name: 'The new passwords of 2 students' });
    expect(within(table).getAllByRole('row')[1]?.textContent).toBe('Leo Chenleoc1234Rk7-Tumble-FoxABCD-2345-EFGH');

    await user.click(screen.getByRole('button', { name: 'Download CSV' }));
    expect(fileName).toMatch(/^4-203-passwords-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = await readBlob(blob!);
    expect(csv).toBe(
      '\uFEFFLast name,First name,Student ID,Username,Password,Parent access code\r\n' +
        'Chen,Leo,204811,leoc1234,Rk7-Tumble-Fox,ABCD-2345-EFGH\r\n' +
        `Ruiz,"'=HYPERLINK(""http://x"",""y"")",204813,anar1234,Mq4-Quiet-Owl,JKLM-6789-NPQR\r\n`,
    );

    await user.click(screen.getByRole('button', { name: 'Print login cards' }));
    expect(router.state.location.pathname).toBe('/staff/print/cards');
    expect(await screen.findByRole('heading', { level: 1, name: 'Login cards' })).toBeInTheDocument();
    expect(screen.getByText('Rk7-Tumble-Fox')).toBeInTheDocument();

    // Back on the class, the result is gone: it was shown once.
    await router.navigate(path);
    expect(await screen.findByRole('button', { name: 'Reset passwords' })).toBeInTheDocument();
    expect(screen.queryByText('Rk7-Tumble-Fox')).not.toBeInTheDocument();
  });
});
