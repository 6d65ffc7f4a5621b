import { expect, test } from '../fixtures.ts';
import {
  emailedLink,
  familySignIn,
  linkChild,
  newGuardianIdentity,
  registerVerifiedGuardian,
} from '../family-flows.ts';
import { heading, newPassword, newPasswordFields, signIn } from '../flows.ts';

/*
 * The family portal: a parent registers, confirms the email from the emailed link, links a
 * child with the school's access code and resets the child's password; refusals of bad codes
 * and of children who are not linked; a forgotten family password.
 */

test('register, verify, link a child, reset the password; both emails arrive and the child must change it', async ({
  page,
  createStudent,
  mailbox,
  checkPage,
  openPage,
}) => {
  const child = await createStudent({ grade: 4, accessCode: 'valid' });
  const parent = newGuardianIdentity();
  const childPassword = newPassword();
  let resetAt = new Date();

  await test.step('register', async () => {
    await page.goto('/');
    await page.getByRole('link', { name: /family portal/i }).first().click();
    await expect(heading(page)).toHaveText('Sign in to the family portal');
    await checkPage('family-sign-in');
    await page.getByRole('link', { name: 'Create a family account' }).click();
    await expect(heading(page)).toHaveText('Create a family account');
    await page.getByLabel('Your name', { exact: true }).fill(parent.name);
    await page.getByLabel('Email', { exact: true }).fill(parent.email);
    const fields = newPasswordFields(page);
    await page.getByLabel('Password', { exact: true }).fill(parent.password);
    await page.getByLabel('Type the password again', { exact: true }).fill(parent.password);
    await expect(fields.checklist).toBeVisible();
    await checkPage('family-register');
    await page.getByRole('button', { name: 'Create my account' }).click();
    // Registering signed the parent in; linking waits for the email, and the page says why.
    await expect(heading(page)).toHaveText('My children');
    await expect(page.getByRole('region', { name: 'Confirm your email' })).toContainText(parent.email);
    await expect(page.getByRole('heading', { name: 'No children linked yet' })).toBeVisible();
    await checkPage('family-no-children');
  });

  await test.step('confirm the email with the emailed link', async () => {
    const link = await emailedLink(mailbox, parent.email, 'verify-email');
    await page.goto(link);
    await expect(heading(page)).toHaveText('Your email is confirmed');
    // The token leaves the address bar once used.
    expect(page.url()).not.toContain('token=');
    await checkPage('family-email-confirmed');
  });

  await test.step('link the child with the access code, straight from the confirmed page', async () => {
    await linkChild(page, child.studentNumber, child.accessCode!.toLowerCase().replaceAll('-', ' '));
    await expect(heading(page)).toHaveText('My children');
    const card = page.getByRole('article', { name: `${child.firstName} ${child.lastName}` });
    await expect(card).toBeVisible();
    await expect(card).toContainText(child.username);
    await expect(page.getByRole('status').filter({ hasText: 'is now linked to your account' })).toBeVisible();
    await checkPage('family-dashboard');
  });

  await test.step('reset the child’s password with "must change"', async () => {
    await page.getByRole('link', { name: `Reset password for ${child.firstName} ${child.lastName}` }).click();
    await expect(heading(page)).toHaveText(`Reset ${child.firstName} ${child.lastName}'s password`);
    await page.getByRole('radio', { name: /Type a password/ }).check();
    const fields = newPasswordFields(page);
    // The checklist knows the child's username.
    await fields.password.fill(`${child.username}X9`);
    const personal = fields.checklist.getByRole('listitem').filter({
      hasText: `Doesn't have ${child.firstName}'s name or username in it`,
    });
    await expect(personal).toHaveText(/not yet$/);
    await fields.password.fill(childPassword);
    await fields.confirm.fill(childPassword);
    await page.getByRole('checkbox', { name: /must choose a new password at the next sign-in/ }).check();
    await checkPage('family-reset-child');
    resetAt = new Date();
    await page.getByRole('button', { name: 'Reset the password' }).click();
    await expect(heading(page)).toHaveText(`${child.firstName} ${child.lastName}'s password is reset`);
    await expect(page.getByRole('main')).toContainText('will choose a new password at the next sign-in');
    await checkPage('family-reset-done');
  });

  await test.step('the child and the parent both get the confirmation email', async () => {
    for (const to of [child.email, parent.email]) {
      const mail = await mailbox.waitFor(to, { subject: `Password changed for ${child.username}`, since: resetAt });
      expect(mail.text).toContain('A parent or guardian reset it.');
      expect(mail.text).not.toContain(childPassword);
      expect(mail.html).not.toContain(childPassword);
    }
  });

  await test.step('the child signs in with the new password and must change it', async () => {
    const kid = await openPage();
    await signIn(kid, child.username, childPassword);
    await expect(heading(kid)).toHaveText('Change your password');
  });
});

test('a wrong, reused or expired access code is refused and links nothing', async ({
  page,
  request,
  portal,
  createStudent,
  mailbox,
  checkPage,
}) => {
  const child = await createStudent({ grade: 2, accessCode: 'valid' });
  const expired = await createStudent({ grade: 3, accessCode: 'expired' });
  const first = await registerVerifiedGuardian(request, mailbox, portal.baseURL);
  const second = await registerVerifiedGuardian(request, mailbox, portal.baseURL);

  await familySignIn(page, first);
  await linkChild(page, child.studentNumber, 'ABCD-EFGH-JK23');
  await expect(page.getByRole('alert').first()).toContainText('do not match');
  await checkPage('family-link-wrong-code');

  await page.getByLabel('Parent access code', { exact: true }).fill('ABC');
  await page.getByRole('button', { name: 'Link this child' }).click();
  await expect(page.getByText(/12 letters and numbers/).first()).toBeVisible();

  await page.getByLabel('Student ID', { exact: true }).fill(expired.studentNumber);
  await page.getByLabel('Parent access code', { exact: true }).fill(expired.accessCode!);
  await page.getByRole('button', { name: 'Link this child' }).click();
  await expect(page.getByRole('alert').first()).toContainText('expired');

  await page.getByLabel('Student ID', { exact: true }).fill(child.studentNumber);
  await page.getByLabel('Parent access code', { exact: true }).fill(child.accessCode!);
  await page.getByRole('button', { name: 'Link this child' }).click();
  await expect(heading(page)).toHaveText('My children');
  await expect(page.getByRole('article')).toHaveCount(1);

  // The same code, by another guardian: single use.
  const other = await page.context().browser()!.newContext({ baseURL: portal.baseURL });
  const otherPage = await other.newPage();
  await familySignIn(otherPage, second);
  await linkChild(otherPage, child.studentNumber, child.accessCode!);
  await expect(otherPage.getByRole('alert').first()).toContainText('already used');
  await otherPage.getByRole('link', { name: 'Back to my children' }).click();
  await expect(otherPage.getByRole('heading', { name: 'No children linked yet' })).toBeVisible();
  await other.close();
});

test('a guardian cannot see or reset a child who is not linked', async ({
  page,
  request,
  portal,
  createStudent,
  mailbox,
  checkPage,
}) => {
  const stranger = await createStudent({ grade: 5 });
  const parent = await registerVerifiedGuardian(request, mailbox, portal.baseURL);
  await familySignIn(page, parent);
  await expect(page.getByText(stranger.username)).toHaveCount(0);

  await page.goto(`/family/children/${stranger.id}/reset`);
  await expect(heading(page)).toHaveText('Child not found');
  await expect(page.getByRole('main')).toContainText('not linked to your account');
  await expect(page.getByRole('main')).not.toContainText(stranger.firstName);
  await checkPage('family-child-not-found');

  // The API answers exactly as for a child who does not exist.
  const csrf = (await (await page.request.get('/api/v1/family/session')).json()).csrfToken as string;
  const reset = (id: string) =>
    page.request.post(`/api/v1/family/children/${id}/password`, {
      data: { mode: 'generated', mustChange: false },
      headers: { 'X-CSRF-Token': csrf },
    });
  const notLinked = await reset(stranger.id);
  const missing = await reset('00000000-0000-4000-8000-000000000000');
  expect(notLinked.status()).toBe(404);
  expect(await notLinked.json()).toEqual(await missing.json());
  // The stranger's password still works.
  const kid = await request.post(`${portal.baseURL}/api/v1/session`, {
    data: { login: stranger.username, password: stranger.password },
  });
  expect(kid.status()).toBe(200);
});

test('forgot the family password: the emailed link sets a new one, once', async ({
  page,
  request,
  portal,
  mailbox,
  checkPage,
}) => {
  const parent = await registerVerifiedGuardian(request, mailbox, portal.baseURL);
  const chosen = newPassword();

  await page.goto('/family');
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await expect(heading(page)).toHaveText('Forgot your password?');
  await page.getByLabel('Email', { exact: true }).fill(parent.email);
  const asked = new Date();
  await page.getByRole('button', { name: 'Send me a link' }).click();
  await expect(heading(page)).toHaveText('Check your email');
  await checkPage('family-forgot-sent');

  const link = await emailedLink(mailbox, parent.email, 'reset-password', asked);
  await page.goto(link);
  await expect(heading(page)).toHaveText('Choose a new password');
  const fields = newPasswordFields(page);
  await fields.password.fill(chosen);
  await fields.confirm.fill(chosen);
  await checkPage('family-reset-password');
  await page.getByRole('button', { name: 'Save my new password' }).click();
  await expect(heading(page)).toHaveText('Your password is changed');
  await checkPage('family-password-changed');

  // The link worked once: the page cannot tell before the form is sent, the server can.
  await page.goto(link);
  const again = newPasswordFields(page);
  const other = newPassword();
  await again.password.fill(other);
  await again.confirm.fill(other);
  await page.getByRole('button', { name: 'Save my new password' }).click();
  await expect(heading(page)).toHaveText('This link has expired or was already used');
  await checkPage('family-link-used');

  await familySignIn(page, { ...parent, password: chosen });
});

test('a generated password for a young child is shown once and signs the child in', async ({
  page,
  request,
  portal,
  createStudent,
  mailbox,
  checkPage,
  openPage,
}) => {
  const child = await createStudent({ grade: 1, accessCode: 'valid' });
  const parent = await registerVerifiedGuardian(request, mailbox, portal.baseURL);
  await familySignIn(page, parent);
  await linkChild(page, child.studentNumber, child.accessCode!);
  await page.getByRole('link', { name: `Reset password for ${child.firstName} ${child.lastName}` }).click();
  await page.getByRole('radio', { name: /Make one for me/ }).check();
  await page.getByRole('button', { name: 'Reset the password' }).click();
  await expect(heading(page)).toHaveText(`${child.firstName} ${child.lastName}'s password is reset`);
  const shown = page.getByRole('region', { name: 'The new password' });
  await expect(shown).toContainText('it is not shown again');
  await checkPage('family-generated-password');
  // Easy to type for a young child: two short words and a number, no look-alikes.
  const generated = (await shown.locator('code').innerText()).trim();
  expect(generated, 'the generated password on the page').toMatch(/^[A-Z][a-z]+[A-Z][a-z]+\d{2}$/);

  const kid = await openPage();
  await kid.goto('/');
  await kid.getByLabel('Username or school email').fill(child.username);
  await kid.getByLabel('Password', { exact: true }).fill(generated);
  await kid.getByRole('button', { name: 'Sign in' }).click();
  await expect(heading(kid)).not.toHaveText('Sign in');
  await expect(kid.getByRole('alert')).toHaveCount(0);
});
