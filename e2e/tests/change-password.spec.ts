import { randomInt } from 'node:crypto';
import { expect, test } from '../fixtures.ts';
import {
  expectChecklist,
  heading,
  newPasswordFields,
  serverVerdict,
  signIn,
  signOut,
  type ChecklistLine,
} from '../flows.ts';

/** letters returns n random lower-case letters (no digits, so a test controls where digits go). */
function letters(n: number): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz';
  return Array.from({ length: n }, () => alphabet[randomInt(alphabet.length)]).join('');
}

/** The server's rule codes behind each checklist line. */
const serverRules: Record<ChecklistLine, readonly string[]> = {
  lowercase: ['lowercase'],
  uppercase: ['uppercase'],
  digit: ['digit'],
  minLength: ['min_length'],
  maxLength: ['max_length'],
  common: ['common'],
  personal: ['contains_username', 'contains_name'],
};

test('a student who must change the school password is held on the change screen until they do', async ({
  page,
  createStudent,
  mailbox,
  checkPage,
}) => {
  const student = await createStudent({ mustChangePassword: true, defaultPassword: true });
  const chosen = `wQ4${letters(7)}`;
  const fields = newPasswordFields(page);

  await test.step('sign-in leads to the change screen', async () => {
    await signIn(page, student.username, student.password);
    await expect(heading(page)).toHaveText('Change your password');
    await expect(page).toHaveURL(/\/change-password$/);
    await expect(page.getByText('Your school gave you a starting password. Choose your own before you go on.')).toBeVisible();
    await checkPage('must-change');
  });

  await test.step('no other page opens until the password is changed', async () => {
    for (const path of ['/account', '/account/pin', '/account/questions']) {
      await page.goto(path);
      await expect(heading(page)).toHaveText('Change your password');
      await expect(page).toHaveURL(/\/change-password$/);
    }
    const res = await page.request.get('/api/v1/me/account');
    expect(res.status()).toBe(403);
    expect(((await res.json()) as { code: string }).code).toBe('password_change_required');
  });

  await test.step('the checklist turns green as the student types', async () => {
    // The sign-in a moment ago proved the starting password: it is not asked again.
    await expect(page.getByLabel('Current password', { exact: true })).toHaveCount(0);
    await expectChecklist(fields.checklist, ['lowercase', 'uppercase', 'digit', 'minLength', 'maxLength', 'common', 'personal']);
    await fields.password.pressSequentially('w');
    await expectChecklist(fields.checklist, ['uppercase', 'digit', 'minLength']);
    await fields.password.pressSequentially('Q');
    await expectChecklist(fields.checklist, ['digit', 'minLength']);
    await fields.password.pressSequentially('4');
    await expectChecklist(fields.checklist, ['minLength']);
    await checkPage('must-change-typing');
    await fields.password.pressSequentially(chosen.slice(3));
    await expectChecklist(fields.checklist, []);
    await expect(page.getByText('Your password follows every rule.')).toBeVisible();
    await fields.confirm.fill(chosen);
    await expect(page.getByText('The two passwords match.')).toBeVisible();
    await checkPage('must-change-ready');
  });

  await test.step('changing it lands on the account page', async () => {
    const since = new Date();
    await page.getByRole('button', { name: 'Change my password' }).click();
    await expect(heading(page)).toHaveText('My account');
    await expect(page).toHaveURL(/\/account$/);
    // The notice, whatever else is still loading beside it (also a status).
    await expect(page.getByRole('status').filter({ hasText: 'Your password is changed.' })).toBeVisible();
    await checkPage('account-after-change');
    const mail = await mailbox.waitFor(student.email, { subject: `Password changed for ${student.username}`, since });
    expect(mail.text).toContain('You changed it while signed in.');
  });

  await test.step('the school password is gone; the new one signs in', async () => {
    await signOut(page);
    await signIn(page, student.username, chosen);
    await expect(heading(page)).toHaveText('My account');
  });
});

test('the password checklist agrees with the server, and a server refusal shows by the field', async ({
  page,
  createStudent,
  checkPage,
}) => {
  const student = await createStudent();
  const fields = newPasswordFields(page);

  await test.step('open the change-password page', async () => {
    await signIn(page, student.username, student.password);
    await page.getByRole('link', { name: 'Change my password' }).click();
    await expect(heading(page)).toHaveText('Change your password');
    await checkPage('change-password');
  });

  // Each candidate fails exactly one line of the checklist.
  const cases: { line: ChecklistLine; candidate: string }[] = [
    { line: 'minLength', candidate: 'Ab3' },
    { line: 'lowercase', candidate: `${letters(6).toUpperCase()}-47` },
    { line: 'uppercase', candidate: `${letters(6)}-47` },
    { line: 'digit', candidate: `K${letters(6)}-q` },
    { line: 'common', candidate: 'Password1' },
    { line: 'personal', candidate: `X${student.username}q` },
    { line: 'personal', candidate: `${student.firstName}Zq7-${letters(3)}` },
    { line: 'maxLength', candidate: `Aa1${letters(126)}` },
  ];
  for (const { line, candidate } of cases) {
    await test.step(`"${candidate.length > 20 ? `${candidate.slice(0, 12)}… (${candidate.length})` : candidate}" fails only "${line}"`, async () => {
      await fields.password.fill(candidate);
      await expectChecklist(fields.checklist, [line]);
      const refused = await serverVerdict(page, student.password, candidate);
      expect(refused.filter((r) => r !== 'confirm_mismatch').sort()).toEqual(
        serverRules[line].filter((r) => refused.includes(r)).sort(),
      );
      expect(refused.length, `the server refused ${JSON.stringify(candidate)} for something`).toBeGreaterThan(0);
    });
  }
  await checkPage('checklist-one-rule');

  await test.step('the current password passes the checklist but the server refuses it, next to the field', async () => {
    await page.getByLabel('Current password', { exact: true }).fill(student.password);
    await fields.password.fill(student.password);
    await fields.confirm.fill(student.password);
    await expectChecklist(fields.checklist, []);
    await page.getByRole('button', { name: 'Change my password' }).click();
    const message = 'Pick a new password, not the one you use now.';
    await expect(fields.password).toHaveAttribute('aria-invalid', 'true');
    await expect(fields.password).toHaveAccessibleDescription(new RegExp(message.replace(/[.]/g, '\\.')));
    await expect(page.getByText(message)).toBeVisible();
    await expect(fields.password).toBeFocused();
    await checkPage('change-password-refused');
  });
});
