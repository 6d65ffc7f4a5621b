import type { Page } from '@playwright/test';
import { expect, test, type TestStudent } from '../fixtures.ts';
import { expectNoHorizontalScroll, heading, signIn } from '../flows.ts';
import { createInTestApi, enrolAuthenticator, findStudent, staffPassword, statusOf, type TestSchool } from '../staff-flows.ts';

/*
 * District default-password regeneration: the district admin's form and its dry run, the
 * confirmation, the request's progress and the history. Fresh schools of the test district
 * hold the test's own students, so the counts are exactly the students made here. The demo
 * district's PSU code is 317. Only one test here confirms a request: a district runs one at a
 * time, and the tests of this file run side by side.
 */

const psu = '317';

/** previewRows is the preview table, a row of cell texts each. */
async function previewRows(page: Page): Promise<string[][]> {
  const table = page.getByRole('region', { name: 'Preview' }).getByRole('table');
  await expect(table).toBeVisible();
  return table.locator('tr').evaluateAll((rows) => rows.map((row) => Array.from(row.querySelectorAll('th, td')).map((c) => c.textContent?.trim() ?? '')));
}

async function openRegenerate(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Staff area' }).getByRole('link', { name: 'Default passwords' }).click();
  await expect(heading(page)).toHaveText('Regenerate default passwords');
}

test('a district admin previews two schools and grades 3,4; bad values and force without reset are refused at their fields', async ({
  page,
  request,
  portal,
  createStaff,
  checkPage,
}) => {
  test.setTimeout(120_000);
  const [north, south] = [
    await createInTestApi<TestSchool>(request, portal.baseURL, 'schools', {}),
    await createInTestApi<TestSchool>(request, portal.baseURL, 'schools', {}),
  ];
  const student = (school: TestSchool, grade: number) =>
    createInTestApi<TestStudent>(request, portal.baseURL, 'students', { grade, lastName: 'Nyberg', schoolId: school.id });
  for (const [school, grade] of [
    [north, 3],
    [north, 3],
    [north, 4],
    [north, 5],
    [south, 4],
    [south, 4],
    [south, 6],
  ] as const) {
    await student(school, grade);
  }
  const admin = await createStaff({ role: 'district_admin', title: 'Point of Contact' });
  const [first, second] = [north, south].sort((a, b) => a.campusCode.localeCompare(b.campusCode));

  await test.step('the form, by keyboard alone, previews the counts by school and grade', async () => {
    await staffPassword(page, admin);
    await enrolAuthenticator(page);
    await openRegenerate(page);
    await expect(page.getByLabel('Grade levels')).toHaveAccessibleDescription(/-5 to -1 \(pre-K\), 0 \(kindergarten\), 1 to 12/);
    await expect(page.getByLabel('Force password change at next sign-in')).toHaveAccessibleDescription(
      'Takes effect only with "Also reset current passwords" ticked.',
    );
    await checkPage('regen-form');

    await page.getByLabel('PSU code').focus();
    await page.keyboard.type(psu);
    await page.keyboard.press('Tab');
    await expect(page.getByLabel('Campus codes')).toBeFocused();
    await page.keyboard.type(`${north.campusCode}, ${south.campusCode}`);
    await page.keyboard.press('Tab');
    await expect(page.getByLabel('Grade levels')).toBeFocused();
    await page.keyboard.type('3,4');
    await page.keyboard.press('Tab');
    await expect(page.getByLabel('Also reset current passwords')).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(page.getByLabel('Force password change at next sign-in')).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(page.getByLabel('Comments')).toBeFocused();
    await page.keyboard.type('Start of the spring term');
    await page.keyboard.press('Tab');
    await expect(page.getByRole('button', { name: 'Preview' })).toBeFocused();
    await page.keyboard.press('Enter');

    const preview = page.getByRole('region', { name: 'Preview' });
    await expect(preview.getByRole('heading', { level: 2, name: 'Preview' })).toBeFocused();
    await expect(preview.getByText('5 students would get a new default password.')).toBeVisible();
    const count = (school: TestSchool) => (school === north ? [['3', '2'], ['4', '1'], ['All grades', '3']] : [['4', '2'], ['All grades', '2']]);
    expect(await previewRows(page)).toEqual([
      ['Campus code', 'School', 'Grade', 'Students'],
      ...[first!, second!].flatMap((school) => count(school).map(([grade, n]) => [school.campusCode, school.name, grade!, n!])),
      ['Total', '5'],
    ]);
    await expect(preview.getByText('Nothing has changed yet.')).toBeVisible();
    await checkPage('regen-preview');
  });

  await test.step('grade 14 and a campus code of no school of the district are refused, each value named at its field', async () => {
    await page.getByLabel('Campus codes').fill(`${north.campusCode}, QQ0000`);
    await expect(page.getByRole('region', { name: 'Preview' }), 'a change clears the preview').toHaveCount(0);
    await page.getByLabel('Grade levels').fill('3,14');
    await page.getByRole('button', { name: 'Preview' }).click();
    const campus = page.getByLabel('Campus codes');
    await expect(campus).toBeFocused();
    await expect(campus).toHaveAttribute('aria-invalid', 'true');
    await expect(campus).toHaveAccessibleDescription(/^Campus code QQ0000 is not a school of this district\./);
    await expect(page.getByLabel('Grade levels')).toHaveAccessibleDescription(/^Grade "14" is not a grade code\./);
    await expect(page.getByLabel('PSU code')).not.toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByRole('region', { name: 'Preview' })).toHaveCount(0);
    await checkPage('regen-refused');
  });

  await test.step('forcing a change without also resetting is refused with the form\'s explanation', async () => {
    await page.getByLabel('Campus codes').fill(north.campusCode);
    await page.getByLabel('Grade levels').fill('3');
    await page.getByLabel('Force password change at next sign-in').check();
    await page.getByRole('button', { name: 'Preview' }).click();
    const force = page.getByLabel('Force password change at next sign-in');
    await expect(force).toBeFocused();
    // The refusal explains in the very words of the box's hint.
    await expect(force).toHaveAccessibleDescription(/^Takes effect only with "Also reset current passwords" ticked\. Tick "Also reset/);
    await expect(page.getByLabel('Campus codes')).not.toHaveAttribute('aria-invalid', 'true');

    await page.getByLabel('Also reset current passwords').check();
    await page.getByRole('button', { name: 'Preview' }).click();
    await expect(page.getByRole('region', { name: 'Preview' }).getByText('2 students would get a new default password.')).toBeVisible();
    await expect(force).not.toHaveAttribute('aria-invalid', 'true');
  });
});

test('a district admin confirms a preview, watches it finish, finds it in the history; the students of those grades sign in with the new default', async ({
  page,
  request,
  portal,
  createStaff,
  checkPage,
  openPage,
}) => {
  test.setTimeout(180_000);
  const [north, south] = [
    await createInTestApi<TestSchool>(request, portal.baseURL, 'schools', {}),
    await createInTestApi<TestSchool>(request, portal.baseURL, 'schools', {}),
  ];
  const student = (school: TestSchool, grade: number) =>
    createInTestApi<TestStudent>(request, portal.baseURL, 'students', { grade, lastName: 'Nyberg', schoolId: school.id });
  const target = await student(north, 3);
  await student(north, 4);
  await student(south, 4);
  await student(south, 3);
  const otherGrade = await student(north, 5);
  const admin = await createStaff({ role: 'district_admin', title: 'Point of Contact' });
  const comments = `Spring term ${north.campusCode}`;
  let requestId = '';
  let newDefault = '';

  await test.step('the preview of two schools, grades 3,4, also reset and force change says what confirming does', async () => {
    await staffPassword(page, admin);
    await enrolAuthenticator(page);
    await openRegenerate(page);
    await page.getByLabel('PSU code').fill(psu);
    await page.getByLabel('Campus codes').fill(`${north.campusCode}, ${south.campusCode}`);
    await page.getByLabel('Grade levels').fill('3,4');
    await page.getByLabel('Also reset current passwords').check();
    await page.getByLabel('Force password change at next sign-in').check();
    await page.getByLabel('Comments').fill(comments);
    await page.getByRole('button', { name: 'Preview' }).click();
    const preview = page.getByRole('region', { name: 'Preview' });
    await expect(preview.getByText('4 students would get a new default password.')).toBeVisible();
    const recap = preview.getByRole('region', { name: 'What happens when you confirm' });
    await expect(recap).toContainText('It also becomes their current password');
    await expect(recap).toContainText('At their next sign-in they must choose a new password.');
    await checkPage('regen-confirm');
  });

  await test.step('confirming, by keyboard alone, runs it and opens its progress page, which reaches done', async () => {
    const run = page.getByRole('button', { name: 'Regenerate 4 default passwords' });
    await run.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByText('Regenerate the default passwords of 4 students now?')).toBeFocused();
    await checkPage('regen-confirm-question');
    await page.keyboard.press('Tab');
    await expect(page.getByRole('button', { name: 'Yes, regenerate' })).toBeFocused();
    await page.keyboard.press('Enter');

    await expect(heading(page)).toHaveText('Default password regeneration');
    await expect(page).toHaveURL(/\/staff\/district\/regenerate\/[0-9a-f-]{36}$/);
    requestId = new URL(page.url()).pathname.split('/').pop() ?? '';
    const progress = page.getByRole('region', { name: 'Progress' });
    await expect(progress.getByRole('status')).toHaveText('Done.', { timeout: 60_000 });
    const bar = progress.getByRole('progressbar', { name: 'Progress' });
    await expect(bar).toHaveAttribute('aria-valuenow', '4');
    await expect(bar).toHaveAttribute('aria-valuemax', '4');
    await expect(progress.getByText('4 of 4 students got a new default password.')).toBeVisible();
    await expect(progress.getByText(/^It took /)).toBeVisible();
    await expect(progress.getByRole('button', { name: 'Cancel request' })).toHaveCount(0);
    await expect(page.getByRole('region', { name: 'The request', exact: true })).toContainText(comments);
    await expect(page.getByText('The preview counted 4 students.')).toBeVisible();
    await checkPage('regen-progress-done');
    const desktop = page.viewportSize();
    await page.setViewportSize({ width: 375, height: 700 });
    await expectNoHorizontalScroll(page);
    await checkPage('phone-regen-progress-done');
    if (desktop) await page.setViewportSize(desktop);
  });

  await test.step('the history lists it, leading back to it, with the CSV', async () => {
    await page.getByRole('link', { name: 'Back to the history of requests' }).click();
    await expect(heading(page)).toHaveText('History of default password requests');
    const row = page
      .getByRole('table', { name: 'Confirmed requests, newest first' })
      .getByRole('row')
      .filter({ has: page.locator(`a[href="/staff/district/regenerate/${requestId}"]`) });
    await expect(row).toContainText(north.campusCode);
    await expect(row).toContainText(comments);
    await expect(row).toContainText('Done');
    await expect(row).toContainText('4 of 4');
    const csv = page.getByRole('link', { name: 'Download CSV' });
    await expect(csv).toHaveAttribute('href', '/api/v1/staff/district/regenerations.csv');
    const file = await page.request.get('/api/v1/staff/district/regenerations.csv');
    expect(file.status()).toBe(200);
    const text = await file.text();
    expect(text).toContain('Requested at');
    expect(text).toContain(comments);
    await checkPage('regen-history');
  });

  await test.step('staff find the new default on the student\'s page', async () => {
    await findStudent(page, target.username, `${target.firstName} ${target.lastName}`);
    await expect(statusOf(page, 'School-issued password')).toHaveText('In use; it can be shown');
    await page.getByRole('button', { name: 'Show the school-issued password' }).click();
    newDefault = (await page.locator('.generated__password code').innerText()).trim();
    expect(newDefault).not.toBe('');
    expect(newDefault).not.toBe(target.password);
    // Generated passwords avoid look-alike characters.
    expect(newDefault).not.toMatch(/[0O1lI]/);
  });

  await test.step('the student signs in with it and must choose a new password; the old one no longer works', async () => {
    const kid = await openPage();
    await kid.goto('/');
    await kid.getByLabel('Username or school email').fill(target.username);
    await kid.getByLabel('Password', { exact: true }).fill(target.password);
    await kid.getByRole('button', { name: 'Sign in' }).click();
    await expect(kid.getByRole('alert')).toContainText('That username or password is not right.');
    await signIn(kid, target.username, newDefault);
    await expect(heading(kid)).toHaveText('Change your password');
    await expect(kid.getByText('Your school gave you a starting password. Choose your own before you go on.')).toBeVisible();
  });

  await test.step('a student of another grade is untouched', async () => {
    const kid = await openPage();
    await signIn(kid, otherGrade.username, otherGrade.password);
    await expect(heading(kid)).toHaveText('My account');
  });
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 375, height: 700 }, isMobile: true, hasTouch: true });

  test('the form and its preview fit the screen', async ({ page, request, portal, createStaff, checkPage }) => {
    const school = await createInTestApi<TestSchool>(request, portal.baseURL, 'schools', {});
    await createInTestApi<TestStudent>(request, portal.baseURL, 'students', { grade: 4, lastName: 'Nyberg', schoolId: school.id });
    const admin = await createStaff({ role: 'district_admin' });
    await staffPassword(page, admin);
    await enrolAuthenticator(page);
    await openRegenerate(page);
    await expectNoHorizontalScroll(page);
    await page.getByLabel('PSU code').fill(psu);
    await page.getByLabel('Campus codes').fill(school.campusCode);
    await page.getByRole('button', { name: 'Preview' }).click();
    await expect(page.getByRole('region', { name: 'Preview' }).getByText('1 student would get a new default password.')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Regenerate 1 default password' })).toBeVisible();
    await expectNoHorizontalScroll(page);
    await checkPage('phone-regen-preview');
    await page.getByRole('link', { name: 'History of requests' }).click();
    await expect(heading(page)).toHaveText('History of default password requests');
    await expect(page.getByRole('link', { name: 'Download CSV' })).toBeVisible();
    await expectNoHorizontalScroll(page);
    await checkPage('phone-regen-history');
  });
});

test('a teacher has no Default passwords tab, and the page sends her to By Student', async ({ page, createStaff }) => {
  const teacher = await createStaff({ role: 'teacher' });
  await staffPassword(page, teacher);
  await enrolAuthenticator(page);
  await expect(page.getByRole('navigation', { name: 'Staff area' }).getByRole('link', { name: 'Default passwords' })).toHaveCount(0);
  await page.goto('/staff/district/regenerate');
  await expect(heading(page)).toHaveText('Find a student');
});
