import { expect, test } from '../fixtures.ts';
import { familySignIn, linkChild, newGuardianIdentity, registerVerifiedGuardian } from '../family-flows.ts';
import { heading, newPassword, newPasswordFields, signIn, switchLanguage } from '../flows.ts';

/*
 * Issue 9, "words that fit the reader" and "email language is its own setting": a child told
 * who gave the starting password, a guardian's refusals that name the child or speak of the
 * email (guardians have no username), and the language of the emails kept apart from the
 * language of the pages. Each page in English and Spanish, scanned by axe.
 */

test('a guardian resets with "must change": refusals name the child, the child is told the parent gave it', async ({
  page,
  request,
  portal,
  createStudent,
  mailbox,
  openPage,
  checkPage,
}) => {
  const child = await createStudent({ grade: 5, accessCode: 'valid' });
  const parent = await registerVerifiedGuardian(request, mailbox, portal.baseURL);
  const childPassword = newPassword();
  const name = child.firstName;

  await test.step('the empty form and the server speak of the child', async () => {
    await familySignIn(page, parent);
    await linkChild(page, child.studentNumber, child.accessCode!);
    await page.getByRole('link', { name: `Reset password for ${name} ${child.lastName}` }).click();
    await page.getByRole('radio', { name: /Type a password/ }).check();
    const fields = newPasswordFields(page);
    await expect(page.getByText(`${name}'s new password needs:`)).toBeVisible();
    await page.getByRole('button', { name: 'Reset the password' }).click();
    await expect(fields.password).toHaveAccessibleDescription(new RegExp(`Type ${name}'s new password here\\.`));

    // Only the server knows the child's current password: its refusal names the child too.
    await fields.password.fill(child.password);
    await fields.confirm.fill(child.password);
    await page.getByRole('button', { name: 'Reset the password' }).click();
    await expect(fields.password).toHaveAccessibleDescription(
      new RegExp(`Pick a new password, not the one ${name} uses now\\.`),
    );
    await expect(page.getByRole('main')).not.toContainText('Type your new password here');
    await checkPage('words-child-reset-refused-en');

    await switchLanguage(page, 'Español');
    await expect(page.getByLabel('Contraseña nueva', { exact: true })).toHaveAccessibleDescription(
      new RegExp(`Elija una contraseña nueva, no la que ${name} usa ahora\\.`),
    );
    await expect(page.getByText(`La contraseña nueva de ${name} necesita:`)).toBeVisible();
    await checkPage('words-child-reset-refused-es');
    await switchLanguage(page, 'English');
  });

  await test.step('the reset with "must change"', async () => {
    const fields = newPasswordFields(page);
    await fields.password.fill(childPassword);
    await fields.confirm.fill(childPassword);
    await page.getByRole('checkbox', { name: /must choose a new password at the next sign-in/ }).check();
    await page.getByRole('button', { name: 'Reset the password' }).click();
    await expect(heading(page)).toHaveText(`${name} ${child.lastName}'s password is reset`);
  });

  await test.step('the child is told a parent or guardian gave the starting password', async () => {
    const kid = await openPage();
    await signIn(kid, child.username, childPassword);
    await expect(heading(kid)).toHaveText('Change your password');
    const main = kid.getByRole('main');
    await expect(main).toContainText('Your parent or guardian gave you a starting password.');
    await expect(main).not.toContainText('Your school gave you');
    // Just signed in with it, the child is not asked for it again (the field's hint naming the
    // parent shows when it is asked: change-password-page.test.tsx).
    await expect(kid.getByLabel('Current password', { exact: true })).toHaveCount(0);
    await checkPage('words-must-change-guardian-en', kid);
    await switchLanguage(kid, 'Español');
    await expect(main).toContainText('Tu madre, padre o tutor te dio una contraseña inicial.');
    await checkPage('words-must-change-guardian-es', kid);
  });
});

test('registration refuses the first part of the email, never a "username"', async ({ page, checkPage }) => {
  const parent = newGuardianIdentity();
  const localPart = parent.email.split('@')[0]!;
  await page.goto('/family/register');
  await expect(heading(page)).toHaveText('Create a family account');
  await page.getByLabel('Your name', { exact: true }).fill(parent.name);
  await page.getByLabel('Email', { exact: true }).fill(parent.email);
  const password = `${localPart.toUpperCase()}x7`;
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByLabel('Type the password again', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Create my account' }).click();
  const field = page.getByLabel('Password', { exact: true });
  await expect(field).toHaveAccessibleDescription(/Don't put the first part of your email \(before the @\) in your password\./);
  await expect(page.getByText("Doesn't have your name or the first part of your email in it")).toBeVisible();
  await expect(page.getByRole('main')).not.toContainText('username');
  await checkPage('words-register-refused-en');

  await switchLanguage(page, 'Español');
  await expect(heading(page)).toHaveText('Crear una cuenta familiar');
  await expect(page.getByLabel('Contraseña', { exact: true })).toHaveAccessibleDescription(
    /No ponga en su contraseña la primera parte de su correo/,
  );
  await expect(page.getByRole('main')).not.toContainText('usuario');
  await checkPage('words-register-refused-es');
});

test('the language switch changes the pages only; the account page changes the emails', async ({
  page,
  request,
  portal,
  mailbox,
  checkPage,
}) => {
  const parent = await registerVerifiedGuardian(request, mailbox, portal.baseURL);
  const askForLink = async () => {
    const since = new Date();
    const res = await request.post(`${portal.baseURL}/api/v1/family/forgot`, { data: { email: parent.email } });
    expect(res.status()).toBe(202);
    return since;
  };

  await test.step('the pages in Spanish, the emails still in English', async () => {
    await familySignIn(page, parent);
    await switchLanguage(page, 'Español');
    await expect(heading(page)).toHaveText('Mis hijos');
    await page.getByRole('link', { name: 'Mi cuenta' }).click();
    await expect(heading(page)).toHaveText('Mi cuenta');
    await expect(page.getByRole('radio', { name: 'English' })).toBeChecked();
    await checkPage('words-account-es');
    const since = await askForLink();
    const mail = await mailbox.waitFor(parent.email, { since, subject: /password/ });
    expect(mail.subject).toBe('Reset your family portal password');
  });

  await test.step('the guardian chooses Spanish for the emails; the next one is in Spanish', async () => {
    await page.getByRole('radio', { name: 'Español' }).check();
    await page.getByRole('button', { name: 'Guardar el idioma' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Nuestros próximos correos le llegarán en Español' })).toBeVisible();
    // Back to English pages: the emails stay Spanish.
    await switchLanguage(page, 'English');
    await expect(heading(page)).toHaveText('My account');
    await page.reload();
    await expect(heading(page)).toHaveText('My account');
    await expect(page.getByRole('radio', { name: 'Español' })).toBeChecked();
    await checkPage('words-account-en');
    const since = await askForLink();
    const mail = await mailbox.waitFor(parent.email, { since, subject: /contraseña/ });
    expect(mail.subject).toBe('Restablezca su contraseña del portal para familias');
    expect(mail.text).toContain('únicamente funciona el enlace más reciente');
  });
});
