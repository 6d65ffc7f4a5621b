import type { APIRequestContext, Locator, Page } from '@playwright/test';
import { expect, test, type TestStudent } from '../fixtures.ts';
import { expectNoHorizontalScroll, heading } from '../flows.ts';
import { enrolAuthenticator, openClass, pdfPageCount, staffPassword, staffRequest, statusOf } from '../staff-flows.ts';

/*
 * Picture passwords on the staff pages: a teacher sets pictures for her grade 1 class, prints
 * them on cards (10 a sheet) and on Avery 2″ square labels, and prints the class sign-in sheet;
 * a child whose pictures locked after 5 wrong tries is unlocked by her teacher and signs in.
 */

type PictureId = string;
interface Issued {
  studentId: string;
  pictures: PictureId[];
}

const letter = { format: 'Letter', preferCSSPageSize: true } as const;

/** pictureSignIn posts a picture sign-in by username, as the child's page does. */
async function pictureSignIn(request: APIRequestContext, baseURL: string, username: string, pictures: PictureId[]) {
  return request.post(`${baseURL}/api/v1/session/pictures`, { data: { username, pictures } });
}

/** pressTabUntil moves the focus forward with Tab until target has it (a keyboard user's way there). */
async function pressTabUntil(page: Page, target: Locator): Promise<void> {
  for (let i = 0; i < 30; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  await expect(target).toBeFocused();
}

/** classPictures clicks a class page button that sets pictures and returns what the server made. */
async function classPictures(page: Page, click: () => Promise<void>): Promise<Issued[]> {
  const answer = page.waitForResponse((r) => r.request().method() === 'POST' && /\/staff\/classes\/[^/]+\/pictures$/.test(r.url()));
  await click();
  const res = await answer;
  expect(res.status(), await res.text()).toBe(200);
  return ((await res.json()) as { pictures: Issued[] }).pictures;
}

test('a teacher sets pictures for her grade 1 class, prints the cards in both layouts and the class sign-in sheet', async ({
  page,
  request,
  baseURL,
  createStudent,
  createStaff,
  checkPage,
}) => {
  test.setTimeout(180_000);
  const pupils: TestStudent[] = [];
  for (let i = 0; i < 13; i++) pupils.push(await createStudent({ grade: 1 }));
  const teacher = await createStaff({ role: 'teacher', classStudents: pupils.map((p) => p.id) });
  await staffPassword(page, teacher);
  await enrolAuthenticator(page);
  // One child has pictures already: "without them" means the 12 others.
  const first = await staffRequest(page, 'POST', `/staff/students/${pupils[0]!.id}/pictures`, {});
  expect(first.status(), await first.text()).toBe(200);
  let classId = '';

  await test.step('the class page shows each child’s pictures and sets them for those without', async () => {
    classId = await openClass(page, teacher.classNumber!);
    const roster = page.getByRole('table', { name: 'Students of the class and their sign-in status' });
    await expect(roster.getByRole('columnheader', { name: 'Pictures' })).toBeVisible();
    await expect(roster.getByRole('columnheader', { name: 'Badge' })).toBeVisible();
    const section = page.getByRole('region', { name: 'Picture passwords for this class' });
    await expect(section.getByText('With pictures: 1. Without: 12. Locked: 0.')).toBeVisible();
    await checkPage('class-pictures');
    const made = await classPictures(page, () => section.getByRole('button', { name: 'Set pictures for students without them' }).click());
    expect(made).toHaveLength(12);
    expect(made.map((m) => m.studentId)).not.toContain(pupils[0]!.id);
  });

  await test.step('the cards print 10 a sheet: 12 cards on 2 pages', async () => {
    await expect(heading(page)).toHaveText('Login cards');
    await expect(page.getByText('12 cards on 2 pages (10 a page).')).toBeVisible();
    await expect(page.getByRole('list', { name: /^Picture password: \w+, then \w+, then \w+$/ })).toHaveCount(12);
    await checkPage('picture-cards');
    expect(pdfPageCount(await page.pdf(letter))).toBe(2);
  });

  await test.step('on Avery 2″ square labels: 12 on 1 sheet, each label on its square', async () => {
    await page.getByRole('radio', { name: 'Avery 2″ square labels' }).check();
    await expect(page.getByText('Labels: 12. Sheets: 1 (12 labels a sheet).')).toBeVisible();
    await checkPage('picture-labels');
    expect(pdfPageCount(await page.pdf(letter))).toBe(1);
    // Under print CSS: 2″ squares, 2.625″ apart across and 2.5″ down (96 CSS px an inch).
    await page.emulateMedia({ media: 'print' });
    const labels = page.locator('.login-card--label');
    const box = async (i: number) => (await labels.nth(i).boundingBox())!;
    const [a, b, d] = [await box(0), await box(1), await box(3)];
    expect(Math.round(a.width)).toBe(192);
    expect(Math.round(a.height)).toBe(192);
    expect(Math.round(b.x - a.x)).toBe(252);
    expect(Math.round(d.y - a.y)).toBe(240);
    // Back to no emulation (not 'screen', which page.pdf would then print with).
    await page.emulateMedia({ media: null });
  });

  await test.step('new pictures for everyone, asked first: 13 labels on 2 sheets', async () => {
    await openClass(page, teacher.classNumber!);
    const section = page.getByRole('region', { name: 'Picture passwords for this class' });
    await expect(section.getByText('With pictures: 13. Without: 0. Locked: 0.')).toBeVisible();
    await section.getByRole('button', { name: 'New pictures for everyone' }).click();
    await expect(section.getByText('Give new pictures to all 13 students of the badge grades? Their old pictures stop working at once.')).toBeFocused();
    const made = await classPictures(page, () => section.getByRole('button', { name: 'Yes, new pictures for everyone' }).click());
    expect(made).toHaveLength(13);
    await expect(heading(page)).toHaveText('Login cards');
    await page.getByRole('radio', { name: 'Avery 2″ square labels' }).check();
    await expect(page.getByText('Labels: 13. Sheets: 2 (12 labels a sheet).')).toBeVisible();
    expect(pdfPageCount(await page.pdf(letter))).toBe(2);
  });

  let code = '';
  await test.step('the class code and its QR open the class page for the children', async () => {
    await openClass(page, teacher.classNumber!);
    const signIn = page.getByRole('region', { name: 'Class picture sign-in' });
    const shown = signIn.locator('.class-code');
    await expect(shown).toHaveText(/^[A-Z0-9]{8}$/);
    await expect(shown).toHaveAttribute('translate', 'no');
    code = (await shown.innerText()).trim();
    await expect(signIn.getByRole('img', { name: 'QR code of the class picture sign-in page' })).toBeVisible();
    const list = await request.post(`${baseURL}/api/v1/pictures/class`, { data: { code } });
    expect(list.status(), await list.text()).toBe(200);
    expect(((await list.json()) as { students: unknown[] }).students).toHaveLength(13);
    await checkPage('class-picture-sign-in');
  });

  await test.step('she prints the class sign-in sheet, in English and in Spanish, one page each', async () => {
    await page.getByRole('button', { name: 'Print the class sign-in sheet' }).click();
    await expect(heading(page)).toHaveText('Class sign-in sheet');
    expect(new URL(page.url()).pathname).toBe(`/staff/classes/${classId}/picture-sheet`);
    const sheet = page.getByRole('article', { name: 'Sign in with my pictures' });
    await expect(sheet.getByText(code, { exact: true })).toBeVisible();
    await expect(sheet.getByRole('img', { name: 'QR code of the class picture sign-in page' })).toBeVisible();
    await expect(sheet.getByRole('listitem')).toHaveText([/^Scan the QR code with the camera\. Or go to \S+\/pictures and type the class code\.$/, 'Tap your name.', 'Tap your 3 pictures, in order.']);
    await checkPage('class-sheet');
    expect(pdfPageCount(await page.pdf(letter))).toBe(1);
    await page.getByRole('radio', { name: 'Español' }).check();
    const hoja = page.getByRole('article', { name: 'Entrar con mis dibujos' });
    await expect(hoja).toHaveAttribute('lang', 'es');
    await expect(hoja.getByRole('listitem').nth(1)).toHaveText('Toca tu nombre.');
    await checkPage('class-sheet-es');
    expect(pdfPageCount(await page.pdf({ format: 'A4', preferCSSPageSize: true }))).toBe(1);
  });

  await test.step('a new class code ends the old one', async () => {
    await page.getByRole('link', { name: 'Back to the class' }).click();
    const signIn = page.getByRole('region', { name: 'Class picture sign-in' });
    await signIn.getByRole('button', { name: 'New class code' }).click();
    await expect(signIn.getByText('Make a new class code? The old code and every printed sheet stop working at once.')).toBeFocused();
    await signIn.getByRole('button', { name: 'Yes, make a new code' }).click();
    await expect(signIn.getByText('The class has a new code. Print the sheet again.')).toBeVisible();
    await expect(signIn.locator('.class-code')).not.toHaveText(code);
    const old = await request.post(`${baseURL}/api/v1/pictures/class`, { data: { code } });
    expect(old.status()).toBe(404);
  });
});

test('a child locked after 5 wrong tries is unlocked on her page by her teacher, and signs in with her pictures', async ({
  page,
  request,
  baseURL,
  createStudent,
  createStaff,
  checkPage,
  openPage,
}) => {
  const child = await createStudent({ grade: 1 });
  const teacher = await createStaff({ role: 'teacher', classStudents: [child.id] });
  await staffPassword(page, teacher);
  await enrolAuthenticator(page);
  const chosen = ['bird', 'moon', 'tree'];

  await test.step('the teacher chooses the child’s pictures with the keyboard only', async () => {
    await page.goto(`/staff/students/${child.id}`);
    const section = page.getByRole('region', { name: 'Picture password' });
    await expect(section.getByText('No picture password', { exact: true })).toBeVisible();
    await expect(statusOf(page, 'Picture password')).toHaveText('No picture password');
    await checkPage('student-pictures');

    await pressTabUntil(page, section.getByRole('button', { name: 'Choose pictures' }));
    await page.keyboard.press('Enter');
    const picker = section.getByRole('group', { name: 'Choose 3 pictures' });
    await expect(picker.getByRole('heading', { name: 'Choose 3 pictures' })).toBeFocused();
    const grid = picker.getByRole('list', { name: 'The 16 pictures' });
    for (const name of chosen) {
      await pressTabUntil(page, grid.getByRole('button', { name, exact: true }));
      await page.keyboard.press('Space');
    }
    // A 4th picture does nothing.
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await expect(picker.getByRole('status')).toHaveText('3 pictures chosen: bird, then moon, then tree. Save them, or start again.');
    await checkPage('picture-picker');
    const answer = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/students/${child.id}/pictures`));
    await pressTabUntil(page, picker.getByRole('button', { name: 'Save these pictures' }));
    await page.keyboard.press('Enter');
    const res = await answer;
    expect(res.request().postDataJSON()).toEqual({ pictures: chosen });
    expect(res.status(), await res.text()).toBe(200);
    await expect(section.getByRole('list', { name: 'Picture password: bird, then moon, then tree' })).toBeVisible();
    await expect(section.getByText('Picture password set', { exact: true })).toBeVisible();
    await checkPage('student-pictures-set');
  });

  await test.step('5 wrong tries lock the pictures; then even the right ones are refused', async () => {
    // The first 4 are wrong; the 5th locks them and says so.
    for (let i = 1; i <= 5; i++) {
      const wrong = await pictureSignIn(request, baseURL!, child.username, ['moon', 'bird', 'tree']);
      expect(wrong.status(), await wrong.text()).toBe(i < 5 ? 401 : 423);
    }
    const right = await pictureSignIn(request, baseURL!, child.username, chosen);
    expect(right.status(), await right.text()).toBe(423);
    expect(((await right.json()) as { code: string }).code).toBe('pictures_locked');
  });

  await test.step('the teacher sees the lock on the child’s page and unlocks the pictures', async () => {
    await page.reload();
    const section = page.getByRole('region', { name: 'Picture password' });
    await expect(section.getByText('Locked after 5 wrong tries', { exact: true })).toBeVisible();
    await expect(statusOf(page, 'Picture password')).toHaveText(/^Locked after 5 wrong tries, at /);
    await checkPage('student-pictures-locked');
    await section.getByRole('button', { name: 'Unlock pictures' }).click();
    await expect(section.getByText('The pictures are unlocked. The same pictures sign in again.')).toBeVisible();
    await expect(section.getByText('Picture password set', { exact: true })).toBeVisible();
    await expect(section.getByRole('button', { name: 'Unlock pictures' })).toHaveCount(0);
  });

  await test.step('the child signs in with her pictures', async () => {
    const kid = await openPage();
    const res = await pictureSignIn(kid.request, baseURL!, child.username, chosen);
    expect(res.status(), await res.text()).toBe(200);
    const account = await kid.request.get(`${baseURL}/api/v1/me/account`);
    expect(account.status(), await account.text()).toBe(200);
    expect(await account.json()).toMatchObject({ username: child.username, signedInWith: 'pictures' });
  });

  await test.step('removed after a question, the pictures no longer sign in', async () => {
    await page.reload();
    const section = page.getByRole('region', { name: 'Picture password' });
    await expect(statusOf(page, 'Picture password')).toHaveText(/^Picture password set on .+, last used .+$/);
    await section.getByRole('button', { name: 'Remove pictures' }).click();
    await page.getByRole('button', { name: 'Yes, remove them' }).click();
    await expect(section.getByText('The picture password is removed. It no longer signs in.')).toBeVisible();
    const res = await pictureSignIn(request, baseURL!, child.username, chosen);
    expect(res.status()).toBe(401);
  });
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 375, height: 700 }, isMobile: true, hasTouch: true });

  test('the picture password, the class’s pictures and code, the labels and the sheet fit the screen', async ({
    page,
    createStudent,
    createStaff,
    checkPage,
  }) => {
    const child = await createStudent({ grade: 1 });
    const teacher = await createStaff({ role: 'teacher', classStudents: [child.id] });
    await staffPassword(page, teacher);
    await enrolAuthenticator(page);

    await page.goto(`/staff/students/${child.id}`);
    const section = page.getByRole('region', { name: 'Picture password' });
    await section.getByRole('button', { name: 'Choose pictures' }).click();
    await section.getByRole('button', { name: 'cat', exact: true }).tap();
    await expectNoHorizontalScroll(page);
    await checkPage('phone-picture-picker');

    await openClass(page, teacher.classNumber!);
    await expect(page.getByRole('region', { name: 'Class picture sign-in' }).locator('.class-code')).toBeVisible();
    await expectNoHorizontalScroll(page);
    await checkPage('phone-class-pictures');

    await page.getByRole('region', { name: 'Picture passwords for this class' }).getByRole('button', { name: 'Set pictures for students without them' }).click();
    await expect(heading(page)).toHaveText('Login cards');
    await page.getByRole('radio', { name: 'Avery 2″ square labels' }).check();
    await expectNoHorizontalScroll(page);
    await checkPage('phone-picture-labels');

    await page.goBack();
    await page.getByRole('button', { name: 'Print the class sign-in sheet' }).click();
    await expect(heading(page)).toHaveText('Class sign-in sheet');
    await expectNoHorizontalScroll(page);
    await checkPage('phone-class-sheet');
  });
});
