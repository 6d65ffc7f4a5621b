import { expect, test } from '../fixtures.ts';
import { heading, signIn } from '../flows.ts';

test('Spanish, chosen on a page, stays after a reload and passes axe', async ({ page, createStudent, checkPage }) => {
  const student = await createStudent();

  await test.step('switch the account page to Spanish', async () => {
    await signIn(page, student.username, student.password);
    await expect(heading(page)).toHaveText('My account');
    await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: 'Español' }).click();
    await expect(heading(page)).toHaveText('Mi cuenta');
    await expect(page.locator('html')).toHaveAttribute('lang', 'es');
    await expect(page.getByRole('button', { name: 'Español' })).toHaveAttribute('aria-pressed', 'true');
  });

  await test.step('a reload keeps Spanish', async () => {
    await page.reload();
    await expect(heading(page)).toHaveText('Mi cuenta');
    await expect(page.locator('html')).toHaveAttribute('lang', 'es');
    await expect(page.getByText(`¡Hola, ${student.firstName}!`)).toBeVisible();
    await expect(page.getByRole('link', { name: 'Crear un PIN' })).toBeVisible();
    await checkPage('account-es');
  });

  await test.step('the PIN page is in Spanish too', async () => {
    await page.getByRole('link', { name: 'Crear un PIN' }).click();
    await expect(heading(page)).toHaveText('PIN de recuperación');
    await expect(page.getByLabel('PIN nuevo', { exact: true })).toBeVisible();
    await checkPage('pin-es');
  });

  await test.step('and the forgot-password page after signing out', async () => {
    await page.getByRole('link', { name: 'Volver a mi cuenta' }).click();
    await expect(heading(page)).toHaveText('Mi cuenta');
    await page.getByRole('button', { name: 'Cerrar sesión' }).click();
    await expect(heading(page)).toHaveText('Iniciar sesión');
    await page.getByRole('link', { name: '¿Olvidaste tu contraseña?' }).click();
    await expect(heading(page)).toHaveText('¿Olvidaste tu contraseña?');
    await checkPage('forgot-es');
  });
});
