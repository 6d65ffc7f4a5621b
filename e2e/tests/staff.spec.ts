import { expect, test } from '../fixtures.ts';
import { heading, newPassword, signIn } from '../flows.ts';
import {
  enrolAuthenticator,
  findStudent,
  freshCode,
  lastCode,
  secondFactor,
  staffPassword,
  staffSignIn,
  statusOf,
} from '../staff-flows.ts';

/*
 * The school's side: a teacher signs in with a second factor she enrols on the spot, finds a
 * student of her class and resets the password; a school admin reveals a school-issued
 * password and unlocks a recovery path. Codes are computed from the enrolled secret.
 */

test('a teacher enrols an authenticator, resets a student of her class with must-change; the family is told', async ({
  page,
  request,
  portal,
  createStudent,
  createStaff,
  createGuardian,
  mailbox,
  checkPage,
  openPage,
}) => {
  // Two sign-ins wait for a new authenticator step (up to 30 s each), on top of the flow.
  test.setTimeout(180_000);
  const pupil = await createStudent({ grade: 6 });
  const other = await createStudent({ grade: 6 });
  const parent = await createGuardian([pupil.id]);
  const teacher = await createStaff({ role: 'teacher', classStudents: [pupil.id] });
  const pupilName = `${pupil.firstName} ${pupil.lastName}`;
  const typed = newPassword();
  let enrolment = { secret: '', recoveryCodes: [] as string[] };
  let resetAt = new Date();

  await test.step('first sign-in: password, then the authenticator is set up', async () => {
    await page.goto('/staff');
    await checkPage('staff-sign-in');
    await staffPassword(page, teacher);
    enrolment = await enrolAuthenticator(page, (name) => checkPage(name));
    await expect(page.getByRole('navigation', { name: 'Staff area' })).toContainText('By Student');
    await checkPage('staff-by-student');
  });

  await test.step('she finds her student and resets the password, typed, with must-change', async () => {
    await findStudent(page, pupil.username.slice(0, 6), pupilName);
    await expect(statusOf(page, 'Parents and guardians')).toContainText(parent.email);
    await checkPage('staff-student');
    await page.getByLabel('Type a password').check();
    await page.getByLabel(`New password for ${pupil.firstName}`, { exact: true }).fill(typed);
    await page.getByLabel('Type it again', { exact: true }).fill(typed);
    await page.getByLabel('Must choose a new password at next sign-in').check();
    resetAt = new Date();
    await page.getByRole('button', { name: 'Reset the password' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'The password is reset.' })).toBeVisible();
    await expect(statusOf(page, 'Must choose a new password at next sign-in')).toHaveText('Yes');
    await expect(statusOf(page, 'Password last changed')).toContainText('by school staff');
    await checkPage('staff-student-reset');
  });

  await test.step('the student and the linked parent both get the confirmation email', async () => {
    const toStudent = await mailbox.waitFor(pupil.email, { since: resetAt });
    const toParent = await mailbox.waitFor(parent.email, { since: resetAt });
    for (const mail of [toStudent, toParent]) {
      expect(mail.text).toContain('School staff reset');
      expect(mail.text).not.toContain(typed);
    }
  });

  await test.step('the student signs in with it and must choose a new one', async () => {
    const student = await openPage();
    await signIn(student, pupil.username, typed);
    await expect(heading(student)).toHaveText('Change your password');
  });

  await test.step('a student of another class is not found, by search or by address', async () => {
    await page.getByRole('link', { name: 'By Student' }).click();
    await page.getByLabel('Student ID, username, email or name').fill(other.studentNumber);
    await page.getByRole('button', { name: 'Search' }).click();
    await expect(page.getByText('No student found.')).toBeVisible();
    await page.goto(`/staff/students/${other.id}`);
    await expect(heading(page)).toHaveText('Student not found');
    const api = await request.get(`${portal.baseURL}/api/v1/staff/students/${other.id}`);
    expect(api.status(), 'an anonymous request for the student').toBe(401);
  });

  await test.step('signing in again: a code just used is refused, a fresh one works', async () => {
    await page.goto('/staff/students');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(heading(page)).toHaveText('Staff sign-in');
    await staffSignIn(page, teacher, enrolment.secret);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(heading(page)).toHaveText('Staff sign-in');
    // Seconds later the same code is still inside the accepted window: only the replay rule refuses it.
    await staffPassword(page, teacher);
    await secondFactor(page, lastCode(enrolment.secret));
    await expect(page.getByRole('alert')).toContainText('already used');
    await checkPage('staff-code-refused');
    await page.getByLabel('6-digit code from the app').fill(await freshCode(enrolment.secret));
    await page.getByRole('button', { name: 'Confirm' }).click();
    await expect(heading(page)).toHaveText('Find a student');
  });

  await test.step('sign-out ends the session on the server: a copy of the cookie is refused', async () => {
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => /portal_staff$/.test(c.name));
    expect(session, 'the staff session cookie').toBeDefined();
    const header = { Cookie: `${session!.name}=${session!.value}` };
    const before = await request.get(`${portal.baseURL}/api/v1/staff/session`, { headers: header });
    expect(before.status(), 'the copied cookie before sign-out').toBe(200);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(heading(page)).toHaveText('Staff sign-in');
    const after = await request.get(`${portal.baseURL}/api/v1/staff/students?q=ab`, { headers: header });
    expect(after.status(), 'the copied cookie after sign-out').toBe(401);
  });
});

test('a school admin reveals an unused school-issued password and unlocks a locked recovery path', async ({
  page,
  request,
  portal,
  createStudent,
  createStaff,
  checkPage,
}) => {
  const fresh = await createStudent({ grade: 8, defaultPassword: true, mustChangePassword: true });
  const locked = await createStudent({ grade: 8, pin: '583920' });
  const admin = await createStaff({ role: 'school_admin' });

  await test.step('five wrong PINs lock the student\'s recovery path', async () => {
    const start = await request.post(`${portal.baseURL}/api/v1/forgot/start`, { data: { username: locked.username } });
    expect(start.status()).toBe(200);
    const { flowToken } = (await start.json()) as { flowToken: string };
    for (let i = 0; i < 5; i++) {
      const verify = await request.post(`${portal.baseURL}/api/v1/forgot/verify`, {
        data: { flowToken, method: 'pin', pin: `11${i}468` },
      });
      expect([401, 429]).toContain(verify.status());
    }
  });

  await test.step('she signs in, enrolling her authenticator', async () => {
    await staffPassword(page, admin);
    await enrolAuthenticator(page);
  });

  await test.step('a student of her school who is in no class of hers is found, and the school password shown', async () => {
    await findStudent(page, `${fresh.lastName}, ${fresh.firstName}`, `${fresh.firstName} ${fresh.lastName}`);
    await expect(statusOf(page, 'School-issued password')).toHaveText('In use; it can be shown');
    await page.getByRole('button', { name: 'Show the school-issued password' }).click();
    await expect(page.getByText(fresh.password, { exact: true })).toBeVisible();
    await checkPage('staff-school-password');
  });

  await test.step('the locked recovery path is unlocked', async () => {
    await findStudent(page, locked.studentNumber, `${locked.firstName} ${locked.lastName}`);
    await expect(statusOf(page, 'Reset with PIN or questions')).toContainText('Locked after wrong tries');
    await page.getByRole('button', { name: 'Unlock reset with PIN or questions' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Unlocked.' })).toBeVisible();
    await expect(statusOf(page, 'Reset with PIN or questions')).toHaveText('Works');
    await checkPage('staff-unlocked');
  });

  await test.step('the audit page lists both actions', async () => {
    await page.getByRole('link', { name: 'Audit' }).click();
    await expect(heading(page)).toHaveText('Audit');
    const table = page.getByRole('table', { name: 'Events, newest first' });
    await expect(table).toContainText(admin.email);
    await expect(table).toContainText(locked.username);
    await checkPage('staff-audit');
  });
});
