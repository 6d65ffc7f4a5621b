import { readFile, writeFile } from 'node:fs/promises';
import type { APIRequestContext } from '@playwright/test';
import { expect, test, type NewStudent, type TestStaff, type TestStudent } from '../fixtures.ts';
import { expectNoHorizontalScroll, heading, newPassword, signIn } from '../flows.ts';
import { parseCsv } from '../exports.ts';
import {
  createInTestApi,
  enrolAuthenticator,
  openClass,
  pdfPageCount,
  staffPassword,
  staffRequest,
  type TestSchool,
} from '../staff-flows.ts';

/*
 * By Class: a teacher resets her class in bulk (one typed password, or a generated one each),
 * takes the result once as a table, a CSV and printable login cards, and cannot reach a
 * student of another class. Every staff member is new, enrolling an authenticator on the spot.
 */

/** signInThroughApi signs a student in through the API and returns whether they must change the password. */
async function signInThroughApi(request: APIRequestContext, baseURL: string, login: string, password: string) {
  const res = await request.post(`${baseURL}/api/v1/session`, { data: { login, password } });
  return { status: res.status(), mustChange: res.ok() ? ((await res.json()) as { account: { mustChangePassword: boolean } }).account.mustChangePassword : undefined };
}

// Names of their own, not the test API's generated ones: those come from 36 pairs that other
// specs find by name, and a class of 12 would use them up.
const firstNames = ['Ilse', 'Oskar', 'Greta', 'Henrik', 'Maren', 'Tobias', 'Linnea', 'Anders', 'Sigrid', 'Nils', 'Elin', 'Jorun'];
const lastNames = ['Haugland', 'Sorbakken', 'Lindqvist', 'Ekholm'];

/** classOf makes n students of a grade for one class, each with a different first name. */
async function classOf(create: (options: NewStudent) => Promise<TestStudent>, n: number, grade: number): Promise<TestStudent[]> {
  const lastName = lastNames[Math.floor(Math.random() * lastNames.length)]!;
  const students: TestStudent[] = [];
  // One at a time: each is a slow password hash on a 2-core machine.
  for (let i = 0; i < n; i++) students.push(await create({ grade, firstName: firstNames[i % firstNames.length]!, lastName }));
  return students;
}

test('a teacher resets her class with one password and must-change; a student signs in and must change it', async ({
  page,
  createStudent,
  createStaff,
  checkPage,
  openPage,
}) => {
  const pupils = await classOf(createStudent, 3, 5);
  const teacher = await createStaff({ role: 'teacher', classStudents: pupils.map((p) => p.id) });
  const typed = newPassword();

  await test.step('she signs in and opens her class from By Class', async () => {
    await staffPassword(page, teacher);
    await enrolAuthenticator(page);
    await page.getByRole('link', { name: 'By Class' }).click();
    await expect(page.getByRole('link', { name: new RegExp(`\\(${teacher.classNumber}\\)$`) })).toBeVisible();
    await expect(page.getByText('3 students')).toBeVisible();
    await checkPage('by-class');
    await openClass(page, teacher.classNumber!);
    for (const p of pupils) await expect(page.getByRole('link', { name: `${p.firstName} ${p.lastName}` })).toBeVisible();
    await checkPage('class-roster');
  });

  await test.step('she selects everyone and resets with one typed password, after a confirmation', async () => {
    await page.getByRole('checkbox', { name: 'Select all' }).check();
    await expect(page.getByText('3 of 3 selected.')).toBeVisible();
    await page.getByLabel('One password for everyone').check();
    await page.getByLabel('New password for everyone', { exact: true }).fill(typed);
    await page.getByLabel('Type it again', { exact: true }).fill(typed);
    await expect(page.getByLabel('Must change at next sign-in')).toBeChecked();
    await page.getByRole('button', { name: 'Reset passwords' }).click();
    await expect(page.getByText(/^Reset the passwords of 3 students of /)).toBeFocused();
    await checkPage('class-confirm');
    await page.getByRole('button', { name: 'Yes, reset' }).click();
    const result = page.getByRole('heading', { level: 2, name: 'New passwords: shown only once' });
    await expect(result).toBeFocused();
    await expect(page.getByText('Every student got the password you typed.')).toBeVisible();
    const rows = page.getByRole('table').getByRole('row');
    await expect(rows).toHaveCount(4);
    await expect(page.getByRole('table')).not.toContainText(typed);
    await checkPage('class-result');
  });

  await test.step('a student of the class signs in with it and is made to choose a new one', async () => {
    const student = await openPage();
    await signIn(student, pupils[1]!.username, typed);
    await expect(heading(student)).toHaveText('Change your password');
  });

  await test.step('back on the class, the result is gone and the roster says they must change', async () => {
    await page.getByRole('link', { name: 'Back to the classes' }).click();
    await openClass(page, teacher.classNumber!);
    await expect(page.getByRole('heading', { name: 'New passwords: shown only once' })).toHaveCount(0);
    for (const row of await page.getByRole('table').getByRole('row').all().then((r) => r.slice(1))) {
      await expect(row.getByRole('cell').nth(4)).toHaveText('Yes');
    }
  });
});

test('generated passwords each: the CSV signs the students in, and the login cards print 10 to a page', async ({
  page,
  request,
  portal,
  createStudent,
  createStaff,
  checkPage,
}) => {
  test.setTimeout(120_000);
  const pupils = await classOf(createStudent, 12, 3);
  const teacher = await createStaff({ role: 'teacher', classStudents: pupils.map((p) => p.id) });
  let csv: string[][] = [];

  await test.step('she resets the whole class with a generated password each', async () => {
    await staffPassword(page, teacher);
    await enrolAuthenticator(page);
    await openClass(page, teacher.classNumber!);
    await page.getByRole('checkbox', { name: 'Select all' }).check();
    await expect(page.getByLabel('A generated password each')).toBeChecked();
    await page.getByRole('button', { name: 'Reset passwords' }).click();
    await page.getByRole('button', { name: 'Yes, reset' }).click();
    await expect(page.getByRole('heading', { level: 2, name: 'New passwords: shown only once' })).toBeFocused();
    await expect(page.getByRole('table').getByRole('row')).toHaveCount(13);
  });

  await test.step('the CSV downloads, with one row a student, and its passwords sign them in', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^${teacher.classNumber}-passwords-\\d{4}-\\d{2}-\\d{2}\\.csv$`));
    const bytes = await readFile((await download.path())!);
    expect([...bytes.subarray(0, 3)], 'a UTF-8 byte order mark, for spreadsheets').toEqual([0xef, 0xbb, 0xbf]);
    csv = parseCsv(bytes.toString('utf8').replace(/^\uFEFF/, ''));
    expect(csv[0]).toEqual(['Last name', 'First name', 'Student ID', 'Username', 'Password', 'Parent access code']);
    const body = csv.slice(1);
    expect(body.map((r) => r[3]).sort()).toEqual(pupils.map((p) => p.username).sort());
    for (const row of body) {
      const pupil = pupils.find((p) => p.username === row[3])!;
      expect(row.slice(0, 3)).toEqual([pupil.lastName, pupil.firstName, pupil.studentNumber]);
      expect(row[4], `a password for ${row[3]}`).toMatch(/^\S{8,}$/);
      await expect(page.getByRole('row').filter({ hasText: row[3]! })).toContainText(row[4]!);
    }
    expect(new Set(body.map((r) => r[4])).size, 'a different password each').toBe(12);
    for (const row of [body[0]!, body[11]!]) {
      const signedIn = await signInThroughApi(request, portal.baseURL, row[3]!, row[4]!);
      expect(signedIn, `${row[3]} signs in with the password from the CSV`).toEqual({ status: 200, mustChange: true });
    }
    const old = await signInThroughApi(request, portal.baseURL, pupils[0]!.username, pupils[0]!.password);
    expect(old.status, 'the old password no longer works').toBe(401);
  });

  await test.step('the login cards print on 2 pages, Letter and A4', async () => {
    await page.getByRole('button', { name: 'Print login cards' }).click();
    await expect(heading(page)).toHaveText('Login cards');
    await expect(page.getByText('12 cards on 2 pages (10 a page).')).toBeVisible();
    const first = csv[1]!;
    await expect(page.getByRole('listitem').filter({ hasText: first[3]! })).toContainText(first[4]!);
    await checkPage('login-cards');
    for (const format of ['Letter', 'A4'] as const) {
      const pdf = await page.pdf({ format, preferCSSPageSize: true });
      expect(pdfPageCount(pdf), `${format} pages`).toBe(2);
      const file = test.info().outputPath(`login-cards-${format}.pdf`);
      await writeFile(file, pdf);
      await test.info().attach(`login cards, ${format}`, { path: file, contentType: 'application/pdf' });
    }
    // In print, each sheet of 10 cards ends with a page break and no card is cut in two.
    await page.emulateMedia({ media: 'print' });
    const sheets = await page.locator('.login-cards__page').evaluateAll((lists) =>
      lists.map((list) => ({
        cards: list.children.length,
        breakAfter: getComputedStyle(list).breakAfter,
        cardBreak: getComputedStyle(list.children[0]!).breakInside,
      })),
    );
    expect(sheets).toEqual([
      { cards: 10, breakAfter: 'page', cardBreak: 'avoid' },
      { cards: 2, breakAfter: 'auto', cardBreak: 'avoid' },
    ]);
    await page.emulateMedia({ media: 'screen' });
  });

  await test.step('opened again later, the cards page says the passwords were shown once', async () => {
    await page.reload();
    await expect(heading(page)).toHaveText('No login cards to print');
    await checkPage('login-cards-gone');
  });
});

test('a teacher’s bulk request with a student of another class is refused whole and changes nothing', async ({
  page,
  request,
  portal,
  createStudent,
  createStaff,
}) => {
  const [mine, elsewhere] = (await classOf(createStudent, 2, 4)) as [TestStudent, TestStudent];
  await createStaff({ role: 'teacher', classStudents: [elsewhere.id] });
  const teacher = await createStaff({ role: 'teacher', classStudents: [mine.id] });
  await staffPassword(page, teacher);
  await enrolAuthenticator(page);
  const classId = await openClass(page, teacher.classNumber!);

  for (const mode of ['generated', 'one'] as const) {
    const body =
      mode === 'one'
        ? { students: [mine.id, elsewhere.id], mode, newPassword: 'Quiet-Harbor-73', confirmPassword: 'Quiet-Harbor-73', mustChange: true }
        : { students: [mine.id, elsewhere.id], mode, mustChange: true };
    const res = await staffRequest(page, 'POST', `/staff/classes/${classId}/reset`, body);
    expect(res.status(), `${mode}: ${await res.text()}`).toBe(404);
    expect(await res.text()).not.toContain(elsewhere.lastName);
  }
  for (const student of [mine, elsewhere]) {
    const signedIn = await signInThroughApi(request, portal.baseURL, student.username, student.password);
    expect(signedIn, `${student.username} keeps the old password`).toEqual({ status: 200, mustChange: false });
  }
  // The page says what the server says; its own student is untouched too.
  await page.reload();
  await expect(page.getByRole('table').getByRole('row').nth(1).getByRole('cell').nth(4)).toHaveText('No');
});

test('on a phone, with the keyboard only: select all, reset, and the result takes the focus', async ({
  page,
  createStudent,
  createStaff,
  checkPage,
}) => {
  const pupils = await classOf(createStudent, 3, 6);
  const teacher = await createStaff({ role: 'teacher', classStudents: pupils.map((p) => p.id) });
  await page.setViewportSize({ width: 390, height: 844 });
  await staffPassword(page, teacher);
  await enrolAuthenticator(page);
  await openClass(page, teacher.classNumber!);
  await expectNoHorizontalScroll(page);
  await checkPage('class-phone');

  const selectAll = page.getByRole('checkbox', { name: 'Select all' });
  // From the page's heading, Tab until "Select all", then Space.
  await heading(page).focus();
  for (let i = 0; i < 20 && !(await selectAll.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(selectAll).toBeFocused();
  await page.keyboard.press('Space');
  await expect(page.getByText('3 of 3 selected.')).toBeVisible();

  const submit = page.getByRole('button', { name: 'Reset passwords' });
  for (let i = 0; i < 30 && !(await submit.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(submit).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByText(/^Reset the passwords of 3 students of /)).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Yes, reset' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 2, name: 'New passwords: shown only once' })).toBeFocused();
  await expectNoHorizontalScroll(page);
  await checkPage('class-result-phone');
});

test('a school admin of a fresh school resets a grade with generated passwords, follows the progress and takes the result once', async ({
  page,
  request,
  portal,
  checkPage,
}) => {
  test.setTimeout(120_000);
  const school = await createInTestApi<TestSchool>(request, portal.baseURL, 'schools', {});
  const inSchool = (grade: number, firstName: string) =>
    createInTestApi<TestStudent>(request, portal.baseURL, 'students', { grade, firstName, lastName: 'Ekholm', schoolId: school.id });
  const fourth = [await inSchool(4, 'Ilse'), await inSchool(4, 'Oskar'), await inSchool(4, 'Greta')];
  const fifth = await inSchool(5, 'Henrik');
  const admin = await createInTestApi<TestStaff>(request, portal.baseURL, 'staff', { role: 'school_admin', schoolId: school.id });
  let jobPath = '';

  await test.step('she picks grade 4 of her school and resets it with a generated password each', async () => {
    await staffPassword(page, admin);
    await enrolAuthenticator(page);
    await page.getByRole('link', { name: 'By Class' }).click();
    await expect(page.getByText(`School: ${school.name}`)).toBeVisible();
    await page.getByRole('combobox', { name: 'Students' }).selectOption({ label: 'Grade 4' });
    await expect(page.getByLabel('A generated password each')).toBeChecked();
    await checkPage('school-reset-form');
    await page.getByRole('button', { name: 'Reset passwords' }).click();
    await expect(page.getByText(`Reset the passwords of every student of Grade 4 at ${school.name}?`)).toBeFocused();
    await page.getByRole('button', { name: 'Yes, reset' }).click();
    await expect(heading(page)).toHaveText('Bulk reset progress');
    jobPath = new URL(page.url()).pathname;
    expect(jobPath).toMatch(/^\/staff\/jobs\/[^/]+$/);
  });

  await test.step('the progress reaches the total, and the result is shown once', async () => {
    await expect(page.getByText(`Password reset: ${school.name}, Grade 4`)).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: 'Done: 3 of 3 students.' })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByRole('progressbar')).toHaveAttribute('value', '3');
    await expect(page.getByRole('progressbar')).toHaveAttribute('max', '3');
    await checkPage('school-job-done');
    await page.getByRole('button', { name: 'Show the result (once)' }).click();
    await expect(page.getByRole('heading', { level: 2, name: 'New passwords: shown only once' })).toBeFocused();
    const rows = page.getByRole('table').getByRole('row');
    await expect(rows).toHaveCount(4);
    await checkPage('school-job-result');
    const first = fourth[0]!;
    const password = (await rows.filter({ hasText: first.username }).getByRole('cell').nth(1).innerText()).trim();
    const signedIn = await signInThroughApi(request, portal.baseURL, first.username, password);
    expect(signedIn, 'a grade-4 student signs in with the password of the result').toEqual({ status: 200, mustChange: true });
    const untouched = await signInThroughApi(request, portal.baseURL, fifth.username, fifth.password);
    expect(untouched, 'a grade-5 student keeps the old password').toEqual({ status: 200, mustChange: false });
  });

  await test.step('a second take says it was already shown', async () => {
    const again = await staffRequest(page, 'POST', `${jobPath}/result`);
    expect(again.status()).toBe(410);
    expect(((await again.json()) as { code: string }).code).toBe('result_taken');
    await page.reload();
    await expect(page.getByText(/This result was already shown once/)).toBeVisible();
    await expect(page.getByRole('button', { name: 'Show the result (once)' })).toHaveCount(0);
    await page.getByRole('link', { name: 'Back to the classes' }).click();
    const recent = page.getByRole('region', { name: 'Your recent bulk work' });
    await expect(recent.getByRole('link', { name: `Password reset: ${school.name}, Grade 4` })).toHaveAttribute('href', jobPath);
    await checkPage('by-class-admin');
  });
});

test('a school admin resets a class of her school and issues parent access codes with it', async ({ page, request, portal, checkPage }) => {
  const school = await createInTestApi<TestSchool>(request, portal.baseURL, 'schools', {});
  const pupils = [
    await createInTestApi<TestStudent>(request, portal.baseURL, 'students', { grade: 2, firstName: 'Sigrid', lastName: 'Lindqvist', schoolId: school.id }),
    await createInTestApi<TestStudent>(request, portal.baseURL, 'students', { grade: 2, firstName: 'Anders', lastName: 'Lindqvist', schoolId: school.id }),
  ];
  const teacher = await createInTestApi<TestStaff>(request, portal.baseURL, 'staff', {
    role: 'teacher',
    schoolId: school.id,
    classStudents: pupils.map((p) => p.id),
  });
  const admin = await createInTestApi<TestStaff>(request, portal.baseURL, 'staff', { role: 'school_admin', schoolId: school.id });
  await staffPassword(page, admin);
  await enrolAuthenticator(page);
  const classId = await openClass(page, teacher.classNumber!);
  await expect(page.getByRole('link', { name: 'Show access codes' })).toHaveAttribute('href', `/staff/classes/${classId}/access-codes`);
  await page.getByRole('checkbox', { name: 'Select all' }).check();
  await page.getByLabel('Also issue parent access codes').check();
  await page.getByRole('button', { name: 'Reset passwords' }).click();
  await page.getByRole('button', { name: 'Yes, reset' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'New passwords: shown only once' })).toBeFocused();
  const table = page.getByRole('table');
  await expect(table.getByRole('columnheader', { name: 'Parent access code' })).toBeVisible();
  for (const p of pupils) {
    await expect(table.getByRole('row').filter({ hasText: p.username })).toContainText(/[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}/);
  }
  await checkPage('class-result-with-codes');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
  const rows = parseCsv(await readFile((await download.path())!, 'utf8')).slice(1);
  expect(rows.map((r) => r[5])).toEqual([expect.stringMatching(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/), expect.stringMatching(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/)]);
});
