import { expect, test } from '../fixtures.ts';

test('the sign-in page is labelled, accessible, bilingual and refuses a wrong password', async ({
  page,
  axe,
  saveScreenshot,
}) => {
  const login = page.getByLabel('Username or school email');
  const password = page.getByLabel('Password', { exact: true });

  await test.step('open the portal', async () => {
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
    await expect(page.getByRole('banner')).toContainText('Password Help');
    await expect(page.getByRole('main')).toBeVisible();
    await expect(login).toHaveAttribute('autocomplete', 'username');
    await expect(password).toHaveAttribute('autocomplete', 'current-password');
    await expect(page.getByRole('link', { name: 'Forgot your password?' })).toBeVisible();
    await axe();
    await saveScreenshot('sign-in');
  });

  await test.step('the skip link leads to the main content', async () => {
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to main content' });
    await expect(skip).toBeFocused();
    await expect(skip).toBeVisible();
  });

  await test.step('switch to Spanish and back', async () => {
    await page.getByRole('button', { name: 'Español' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Iniciar sesión' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'es');
    await expect(page.getByLabel('Usuario o correo escolar')).toBeVisible();
    await axe();
    await saveScreenshot('sign-in-es');

    // The choice survives a reload.
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: 'Iniciar sesión' })).toBeVisible();

    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  });

  await test.step('a wrong password shows an alert tied to the fields', async () => {
    await login.fill('nobody-e2e-smoke');
    await password.fill('Wrong-Passw0rd!');
    await page.getByRole('button', { name: 'Sign in' }).click();

    const alert = page.getByRole('alert');
    await expect(alert).toContainText('That username or password is not right.');
    await expect(alert).toBeFocused();
    const alertId = await alert.getAttribute('id');
    expect(alertId).toBeTruthy();
    for (const field of [login, password]) {
      await expect(field).toHaveAttribute('aria-invalid', 'true');
      await expect(field).toHaveAttribute('aria-describedby', new RegExp(`\\b${alertId}\\b`));
    }
    await axe();
    await saveScreenshot('sign-in-refused');
  });
});
