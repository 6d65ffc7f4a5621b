import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures.ts';
import { familySignIn, registerVerifiedGuardian } from '../family-flows.ts';
import {
  expectNoHorizontalScroll,
  heading,
  newPassword,
  newPasswordFields,
  openQuestions,
  signIn,
  startForgot,
  switchLanguage,
} from '../flows.ts';

/*
 * Issue 9, point 8 (all but the desktop card): the phone's show/hide icon, long questions in
 * full, menus without orphans, the must-change screen without the password typed seconds
 * before, signed-out pages without console errors, robots.txt and 404 for unknown files.
 */

/** expectNotCut checks that each element shows its whole text: no overflow, inside the screen. */
async function expectNotCut(page: Page, selector: string) {
  const boxes = await page.locator(selector).evaluateAll((els) =>
    els.map((el) => ({
      text: el.textContent ?? '',
      overflows: el.scrollWidth > el.clientWidth,
      right: el.getBoundingClientRect().right,
    })),
  );
  expect(boxes.length).toBeGreaterThan(0);
  const width = page.viewportSize()!.width;
  for (const box of boxes) {
    expect(box.overflows, `"${box.text}" is cut`).toBe(false);
    expect(box.right, `"${box.text}" runs off the screen`).toBeLessThanOrEqual(width);
  }
}

test.describe('on a phone', () => {
  test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

  test('the show/hide control is an icon button inside the password field', async ({ page, checkPage }) => {
    await page.goto('/');
    await expect(heading(page)).toHaveText('Sign in');
    const field = page.getByLabel('Password', { exact: true });
    const toggle = page.getByRole('button', { name: 'Show password: Password' });
    const [f, b] = [(await field.boundingBox())!, (await toggle.boundingBox())!];
    expect(b.x).toBeGreaterThan(f.x);
    expect(b.x + b.width).toBeLessThanOrEqual(f.x + f.width + 0.5);
    expect(b.y).toBeGreaterThanOrEqual(f.y - 0.5);
    expect(b.y + b.height).toBeLessThanOrEqual(f.y + f.height + 0.5);
    expect(b.width).toBeGreaterThanOrEqual(24);
    await expect(toggle).toHaveText('');
    await field.fill('Lantern-Grove-64');
    await expect(toggle).toHaveAttribute('aria-pressed', 'false');
    await toggle.click();
    await expect(field).toHaveAttribute('type', 'text');
    await expect(toggle).toHaveAttribute('aria-pressed', 'true');
    await checkPage('phone-password-shown-en');
    await switchLanguage(page, 'Español');
    await expect(page.getByRole('button', { name: /^Mostrar contraseña/ })).toHaveAttribute('aria-pressed', 'true');
    await checkPage('phone-password-shown-es');
  });

  test('long question texts are shown in full', async ({ page, createStudent, checkPage }) => {
    await test.step('the forgot-password questions', async () => {
      // An unknown username is shown questions too (the same every time).
      await startForgot(page, `nobody${Date.now()}`);
      await openQuestions(page);
      await expectNotCut(page, 'main .field__label');
      await expectNoHorizontalScroll(page);
      await checkPage('phone-forgot-questions-en');
    });

    await test.step('the questions page shows the chosen question whole', async () => {
      const student = await createStudent();
      await signIn(page, student.username, student.password);
      await page.getByRole('link', { name: 'Choose security questions' }).click();
      await expect(heading(page)).toHaveText('Security questions');
      const select = page.getByLabel('Question 1', { exact: true });
      // The catalogue arrives after the heading: wait for it (ten questions at least) before reading it.
      await expect(select.locator('option').nth(10)).toBeAttached();
      const texts = await select.locator('option').evaluateAll((os) => os.slice(1).map((o) => o.textContent ?? ''));
      const longest = texts.reduce((a, b) => (b.length > a.length ? b : a));
      await select.selectOption({ label: longest });
      const full = page.locator('.question-full').first();
      await expect(full).toBeVisible();
      await expect(full).toHaveText(longest);
      await expectNotCut(page, '.question-full');
      await checkPage('phone-questions-full-en');
      await switchLanguage(page, 'Español');
      await expect(heading(page)).toHaveText('Preguntas de seguridad');
      await expect(page.locator('.question-full').first()).toBeVisible();
      await expectNotCut(page, '.question-full');
      await checkPage('phone-questions-full-es');
    });
  });

  test('the family menu keeps its items on one row', async ({ page, request, mailbox, portal, checkPage }) => {
    const parent = await registerVerifiedGuardian(request, mailbox, portal.baseURL);
    await familySignIn(page, parent);
    const tops = async () =>
      page
        .getByRole('navigation', { name: /Family portal|Portal para familias/ })
        .getByRole('listitem')
        .evaluateAll((items) => items.map((li) => Math.round(li.getBoundingClientRect().top)));
    expect(new Set(await tops()).size, 'menu items on more than one row').toBe(1);
    await expectNoHorizontalScroll(page);
    await checkPage('phone-family-nav-en');
    await switchLanguage(page, 'Español');
    await expect(heading(page)).toHaveText('Mis hijos');
    expect(new Set(await tops()).size, 'menu items on more than one row').toBe(1);
    await checkPage('phone-family-nav-es');
  });
});

test('the must-change screen does not ask again for the password typed at sign-in', async ({
  page,
  createStudent,
  checkPage,
}) => {
  const student = await createStudent({ mustChangePassword: true, defaultPassword: true });
  const chosen = newPassword();
  await signIn(page, student.username, student.password);
  await expect(heading(page)).toHaveText('Change your password');
  await expect(page.getByLabel('Current password', { exact: true })).toHaveCount(0);
  const fields = newPasswordFields(page);
  await fields.password.fill(chosen);
  await fields.confirm.fill(chosen);
  await checkPage('must-change-no-current-en');
  await switchLanguage(page, 'Español');
  await expect(page.getByLabel('Contraseña actual', { exact: true })).toHaveCount(0);
  await checkPage('must-change-no-current-es');
  await switchLanguage(page, 'English');
  await page.getByRole('button', { name: 'Change my password' }).click();
  await expect(heading(page)).toHaveText('My account');
});

test('signed-out pages log no console error', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`${page.url()}: ${message.text()}`);
  });
  for (const [path, title] of [
    ['/', 'Sign in'],
    ['/forgot', 'Forgot your password?'],
    ['/family', 'Sign in to the family portal'],
    ['/family/register', 'Create a family account'],
  ]) {
    await page.goto(path!);
    await expect(heading(page)).toHaveText(title!);
  }
  expect(errors).toEqual([]);
});

test('robots.txt is a real file and an unknown file is 404, while app pages still load', async ({ request, portal }) => {
  const robots = await request.get(`${portal.baseURL}/robots.txt`);
  expect(robots.status()).toBe(200);
  expect(robots.headers()['content-type']).toContain('text/plain');
  expect(await robots.text()).toBe('User-agent: *\nDisallow: /\n');
  for (const path of ['/foo.png', '/assets/missing.js', '/family/nothing.css']) {
    const res = await request.get(`${portal.baseURL}${path}`);
    expect(res.status(), path).toBe(404);
    expect(await res.text(), path).not.toContain('<div id="root"');
  }
  for (const path of ['/', '/family/children', '/forgot/verify']) {
    const res = await request.get(`${portal.baseURL}${path}`);
    expect(res.status(), path).toBe(200);
    expect(res.headers()['content-type'], path).toContain('text/html');
  }
});
