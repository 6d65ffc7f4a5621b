import { expect, test } from '../fixtures.ts';
import { expectNoHorizontalScroll, heading, switchLanguage } from '../flows.ts';
import { downloadedText, parseCsv, xlsxRows } from '../exports.ts';
import type { Page } from '@playwright/test';
import { familySignIn, linkChild, registerVerifiedGuardian } from '../family-flows.ts';
import { classIdOf, enrolAuthenticator, openReport, pdfPageCount, rosterRows, staffPassword } from '../staff-flows.ts';

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

test('a principal downloads her school’s Student Accounts CSV, marked confidential, with a student’s default password by class; a teacher has no such link', async ({
  page,
  request,
  portal,
  createStudent,
  createStaff,
  checkPage,
  openPage,
}) => {
  test.setTimeout(120_000);
  const made = await request.post(`${portal.baseURL}/api/test/schools`, { data: {} });
  expect(made.status(), await made.text()).toBe(201);
  const school = (await made.json()) as { id: string };
  const family = uniqueName('Acc');
  const issued = await createStudent({ firstName: family, lastName: 'Issued', grade: 3, defaultPassword: true, schoolId: school.id });
  const own = await createStudent({ firstName: family, lastName: 'Own', grade: 3, schoolId: school.id });
  const teacher = await createStaff({ role: 'teacher', classStudents: [issued.id], schoolId: school.id });
  const principal = await createStaff({ role: 'school_admin', schoolId: school.id });

  await test.step('the principal finds the Student Accounts downloads, explained, on View Report', async () => {
    await staffPassword(page, principal);
    await enrolAuthenticator(page);
    await openReport(page);
    const accounts = page.getByRole('group', { name: 'Student Accounts (confidential)' });
    await expect(accounts).toContainText('Usernames and default passwords not yet changed, by class; keep it safe.');
    await expect(accounts.getByRole('link', { name: 'Download Student Accounts Excel (XLSX)' })).toBeVisible();
    await checkPage('report-student-accounts');
  });

  await test.step('the CSV: a CONFIDENTIAL first line, the class’s student with the password, the other without', async () => {
    const file = await download(page, 'Download Student Accounts CSV');
    expect(file.suggestedFilename()).toMatch(/^student-accounts-.*\.csv$/);
    const rows = parseCsv(await downloadedText(file));
    expect(rows[0]?.[0]).toMatch(/^CONFIDENTIAL/);
    expect(rows[1]).toEqual(['Class', 'Teacher', 'Student ID', 'Last name', 'First name', 'Grade', 'Username', 'Default password', 'Password status']);
    expect(rows.slice(2)).toEqual([
      [
        `${teacher.classNumber} (Class ${teacher.classNumber})`,
        `${teacher.firstName} ${teacher.lastName}`,
        issued.studentNumber,
        'Issued',
        family,
        '3',
        issued.username,
        issued.password,
        'default, not changed yet',
      ],
      ['', '', own.studentNumber, 'Own', family, '3', own.username, '', 'own password'],
    ]);
  });

  await test.step('the teacher sees the roster downloads but no Student Accounts, and the server refuses her', async () => {
    const tp = await openPage();
    await staffPassword(tp, teacher);
    await enrolAuthenticator(tp);
    await openReport(tp);
    await expect(tp.getByRole('link', { name: 'Download CSV' })).toBeVisible();
    await expect(tp.getByRole('group', { name: 'Student Accounts (confidential)' })).toHaveCount(0);
    await expect(tp.getByRole('link', { name: /Student Accounts/ })).toHaveCount(0);
    const res = await tp.request.get(`/api/v1/staff/schools/${school.id}/student-accounts.csv`);
    expect(res.status()).toBe(403);
    expect(((await res.json()) as { code: string }).code).toBe('not_allowed');
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

  await test.step('in Spanish', async () => {
    await switchLanguage(page, 'Español');
    await expect(heading(page)).toHaveText('Ver informe');
    await expect(page.getByRole('status')).toHaveText(/^Se muestran 2 estudiantes de \d+\.$/);
    await expect(page.getByRole('columnheader', { name: 'Grado' })).toHaveAttribute('aria-sort', 'descending');
    await checkPage('report-phone-es');
  });
});

test('an admin of a school with no students sees "No data", and it is accessible', async ({ page, request, portal, createStaff, checkPage }) => {
  const res = await request.post(`${portal.baseURL}/api/test/schools`, { data: {} });
  expect(res.status(), await res.text()).toBe(201);
  const school = (await res.json()) as { id: string; name: string };
  const admin = await createStaff({ role: 'school_admin', schoolId: school.id });
  await staffPassword(page, admin);
  await enrolAuthenticator(page);
  await openReport(page);
  await expect(page.getByLabel('School')).toHaveValue(school.id);
  await expect(page.getByRole('status')).toHaveText('No data: this school has no students in your scope.');
  await expect(page.getByRole('table')).toHaveCount(0);
  await checkPage('report-empty-school');
});

test('a school admin issues access codes for a teacher’s class once, downloads them, prints a letter a page in each family’s language, and a parent links with a code', async ({
  page,
  request,
  portal,
  mailbox,
  createStudent,
  createStaff,
  checkPage,
  openPage,
}) => {
  test.setTimeout(150_000);
  const family = uniqueName('Code');
  const english = await createStudent({ firstName: family, lastName: 'Abbott', grade: 3, locale: 'en' });
  const spanish = await createStudent({ firstName: family, lastName: 'Benítez', grade: 3, locale: 'es' });
  const teacher = await createStaff({ role: 'teacher', classStudents: [english.id, spanish.id] });
  const admin = await createStaff({ role: 'school_admin' });
  let classId = '';
  let tableCodes: string[][] = [];
  let csvCodes = new Map<string, string>();

  await test.step('the admin opens "Show access codes" for the class', async () => {
    await staffPassword(page, admin);
    await enrolAuthenticator(page);
    classId = await classIdOf(page, teacher.classNumber ?? '');
    await page.goto(`/staff/classes/${classId}/access-codes`);
    await expect(heading(page)).toHaveText('Show access codes');
    await expect(page.getByLabel('Issue codes for students who have none')).toBeChecked();
    await checkPage('class-codes-form');
  });

  await test.step('she issues codes to the students who have none: listed once', async () => {
    await page.getByRole('button', { name: 'Issue the codes' }).click();
    await expect(page.getByRole('heading', { name: 'New access codes' })).toBeFocused();
    const rows = page.getByRole('table', { name: 'New parent access codes, by last name' }).getByRole('row');
    await expect(rows).toHaveCount(3);
    tableCodes = [];
    for (const row of (await rows.all()).slice(1)) tableCodes.push(await row.locator('th, td').allInnerTexts());
    expect(tableCodes.map((r) => r.slice(0, 2))).toEqual([
      [`${family} Abbott`, english.studentNumber],
      [`${family} Benítez`, spanish.studentNumber],
    ]);
    for (const row of tableCodes) expect(row[3]).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    await checkPage('class-codes-result');
    await page.setViewportSize({ width: 390, height: 844 });
    await expectNoHorizontalScroll(page);
    await checkPage('class-codes-result-phone');
    await page.setViewportSize({ width: 1280, height: 720 });
  });

  await test.step('the CSV holds the same codes', async () => {
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
    const rows = parseCsv(await downloadedText(file));
    expect(rows[0]).toEqual(['Student ID', 'Last name', 'First name', 'Username', 'Parent access code']);
    expect(rows.slice(1).map((r) => r.slice(0, 4))).toEqual([
      [english.studentNumber, 'Abbott', family, english.username],
      [spanish.studentNumber, 'Benítez', family, spanish.username],
    ]);
    csvCodes = new Map(rows.slice(1).map((r) => [r[0] ?? '', r[4] ?? '']));
    expect([...csvCodes.values()]).toEqual(tableCodes.map((r) => r[3]));
  });

  await test.step('the family letters: one a printed page, the Spanish-speaking family’s in Spanish', async () => {
    await page.getByRole('button', { name: 'Print family letters' }).click();
    await expect(heading(page)).toHaveText('Family letters');
    const letters = page.getByRole('article');
    await expect(letters).toHaveCount(2);
    await expect(letters.nth(0)).toHaveAttribute('lang', 'en');
    await expect(letters.nth(0)).toContainText(`Dear family of ${family} Abbott`);
    await expect(letters.nth(1)).toHaveAttribute('lang', 'es');
    await expect(letters.nth(1)).toContainText(`Estimada familia de ${family} Benítez`);
    await expect(letters.nth(1)).toContainText(csvCodes.get(spanish.studentNumber) ?? 'no code');
    await checkPage('class-letters');
    expect(pdfPageCount(await page.pdf({ format: 'Letter' }))).toBe(2);
    // On paper long enough for both, still two pages: each letter starts a page of its own.
    expect(pdfPageCount(await page.pdf({ width: '8.5in', height: '60in' }))).toBe(2);
  });

  await test.step('shown once: the letters page opened again has nothing, and a second issue lists no one', async () => {
    await page.reload();
    await expect(heading(page)).toHaveText('No letters to print');
    await checkPage('class-letters-gone');
    await page.goto(`/staff/classes/${classId}/access-codes`);
    await page.getByRole('button', { name: 'Issue the codes' }).click();
    await expect(page.getByRole('status')).toContainText('Every student already has a code.');
  });

  await test.step('a parent links the Spanish-speaking child with the code from the CSV', async () => {
    const parent = await registerVerifiedGuardian(request, mailbox, portal.baseURL);
    const home = await openPage();
    await familySignIn(home, parent);
    await linkChild(home, spanish.studentNumber, csvCodes.get(spanish.studentNumber) ?? '');
    await expect(heading(home)).toHaveText('My children');
    await expect(home.getByRole('article', { name: `${family} Benítez` })).toBeVisible();
  });
});

test('a teacher is told the office issues access codes, and the server refuses her', async ({ page, createStudent, createStaff, checkPage }) => {
  const pupil = await createStudent({ grade: 4 });
  const teacher = await createStaff({ role: 'teacher', classStudents: [pupil.id] });
  await staffPassword(page, teacher);
  await enrolAuthenticator(page);
  const classId = await classIdOf(page, teacher.classNumber ?? '');
  await page.goto(`/staff/classes/${classId}/access-codes`);
  await expect(heading(page)).toHaveText('Show access codes');
  await expect(page.getByText(/Access codes are issued by the school office/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Issue the codes' })).toHaveCount(0);
  await checkPage('class-codes-teacher');
  // The page is not the only guard: her own session asking directly is refused as well.
  const session = (await (await page.request.get('/api/v1/staff/session')).json()) as { csrfToken: string };
  const res = await page.request.post(`/api/v1/staff/classes/${classId}/access-codes`, {
    data: { reissue: false },
    headers: { 'X-CSRF-Token': session.csrfToken },
  });
  expect(res.status()).toBe(403);
  expect(((await res.json()) as { code: string }).code).toBe('not_allowed');
});

test('the school’s access-code page asks which grade and confirms a reissue; accessible on desktop and phone', async ({
  page,
  createStudent,
  createStaff,
  checkPage,
}) => {
  await createStudent({ grade: 2 });
  const admin = await createStaff({ role: 'school_admin' });
  await staffPassword(page, admin);
  await enrolAuthenticator(page);
  await openReport(page);
  await page.getByRole('link', { name: 'Access codes for this school' }).click();
  await expect(heading(page)).toHaveText(/^Access codes for /);
  await expect(page.getByLabel('The whole school')).toBeChecked();
  await checkPage('school-codes-form');

  await page.getByLabel('One grade').check();
  await page.getByLabel('Grade', { exact: true }).selectOption({ label: 'Grade 2' });
  await page.getByLabel('Reissue for everyone (old codes stop working)').check();
  let posted = 0;
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().includes('/access-codes')) posted++;
  });
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByText(/Every earlier code stops working/)).toBeFocused();
  await checkPage('school-codes-confirm');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('button', { name: 'Start' })).toBeFocused();
  expect(posted, 'nothing is sent before the reissue is confirmed').toBe(0);

  await page.setViewportSize({ width: 390, height: 844 });
  await expectNoHorizontalScroll(page);
  await checkPage('school-codes-phone');
});

test('a school admin starts access codes for one grade of her school as a job; it issues a code to each student of that grade, handed out once', async ({
  page,
  request,
  portal,
  createStudent,
  createStaff,
}) => {
  const made = await request.post(`${portal.baseURL}/api/test/schools`, { data: {} });
  expect(made.status(), await made.text()).toBe(201);
  const school = (await made.json()) as { id: string };
  const family = uniqueName('Job');
  const first = await createStudent({ firstName: family, lastName: 'Alvarez', grade: 3, locale: 'es', schoolId: school.id });
  const second = await createStudent({ firstName: family, lastName: 'Brook', grade: 3, schoolId: school.id });
  await createStudent({ firstName: family, lastName: 'Other-grade', grade: 4, schoolId: school.id });
  const admin = await createStaff({ role: 'school_admin', schoolId: school.id });
  await staffPassword(page, admin);
  await enrolAuthenticator(page);
  await page.goto(`/staff/schools/${school.id}/access-codes`);
  await expect(heading(page)).toHaveText(/^Access codes for /);
  await page.getByLabel('One grade').check();
  await page.getByLabel('Grade', { exact: true }).selectOption({ label: 'Grade 3' });

  const [started] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/staff/schools/${school.id}/access-codes`)),
    page.getByRole('button', { name: 'Start' }).click(),
  ]);
  expect(started.status()).toBe(202);
  expect(started.request().postDataJSON()).toEqual({ reissue: false, grade: 3 });
  const job = (await started.json()) as { id: string; kind: string; total: number };
  expect(job).toMatchObject({ kind: 'access_codes', total: 2 });

  // The progress page belongs to By Class; here the job is followed through the API it uses.
  await expect
    .poll(async () => ((await (await page.request.get(`/api/v1/staff/jobs/${job.id}`)).json()) as { state: string }).state, {
      timeout: 30_000,
    })
    .toBe('done');
  const session = (await (await page.request.get('/api/v1/staff/session')).json()) as { csrfToken: string };
  const taken = await page.request.post(`/api/v1/staff/jobs/${job.id}/result`, { headers: { 'X-CSRF-Token': session.csrfToken } });
  expect(taken.status(), await taken.text()).toBe(200);
  const { letters } = (await taken.json()) as { letters?: { students: { studentNumber: string; accessCode: string; locale: string }[] } };
  expect(letters?.students.map((s) => [s.studentNumber, s.locale])).toEqual([
    [first.studentNumber, 'es'],
    [second.studentNumber, 'en'],
  ]);
  for (const row of letters?.students ?? []) expect(row.accessCode).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
  const again = await page.request.post(`/api/v1/staff/jobs/${job.id}/result`, { headers: { 'X-CSRF-Token': session.csrfToken } });
  expect(again.status(), 'the codes are handed out once').toBe(410);
});
