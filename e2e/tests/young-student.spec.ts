import { expect, test } from '../fixtures.ts';
import { heading, signIn } from '../flows.ts';

test('a grade 1 student has no PIN or questions and is told who can help', async ({ page, createStudent, checkPage }) => {
  const student = await createStudent({ grade: 1 });

  await test.step('the account page offers no self-reset set-up', async () => {
    await signIn(page, student.username, student.password);
    await expect(heading(page)).toHaveText('My account');
    await expect(page.getByText(`Hi, ${student.firstName}!`)).toBeVisible();
    const main = page.getByRole('main');
    await expect(main.getByRole('link', { name: /PIN/ })).toHaveCount(0);
    await expect(main.getByRole('link', { name: /questions/i })).toHaveCount(0);
    await expect(main.getByText('Recovery PIN')).toHaveCount(0);
    await expect(main.getByRole('link', { name: 'Change my password' })).toBeVisible();
  });

  await test.step('it says who can help', async () => {
    const help = page.getByRole('region', { name: 'Forgot your password?' });
    await expect(help).toContainText("You can't reset your password by yourself yet.");
    await expect(help.getByRole('listitem')).toHaveText([
      'A parent or guardian can reset it in the family portal.',
      'Your teacher or the school office can reset it too.',
    ]);
    await checkPage('young-account');
  });

  await test.step('typing the PIN address shows the same help, not a form', async () => {
    await page.goto('/account/pin');
    await expect(heading(page)).toHaveText('Recovery PIN');
    await expect(page.getByRole('region', { name: 'Forgot your password?' })).toBeVisible();
    await expect(page.getByLabel('New PIN', { exact: true })).toHaveCount(0);
    await checkPage('young-pin');
  });
});
