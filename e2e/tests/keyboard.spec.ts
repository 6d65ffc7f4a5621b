import type { Locator, Page } from '@playwright/test';
import { expect, test } from '../fixtures.ts';
import { heading } from '../flows.ts';
import { freshCode } from '../staff-flows.ts';

/** tabTo presses Tab until target has focus, failing after max presses. */
async function tabTo(page: Page, target: Locator, max = 20): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  await expect(target, `Tab never reached it in ${max} presses`).toBeFocused();
}

/** expectVisibleFocus checks the focused element shows the focus ring. */
async function expectVisibleFocus(target: Locator): Promise<void> {
  const style = await target.evaluate((el) => {
    const s = getComputedStyle(el);
    return {
      focusVisible: el.matches(':focus-visible'),
      outlineStyle: s.outlineStyle,
      outlineWidth: parseFloat(s.outlineWidth),
    };
  });
  expect(style.focusVisible, 'the focused element matches :focus-visible').toBe(true);
  expect(style.outlineStyle).not.toBe('none');
  expect(style.outlineWidth).toBeGreaterThanOrEqual(2);
}

test('sign in and set a PIN with the keyboard only', async ({ page, createStudent, checkPage }) => {
  const student = await createStudent();

  await test.step('sign in', async () => {
    await page.goto('/');
    await expect(heading(page)).toHaveText('Sign in');
    const login = page.getByLabel('Username or school email');
    await tabTo(page, login);
    await expectVisibleFocus(login);
    await page.keyboard.type(student.username);
    await page.keyboard.press('Tab');
    const password = page.getByLabel('Password', { exact: true });
    await expect(password).toBeFocused();
    await page.keyboard.type(student.password);
    // The show/hide toggle works from the keyboard too.
    await page.keyboard.press('Tab');
    const toggle = page.getByRole('button', { name: 'Show password' });
    await expect(toggle).toBeFocused();
    await expectVisibleFocus(toggle);
    await page.keyboard.press('Enter');
    await expect(password).toHaveAttribute('type', 'text');
    await page.keyboard.press('Enter');
    await expect(password).toHaveAttribute('type', 'password');
    await checkPage('sign-in-keyboard');
    await page.keyboard.press('Shift+Tab');
    await expect(password).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(heading(page)).toHaveText('My account');
  });

  await test.step('open the PIN page', async () => {
    const setPinLink = page.getByRole('link', { name: 'Set a PIN' });
    await tabTo(page, setPinLink, 30);
    await expectVisibleFocus(setPinLink);
    await checkPage('account-keyboard');
    await page.keyboard.press('Enter');
    await expect(heading(page)).toHaveText('Recovery PIN');
    // After the navigation, focus starts on the new page's heading.
    await expect(heading(page)).toBeFocused();
  });

  await test.step('set the PIN', async () => {
    const current = page.getByLabel('Your current password', { exact: true });
    await tabTo(page, current);
    await expectVisibleFocus(current);
    await page.keyboard.type(student.password);
    const pin = page.getByLabel('New PIN', { exact: true });
    await tabTo(page, pin);
    await page.keyboard.type('305816');
    const confirm = page.getByLabel('Type the new PIN again', { exact: true });
    await tabTo(page, confirm);
    await page.keyboard.type('305816');
    await checkPage('pin-keyboard');
    await page.keyboard.press('Enter');
    await expect(heading(page)).toHaveText('My account');
    await expect(page.getByRole('status').filter({ hasText: 'Your PIN is saved.' })).toBeVisible();
  });
});

test('staff: sign in with the second factor and find a student with the keyboard only', async ({
  page,
  createStudent,
  createStaff,
  checkPage,
}) => {
  const pupil = await createStudent();
  const teacher = await createStaff({ role: 'teacher', classStudents: [pupil.id] });

  await test.step('the password step', async () => {
    await page.goto('/staff');
    await expect(heading(page)).toHaveText('Staff sign-in');
    const email = page.getByLabel('Work email');
    await tabTo(page, email);
    await expectVisibleFocus(email);
    await page.keyboard.type(teacher.email);
    await page.keyboard.press('Tab');
    await expect(page.getByLabel('Password', { exact: true })).toBeFocused();
    await page.keyboard.type(teacher.password);
    await page.keyboard.press('Enter');
    await expect(heading(page)).toHaveText('Set up your authenticator app');
  });

  await test.step('enrolment and the recovery codes', async () => {
    const secret = (await page.locator('.staff-key code').innerText()).replace(/\s+/g, '');
    const code = page.getByLabel('6-digit code from the app');
    await tabTo(page, code, 30);
    await expectVisibleFocus(code);
    await page.keyboard.type(await freshCode(secret));
    await page.keyboard.press('Enter');
    await expect(heading(page)).toHaveText('Save your recovery codes');
    const saved = page.getByLabel('I have saved these codes');
    await tabTo(page, saved, 30);
    await expectVisibleFocus(saved);
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await expect(page.getByRole('button', { name: 'Continue' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(heading(page)).toHaveText('Find a student');
  });

  await test.step('search and open the student', async () => {
    const search = page.getByLabel('Student ID, username, email or name');
    await tabTo(page, search, 30);
    await expectVisibleFocus(search);
    await page.keyboard.type(pupil.studentNumber);
    await page.keyboard.press('Enter');
    const result = page.getByRole('link', { name: `${pupil.firstName} ${pupil.lastName}` });
    await expect(result).toBeVisible();
    await tabTo(page, result, 30);
    await expectVisibleFocus(result);
    await checkPage('staff-keyboard-search');
    await page.keyboard.press('Enter');
    await expect(heading(page)).toHaveText(`${pupil.firstName} ${pupil.lastName}`);
  });
});
