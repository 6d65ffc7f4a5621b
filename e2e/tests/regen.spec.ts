import type { Page } from '@playwright/test';
import { expect, test, type TestStudent } from '../fixtures.ts';
import { expectNoHorizontalScroll, heading } from '../flows.ts';
import { createInTestApi, enrolAuthenticator, staffPassword, type TestSchool } from '../staff-flows.ts';

/*
 * District default-password regeneration, step 1: the district admin's form and its dry run.
 * Two fresh schools of the test district hold the test's own students, so the counts are
 * exactly the students made here. The demo district's PSU code is 317.
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
    await expect(preview.getByText('Nothing has changed yet. Confirming the request comes in the next release.')).toBeVisible();
    await expect(preview.getByText('Running the request is not available yet.')).toBeVisible();
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
    await expect(force).toHaveAccessibleDescription(/^Forcing a password change takes effect only with "Also reset current passwords"/);
    await expect(page.getByLabel('Campus codes')).not.toHaveAttribute('aria-invalid', 'true');

    await page.getByLabel('Also reset current passwords').check();
    await page.getByRole('button', { name: 'Preview' }).click();
    await expect(page.getByRole('region', { name: 'Preview' }).getByText('2 students would get a new default password.')).toBeVisible();
    await expect(force).not.toHaveAttribute('aria-invalid', 'true');
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
    await expectNoHorizontalScroll(page);
    await checkPage('phone-regen-preview');
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
