import { expect, test } from '../fixtures.ts';
import { expectNoHorizontalScroll, heading, signIn } from '../flows.ts';
import { enrolAuthenticator, findStudent, staffPassword } from '../staff-flows.ts';

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

test('on a phone: the staff sign-in, enrolment, search, student and audit pages fit the screen', async ({
  page,
  createStudent,
  createStaff,
  checkPage,
}) => {
  const pupil = await createStudent({ grade: 5, firstName: 'Maximiliana', lastName: 'Featherstonehaugh-Oyelaran' });
  const teacher = await createStaff({ role: 'teacher', classStudents: [pupil.id] });

  await test.step('sign-in and enrolment', async () => {
    await staffPassword(page, teacher);
    await expect(heading(page)).toHaveText('Set up your authenticator app');
    await expectNoHorizontalScroll(page);
    await checkPage('phone-staff-enrol');
    await enrolAuthenticator(page);
    await expectNoHorizontalScroll(page);
  });

  await test.step('search and the student page', async () => {
    await findStudent(page, 'featherstone', `${pupil.firstName} ${pupil.lastName}`);
    await expectNoHorizontalScroll(page);
    await checkPage('phone-staff-student');
  });

  await test.step('audit', async () => {
    await page.getByRole('link', { name: 'Audit' }).click();
    await expect(heading(page)).toHaveText('Audit');
    await expectNoHorizontalScroll(page);
    await checkPage('phone-staff-audit');
  });
});
