import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { renderApp } from '../../test/render-app.tsx';
import { answer, fill, refusal } from '../../test/answer.ts';
import { maya, signedIn, staffCsrf, staffStudent } from './staff-test-api.ts';

const path = '/staff/students/st-maya';

function statusOf(term: string): string | null | undefined {
  const dt = screen.getAllByRole('term').find((el) => el.textContent === term);
  return dt?.nextElementSibling?.textContent;
}

describe('StudentPage', { timeout: 30_000 }, () => {
  it('tells the status in plain words', async () => {
    signedIn();
    const lockedUntil = new Date();
    lockedUntil.setHours(23, 50, 0, 0);
    answer('get', '/staff/students/st-maya', [
      {
        status: 200,
        body: staffStudent({
          recovery: { state: 'locked', lockedUntil: lockedUntil.toISOString() },
          signInThrottled: { throttled: true },
          mustChangePassword: true,
          accessCode: { state: 'active', expiresAt: '2026-05-01T12:00:00Z' },
          allowedActions: [],
        }),
      },
    ]);
    renderApp(path);
    expect(await screen.findByRole('heading', { level: 1, name: 'Maya Lopez' })).toBeInTheDocument();
    const time = new Intl.DateTimeFormat('en', { timeStyle: 'short' }).format(lockedUntil);
    expect(statusOf('Student ID')).toBe('204815733');
    expect(statusOf('Grade')).toBe('4');
    expect(statusOf('Classes')).toBe('Class 4B (4-203)');
    expect(statusOf('Password last changed')).toMatch(/^March 4, 2026 .+, by a parent or guardian$/);
    expect(statusOf('Must choose a new password at next sign-in')).toBe('Yes');
    expect(statusOf('Recovery PIN')).toBe('Set');
    expect(statusOf('Security questions')).toBe('Not set');
    expect(statusOf('Reset with PIN or questions')).toBe(`Locked after wrong tries, until ${time}`);
    expect(statusOf('Sign-in')).toBe('Paused after failed tries');
    expect(statusOf('Parents and guardians')).toBe('María López (maria.lopez@example.com)');
    expect(statusOf('Parent access code')).toBe('Issued, not used yet, until May 1, 2026');
    expect(statusOf('School-issued password')).toBe('Replaced by a password of the student’s own');
    // Nothing this role may do: no action shows.
    expect(screen.getByText('Your role allows no changes for this student.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Reset|Unlock|Issue|Show/ })).not.toBeInTheDocument();
  });

  it('resets with a generated password shown once in a copyable box', async () => {
    signedIn();
    answer('get', '/staff/students/st-maya', [{ status: 200, body: staffStudent() }]);
    const reset = answer('post', '/staff/students/st-maya/password', [
      { status: 200, body: { student: staffStudent({ mustChangePassword: true, passwordChangedThrough: 'staff' }), generatedPassword: 'Kp7-river-42' } },
    ]);
    const writeText = vi.fn(() => Promise.resolve());
    const user = userEvent.setup();
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    renderApp(path);
    await screen.findByRole('heading', { level: 1, name: 'Maya Lopez' });

    expect(screen.getByRole('radio', { name: 'Generate one' })).toBeChecked();
    expect(screen.getByRole('checkbox', { name: 'Must choose a new password at next sign-in' })).toBeChecked();
    await user.click(screen.getByRole('button', { name: 'Reset the password' }));

    expect(await screen.findByText('Kp7-river-42')).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'The new password' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Copy the password' }));
    expect(writeText).toHaveBeenCalledWith('Kp7-river-42');
    expect(reset).toEqual([{ body: { mode: 'generated', mustChange: true }, query: '', csrf: staffCsrf }]);
    expect(statusOf('Password last changed')).toMatch(/by school staff$/);
  });

  it('resets with a typed password checked live, with the server refusals by their fields', async () => {
    signedIn();
    answer('get', '/staff/students/st-maya', [{ status: 200, body: staffStudent() }]);
    const reset = answer('post', '/staff/students/st-maya/password', [
      refusal(422, 'password_rules', { details: [{ rule: 'common', message: 'Too common.', field: 'newPassword' }] }),
      { status: 200, body: { student: staffStudent() } },
    ]);
    const user = userEvent.setup();
    renderApp(path);
    await screen.findByRole('heading', { level: 1, name: 'Maya Lopez' });
    await user.click(screen.getByRole('radio', { name: 'Type a password' }));
    await user.click(screen.getByRole('checkbox', { name: 'Must choose a new password at next sign-in' }));
    await user.click(screen.getByRole('button', { name: 'Reset the password' }));
    const field = screen.getByLabelText('New password for Maya');
    await waitFor(() => expect(field).toHaveFocus());
    expect(reset).toHaveLength(0);

    await fill(user, 'New password for Maya', 'Sunny-Garden-2026');
    await fill(user, 'Type it again', 'Sunny-Garden-2026');
    await user.click(screen.getByRole('button', { name: 'Reset the password' }));
    await waitFor(() => expect(field).toHaveAccessibleDescription(expect.stringContaining('Lots of people use this password')));
    await waitFor(() => expect(field).toHaveFocus());

    await fill(user, 'New password for Maya', 'Sunny-Garden-2027');
    await fill(user, 'Type it again', 'Sunny-Garden-2027');
    await user.click(screen.getByRole('button', { name: 'Reset the password' }));
    expect(await screen.findByText(/The password is reset\. Maya is signed out everywhere/)).toBeInTheDocument();
    expect(reset[1]?.body).toEqual({ mode: 'typed', newPassword: 'Sunny-Garden-2027', confirmPassword: 'Sunny-Garden-2027', mustChange: false });
  });

  it('shows the school-issued password, or says it is gone', async () => {
    signedIn();
    answer('get', '/staff/students/st-maya', [{ status: 200, body: staffStudent({ schoolIssuedPassword: 'available' }) }]);
    answer('get', '/staff/students/st-maya/school-issued-password', [
      { status: 200, body: { password: 'Plum-Lake-58', issuedAt: '2026-01-10T12:00:00Z', mustChange: true } },
      refusal(410, 'school_password_replaced'),
    ]);
    const user = userEvent.setup();
    renderApp(path);
    await user.click(await screen.findByRole('button', { name: 'Show the school-issued password' }));
    expect(await screen.findByText('Plum-Lake-58')).toBeInTheDocument();
    expect(screen.getByText('Issued on January 10, 2026.')).toBeInTheDocument();
    expect(screen.getByText('The student must change it at next sign-in.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Hide it' }));
    expect(screen.queryByText('Plum-Lake-58')).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Show the school-issued password' }));
    expect(await screen.findByText('The student has chosen their own password since; it cannot be shown.')).toBeInTheDocument();
  });

  it('unlocks what is locked, and only that', async () => {
    signedIn();
    const locked = staffStudent({ recovery: { state: 'disabled' } });
    answer('get', '/staff/students/st-maya', [{ status: 200, body: locked }]);
    const unlock = answer('post', '/staff/students/st-maya/unlock', [{ status: 200, body: staffStudent() }]);
    const user = userEvent.setup();
    renderApp(path);
    await screen.findByRole('heading', { level: 1, name: 'Maya Lopez' });
    expect(screen.queryByRole('button', { name: 'End the sign-in pause' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Unlock reset with PIN or questions' }));
    expect(await screen.findByText('Unlocked.')).toBeInTheDocument();
    expect(statusOf('Reset with PIN or questions')).toBe('Works');
    expect(unlock).toEqual([{ body: { what: ['recovery'] }, query: '', csrf: staffCsrf }]);
  });

  it('issues a parent access code after a confirmation and opens the letter in the family language, never with the code in the address', async () => {
    signedIn();
    answer('get', '/staff/students/st-maya', [{ status: 200, body: staffStudent({ accessCode: { state: 'active' } }) }]);
    const issue = answer('post', '/staff/students/st-maya/access-code', [
      {
        status: 200,
        body: {
          code: 'HK7P3MXA9TQD',
          expiresAt: '2026-06-30T12:00:00Z',
          studentFirstName: 'Maya',
          studentLastName: 'Lopez',
          studentNumber: '204815733',
          schoolName: 'Lincoln Elementary',
          schoolContact: '(718) 555-0100',
          districtName: 'Riverside Unified School District',
          familyPortalUrl: 'https://portal.riverside.example/family',
          locale: 'es',
        },
      },
    ]);
    const user = userEvent.setup();
    const { router } = renderApp(path);
    const open = await screen.findByRole('button', { name: 'Issue a new code and letter' });
    await user.click(open);
    const question = screen.getByText('Any earlier code of this student stops working. Issue a new one?');
    await waitFor(() => expect(question).toHaveFocus());
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.getByRole('button', { name: 'Issue a new code and letter' })).toHaveFocus());
    expect(issue).toHaveLength(0);

    await user.click(screen.getByRole('button', { name: 'Issue a new code and letter' }));
    await user.click(screen.getByRole('button', { name: 'Yes, issue a new code' }));
    await user.click(await screen.findByRole('link', { name: 'Open the family letter' }));

    const letter = await screen.findByRole('article');
    expect(router.state.location.pathname).toBe('/staff/students/st-maya/letter');
    expect(router.state.location.search + router.state.location.hash).toBe('');
    expect(JSON.stringify(window.history.state ?? null)).not.toContain('HK7P');
    expect(letter).toHaveAttribute('lang', 'es');
    expect(within(letter).getByRole('heading', { name: 'Vincule a su hijo o hija en el portal para familias' })).toBeInTheDocument();
    expect(within(letter).getByText('HK7P-3MXA-9TQD')).toBeInTheDocument();
    expect(within(letter).getByText('El código sirve una vez, hasta el 30 de junio de 2026.')).toBeInTheDocument();
    expect(within(letter).getByText(/Vaya a https:\/\/portal\.riverside\.example\/family/)).toBeInTheDocument();
    // The page around it speaks the staff member's language.
    const print = vi.fn();
    vi.stubGlobal('print', print);
    await user.click(screen.getByRole('button', { name: 'Print the letter' }));
    expect(print).toHaveBeenCalled();
    vi.unstubAllGlobals();
    expect(issue[0]?.csrf).toBe(staffCsrf);
  });

  it('has no letter to print when opened without issuing a code', async () => {
    signedIn();
    renderApp('/staff/students/st-maya/letter');
    expect(await screen.findByRole('heading', { level: 1, name: 'No letter to print' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Back to the student' })).toHaveAttribute('href', path);
  });

  it('says a student out of scope is not found', async () => {
    signedIn();
    answer('get', '/staff/students/st-other', [refusal(404, 'not_found')]);
    renderApp('/staff/students/st-other');
    expect(await screen.findByRole('heading', { level: 1, name: 'Student not found' })).toBeInTheDocument();
  });

  it('speaks Spanish', async () => {
    window.localStorage.setItem('portal.language', 'es');
    signedIn();
    answer('get', '/staff/students/st-maya', [{ status: 200, body: staffStudent() }]);
    renderApp(path);
    expect(await screen.findByRole('heading', { level: 1, name: 'Maya Lopez' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Restablecer la contraseña' })).toBeInTheDocument();
    expect(statusOf('Último cambio de contraseña')).toMatch(/^4 de marzo de 2026 .+, por un padre, madre o tutor$/);
    expect(maya.firstName).toBe('Maya');
  });
});
