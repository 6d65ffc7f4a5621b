import { expect, test } from '../fixtures.ts';
import { expectNoHorizontalScroll, heading } from '../flows.ts';
import { downloadedText, parseCsv, xlsxRows } from '../exports.ts';
import type { Page } from '@playwright/test';
import { enrolAuthenticator, openReport, rosterRows, staffPassword } from '../staff-flows.ts';

/*
 * View Report: a school admin reads her school's roster, sorts and filters it, and downloads it
 * as CSV and XLSX; the test reads both files back as a spreadsheet would and finds a student
 * whose name is a formula inert, and grade -1 still a number.
 */

const formulaName = '=HYPERLINK("http://x","y")';

/** uniqueName is a first name no other test's student has, so a filter finds only ours. */
function uniqueName(prefix: string): string {
  return `${prefix}${Math.random().toString(36).slice(2, 8)}`;
}

async function download(page: Page, linkName: string) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: linkName }).click()]);
  expect(await file.failure()).toBeNull();
  return file;
}

test('a school admin views the report, filters and sorts it, and downloads CSV and XLSX that are safe in a spreadsheet', async ({
  page,
  createStudent,
  createStaff,
  checkPage,
}) => {
  test.setTimeout(120_000);
  const family = uniqueName('Rep');
  const formula = await createStudent({ firstName: family, lastName: formulaName, grade: 5 });
  const preK = await createStudent({ firstName: family, lastName: 'Prekinder', grade: -1 });
  const admin = await createStaff({ role: 'school_admin' });

  await test.step('she opens View Report: her school is chosen and loaded', async () => {
    await staffPassword(page, admin);
    await enrolAuthenticator(page);
    await openReport(page);
    await expect(page.getByLabel('School')).not.toHaveValue('');
  });

  await test.step('a filter by name finds the test’s two students, with their grades and status', async () => {
    await page.getByLabel('Student ID, name or email').fill(family);
    await expect(page.getByRole('status')).toHaveText(/^2 students shown of \d+\.$/);
    const rows = await rosterRows(page);
    expect(rows.map((r) => r.slice(0, 4))).toEqual([
      [formula.studentNumber, formulaName, family, '5'],
      [preK.studentNumber, 'Prekinder', family, 'Pre-K'],
    ]);
    await checkPage('report-filtered');
  });

  await test.step('a click on the Grade header sorts by grade, a second click the other way', async () => {
    const grade = page.getByRole('columnheader', { name: 'Grade' });
    await grade.getByRole('button').click();
    await expect(grade).toHaveAttribute('aria-sort', 'ascending');
    expect((await rosterRows(page)).map((r) => r[0])).toEqual([preK.studentNumber, formula.studentNumber]);
    await grade.getByRole('button').click();
    await expect(grade).toHaveAttribute('aria-sort', 'descending');
    expect((await rosterRows(page)).map((r) => r[0])).toEqual([formula.studentNumber, preK.studentNumber]);
  });

  await test.step('the CSV: the formula is text (a leading apostrophe), grade -1 a plain number, no password', async () => {
    const file = await download(page, 'Download CSV');
    expect(file.suggestedFilename()).toMatch(/\.csv$/);
    const text = await downloadedText(file);
    const rows = parseCsv(text);
    expect(rows[0]?.join(',')).toMatch(/CONFIDENTIAL/i);
    expect(rows[1]?.slice(0, 4)).toEqual(['Student ID', 'Last name', 'First name', 'Grade']);
    const byId = new Map(rows.map((r) => [r[0], r]));
    expect(byId.get(formula.studentNumber)?.slice(0, 4)).toEqual([formula.studentNumber, `'${formulaName}`, family, '5']);
    expect(byId.get(preK.studentNumber)?.slice(0, 4)).toEqual([preK.studentNumber, 'Prekinder', family, '-1']);
    expect(text).not.toContain(formula.password);
    expect(text).not.toContain(preK.password);
  });

  await test.step('the XLSX: the formula is a string cell (no <f>), grade -1 a number cell', async () => {
    const file = await download(page, 'Download Excel (XLSX)');
    expect(file.suggestedFilename()).toMatch(/\.xlsx$/);
    const sheet = await xlsxRows(file);
    const rowOf = (studentNumber: string) => [...sheet.values()].find((cells) => cells[0]?.value === studentNumber);
    const formulaRow = rowOf(formula.studentNumber);
    const preKRow = rowOf(preK.studentNumber);
    expect(formulaRow, 'the student with the formula name is in the workbook').toBeDefined();
    expect(preKRow, 'the pre-K student is in the workbook').toBeDefined();
    for (const cells of [...sheet.values()]) {
      for (const cell of cells) expect(cell.formula, `cell ${cell.ref} holds a formula`).toBe(false);
    }
    const lastName = formulaRow?.[1];
    expect(lastName?.value).toBe(`'${formulaName}`);
    expect(['s', 'str', 'inlineStr']).toContain(lastName?.type);
    const grade = preKRow?.[3];
    expect(grade?.value).toBe('-1');
    // A number cell has no type, or "n".
    expect([undefined, 'n']).toContain(grade?.type);
  });
});

test('View Report is accessible: loaded, with nothing matching, on a phone, sorted from the keyboard', async ({
  page,
  createStudent,
  createStaff,
  checkPage,
}) => {
  test.setTimeout(120_000);
  const family = uniqueName('Kbd');
  const older = await createStudent({ firstName: family, lastName: 'Older', grade: 8 });
  const younger = await createStudent({ firstName: family, lastName: 'Younger', grade: 0 });
  const admin = await createStaff({ role: 'school_admin' });

  await staffPassword(page, admin);
  await enrolAuthenticator(page);
  await openReport(page);
  await checkPage('report-loaded');

  await test.step('the keyboard filters and sorts', async () => {
    await page.getByLabel('Student ID, name or email').fill(family);
    await expect(page.getByRole('status')).toHaveText(/^2 students shown of \d+\.$/);
    const grade = page.getByRole('columnheader', { name: 'Grade' });
    await grade.getByRole('button').focus();
    await page.keyboard.press('Enter');
    await expect(grade).toHaveAttribute('aria-sort', 'ascending');
    expect((await rosterRows(page)).map((r) => r[0])).toEqual([younger.studentNumber, older.studentNumber]);
    await page.keyboard.press('Space');
    await expect(grade).toHaveAttribute('aria-sort', 'descending');
    expect((await rosterRows(page)).map((r) => r[0])).toEqual([older.studentNumber, younger.studentNumber]);
    await expect(grade.getByRole('button')).toBeFocused();
  });

  await test.step('a filter that matches nothing says "No data"', async () => {
    await page.getByLabel('Student ID, name or email').fill(`${family} nobody-has-this-name`);
    await expect(page.getByRole('status')).toHaveText('No data: no student matches the filter.');
    await expect(page.getByRole('table')).toHaveCount(0);
    await checkPage('report-no-data');
  });

  await test.step('on a phone the table scrolls in its frame, not the page', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByLabel('Student ID, name or email').fill(family);
    await expect(page.getByRole('table')).toBeVisible();
    await expectNoHorizontalScroll(page);
    await expect(heading(page)).toBeVisible();
    await checkPage('report-phone');
  });
});
