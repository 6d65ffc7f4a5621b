import { expect, test } from '../fixtures.ts';
import { expectNoHorizontalScroll, heading, signIn } from '../flows.ts';

test.use({ viewport: { width: 375, height: 700 }, isMobile: true, hasTouch: true });

test('on a phone: sign in and the account pages fit the screen', async ({ page, createStudent, checkPage }) => {
  const student = await createStudent();

  await test.step('sign-in page', async () => {
    await page.goto('/');
    await expect(heading(page)).toHaveText('Sign in');
    await expectNoHorizontalScroll(page);
    await checkPage('phone-sign-in');
  });

  await test.step('account page', async () => {
    await signIn(page, student.username, student.password);
    await expect(heading(page)).toHaveText('My account');
    // A long email address must wrap, not widen the page.
    await expect(page.getByText(student.email)).toBeVisible();
    await expectNoHorizontalScroll(page);
    await checkPage('phone-account');
  });

  await test.step('PIN and questions pages', async () => {
    await page.getByRole('link', { name: 'Set a PIN' }).click();
    await expect(heading(page)).toHaveText('Recovery PIN');
    await expectNoHorizontalScroll(page);
    await checkPage('phone-pin');
    await page.getByRole('link', { name: 'Back to my account' }).click();
    await page.getByRole('link', { name: 'Choose security questions' }).click();
    await expect(heading(page)).toHaveText('Security questions');
    await expect(page.getByLabel('Question 1', { exact: true })).toBeVisible();
    await expectNoHorizontalScroll(page);
    await checkPage('phone-questions');
  });
});
