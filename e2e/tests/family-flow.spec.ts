import { expect, test } from '../fixtures.ts';
import {
  emailedLink,
  familySignIn,
  linkChild,
  newGuardianIdentity,
  registerVerifiedGuardian,
} from '../family-flows.ts';
import { heading, newPasswordFields, switchLanguage } from '../flows.ts';

/*
 * Issue 9, points 4 and 5: the dashboard shows a young child as the district serves them and
 * tips the parent of an older child without a way back in; a new parent is signed in by
 * registering, sees why linking waits, and goes from the confirmed email straight to linking;
 * a dead reset link is reported when the page opens.
 */

test('a young child is shown as one the parent or school resets; an older child without a PIN gets a tip', async ({
  page,
  request,
  mailbox,
  portal,
  createStudent,
  checkPage,
}) => {
  const young = await createStudent({ grade: 1, accessCode: 'valid' });
  const older = await createStudent({ grade: 5, accessCode: 'valid' });
  const parent = await registerVerifiedGuardian(request, mailbox, portal.baseURL);
  await familySignIn(page, parent);
  for (const child of [young, older]) {
    await linkChild(page, child.studentNumber, child.accessCode!);
    await expect(heading(page)).toHaveText('My children');
  }
  const youngCard = page.getByRole('article', { name: `${young.firstName} ${young.lastName}` });
  const olderCard = page.getByRole('article', { name: `${older.firstName} ${older.lastName}` });

  await test.step('English', async () => {
    await expect(youngCard).toContainText('You or the school reset it before grade 3.');
    await expect(youngCard.getByText('Not set')).toHaveCount(0);
    await expect(youngCard.getByText('Recovery PIN')).toHaveCount(0);
    await expect(youngCard.getByRole('region')).toHaveCount(0);
    const tip = olderCard.getByRole('region', { name: `Help ${older.firstName} set up a way back in` });
    await expect(tip).toContainText(`${older.firstName} has no recovery PIN or security questions yet.`);
    await checkPage('family-young-and-older-en');
  });

  await test.step('Spanish', async () => {
    await switchLanguage(page, 'Español');
    await expect(heading(page)).toHaveText('Mis hijos');
    await expect(youngCard).toContainText('Antes de 3.º grado, la restablece usted o la escuela.');
    await expect(
      olderCard.getByRole('region', { name: `Ayude a ${older.firstName} a preparar una forma de recuperar su cuenta` }),
    ).toBeVisible();
    await checkPage('family-young-and-older-es');
  });
});

test('registering signs the parent in; linking waits for the email; the confirmed email leads straight to linking', async ({
  page,
  mailbox,
  createStudent,
  checkPage,
}) => {
  const child = await createStudent({ grade: 4, accessCode: 'valid' });
  const parent = newGuardianIdentity();

  await test.step('register: signed in at once', async () => {
    await page.goto('/family/register');
    await expect(heading(page)).toHaveText('Create a family account');
    await page.getByLabel('Your name', { exact: true }).fill(parent.name);
    await page.getByLabel('Email', { exact: true }).fill(parent.email);
    const fields = newPasswordFields(page);
    await page.getByLabel('Password', { exact: true }).fill(parent.password);
    await fields.checklist.waitFor();
    await page.getByLabel('Type the password again', { exact: true }).fill(parent.password);
    await page.getByRole('button', { name: 'Create my account' }).click();
    await expect(heading(page)).toHaveText('My children');
    await expect(page).toHaveURL(/\/family\/children$/);
  });

  await test.step('an unconfirmed email: why linking waits, and a resend button, not a Link button', async () => {
    const notice = page.getByRole('region', { name: 'Confirm your email' });
    await expect(notice).toContainText(`Before you can link a child, open the link we sent to ${parent.email}.`);
    await expect(notice.getByRole('button', { name: 'Send the link again' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Link a child' })).toHaveCount(0);
    await checkPage('family-unverified-en');
    await switchLanguage(page, 'Español');
    await expect(heading(page)).toHaveText('Mis hijos');
    await expect(page.getByRole('link', { name: 'Vincular a un hijo o hija' })).toHaveCount(0);
    await checkPage('family-unverified-es');
    await switchLanguage(page, 'English');
    await expect(heading(page)).toHaveText('My children');
  });

  await test.step('the emailed link confirms, and leads straight to Link a child', async () => {
    const link = await emailedLink(mailbox, parent.email, 'verify-email');
    await page.goto(link);
    await expect(heading(page)).toHaveText('Your email is confirmed');
    await checkPage('family-email-confirmed-link-en');
    await linkChild(page, child.studentNumber, child.accessCode!);
    await expect(heading(page)).toHaveText('My children');
    await expect(page.getByRole('article', { name: `${child.firstName} ${child.lastName}` })).toBeVisible();
  });
});

test('a used or unknown reset link is reported as the page opens, before a password is typed', async ({
  page,
  request,
  mailbox,
  portal,
  checkPage,
}) => {
  const parent = await registerVerifiedGuardian(request, mailbox, portal.baseURL);
  const asked = new Date();
  const forgot = await request.post(`${portal.baseURL}/api/v1/family/forgot`, { data: { email: parent.email } });
  expect(forgot.status()).toBe(202);
  const link = await emailedLink(mailbox, parent.email, 'reset-password', asked);
  const token = link.split('#token=')[1];
  // Checking the link does not spend it.
  for (let i = 0; i < 2; i++) {
    const check = await request.post(`${portal.baseURL}/api/v1/family/forgot/check`, { data: { token } });
    expect(check.status()).toBe(204);
  }
  const spend = await request.post(`${portal.baseURL}/api/v1/family/forgot/reset`, {
    data: { token, newPassword: 'Lantern-Grove-64', confirmPassword: 'Lantern-Grove-64' },
  });
  expect(spend.status()).toBe(204);

  await test.step('a used link', async () => {
    await page.goto(link);
    await expect(heading(page)).toHaveText('This link has expired or was already used');
    await expect(page.getByLabel('New password')).toHaveCount(0);
    await expect(page.getByRole('link', { name: 'Send a new link' })).toBeVisible();
    await checkPage('family-reset-link-dead-en');
  });

  await test.step('a link the portal never sent, in Spanish', async () => {
    await switchLanguage(page, 'Español');
    await page.goto('/family/reset-password#token=never-sent-by-this-portal');
    await expect(heading(page)).toHaveText('Este enlace venció o ya se usó');
    await expect(page.getByLabel('Contraseña nueva')).toHaveCount(0);
    await checkPage('family-reset-link-dead-es');
  });
});
