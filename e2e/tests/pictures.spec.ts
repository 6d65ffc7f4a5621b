import type { Locator, Page } from '@playwright/test';
import { expect, test, type NewStaff, type TestStaff, type TestStudent } from '../fixtures.ts';
import { expectNoHorizontalScroll, heading } from '../flows.ts';
import { classIdOf, enrolAuthenticator, staffPassword, staffRequest } from '../staff-flows.ts';

/*
 * Picture passwords, the child's side: a teacher (through the API here; her pages are the staff
 * specs') sets pictures and opens the class sign-in link; a child taps her name and her 3
 * pictures, or types her username; 5 wrong tries lock the pictures but not her badge.
 */

const wrongWords = 'Those are not your pictures. Try again.';
const lockedWords = 'Your pictures are locked. Ask your teacher to unlock them.';
const right = ['cat', 'moon', 'star'];
const wrong = ['dog', 'apple', 'boat'];

/** The class the teacher set up: its picture sign-in link and code. */
interface PictureClass {
  signInUrl: string;
  code: string;
}

/** displayName is how the class page names a child: first name and last initial. */
function displayName(student: TestStudent): string {
  return `${student.firstName} ${student.lastName.slice(0, 1)}.`;
}

/**
 * setUpClass signs the teacher of pupils in (page), gives each child in withPictures the
 * pictures `right`, and asks for the class's picture sign-in link.
 */
async function setUpClass(
  page: Page,
  createStaff: (options: NewStaff) => Promise<TestStaff>,
  pupils: TestStudent[],
  withPictures: TestStudent[] = pupils,
): Promise<PictureClass> {
  const teacher = await createStaff({ role: 'teacher', classStudents: pupils.map((p) => p.id) });
  await staffPassword(page, teacher);
  await enrolAuthenticator(page);
  for (const child of withPictures) {
    const set = await staffRequest(page, 'POST', `/staff/students/${child.id}/pictures`, { pictures: right });
    expect(set.status(), await set.text()).toBe(200);
    expect(((await set.json()) as { pictures: string[] }).pictures).toEqual(right);
  }
  const classId = await classIdOf(page, teacher.classNumber!);
  const res = await staffRequest(page, 'GET', `/staff/classes/${classId}/picture-sign-in`);
  expect(res.status(), await res.text()).toBe(200);
  const signIn = (await res.json()) as PictureClass;
  expect(new URL(signIn.signInUrl).pathname).toBe('/pictures');
  expect(new URL(signIn.signInUrl).hash).toBe(`#${signIn.code}`);
  return signIn;
}

function pictureGrid(page: Page): Locator {
  return page.getByRole('group', { name: 'Pictures' });
}

/** gridOrder is the pictures' names in the order the grid shows them. */
async function gridOrder(page: Page): Promise<string[]> {
  const buttons = pictureGrid(page).getByRole('button');
  await expect(buttons).toHaveCount(16);
  return buttons.evaluateAll((all) => all.map((b) => b.getAttribute('aria-label') ?? ''));
}

async function tapPictures(page: Page, names: readonly string[]): Promise<void> {
  for (const name of names) await pictureGrid(page).getByRole('button', { name, exact: true }).click();
}

/** chooseName opens the class's link and taps the child's name, on to the pictures. */
async function chooseName(page: Page, signInUrl: string, child: TestStudent): Promise<void> {
  await page.goto(signInUrl);
  await expect(heading(page)).toHaveText('Sign in with my pictures');
  await page.getByRole('button', { name: displayName(child), exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Tap your 3 pictures' })).toBeVisible();
}

async function expectYoungPage(page: Page, child: TestStudent): Promise<void> {
  await expect(heading(page)).toHaveText('My account');
  await expect(page.getByText(`Hi, ${child.firstName}! You are in.`)).toBeVisible();
  await expect(page.getByText('You signed in with your pictures.')).toBeVisible();
  await expect(page.getByText('Your teacher can help you, and can give you new pictures.')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Change my password' })).toHaveCount(0);
}

test('a child opens the class link, taps her name and her 3 pictures, and is in', async ({
  page,
  createStudent,
  createStaff,
  checkPage,
  openPage,
}) => {
  const maya = await createStudent({ grade: 1 });
  const noPictures = await createStudent({ grade: 1 });
  const { signInUrl } = await setUpClass(page, createStaff, [maya, noPictures], [maya]);
  const kid = await openPage();

  await test.step('the link opens the class, the code gone from the address at once', async () => {
    await kid.goto(signInUrl);
    await expect(heading(kid)).toHaveText('Sign in with my pictures');
    expect(new URL(kid.url()).hash).toBe('');
    expect(new URL(kid.url()).pathname).toBe('/pictures');
    // Only the children with pictures, by first name and initial: no usernames, no surnames.
    await expect(kid.getByRole('button', { name: displayName(maya), exact: true })).toBeVisible();
    await expect(kid.getByRole('button', { name: displayName(noPictures), exact: true })).toHaveCount(0);
    await expect(kid.getByText(maya.username)).toHaveCount(0);
    await expect(kid.getByText(maya.lastName)).toHaveCount(0);
    await checkPage('pictures-class', kid);
  });

  await test.step('she taps her name and her pictures; the slots fill with dots', async () => {
    await kid.getByRole('button', { name: displayName(maya), exact: true }).click();
    await expect(kid.getByRole('heading', { name: 'Tap your 3 pictures' })).toBeFocused();
    await expect(kid.getByText(displayName(maya), { exact: true })).toBeVisible();
    await checkPage('pictures-tap', kid);
    await tapPictures(kid, right.slice(0, 2));
    await expect(kid.locator('.picture-progress__slot--filled')).toHaveCount(2);
    await checkPage('pictures-tap-two', kid);
    await tapPictures(kid, right.slice(2));
    await expectYoungPage(kid, maya);
    await checkPage('pictures-account', kid);
  });
});

test('a child types her username and signs in with her pictures', async ({ page, createStudent, createStaff, checkPage, openPage }) => {
  const child = await createStudent({ grade: 1 });
  await setUpClass(page, createStaff, [child]);
  const kid = await openPage();
  await kid.goto('/');
  // Beside "Scan my badge", as big a target.
  const link = kid.getByRole('link', { name: 'Sign in with my pictures' });
  for (const target of [link, kid.getByRole('button', { name: 'Scan my badge' })]) {
    expect((await target.boundingBox())?.height).toBeGreaterThanOrEqual(64);
  }
  await checkPage('sign-in-young-ways', kid);
  await link.click();
  await expect(heading(kid)).toHaveText('Sign in with my pictures');
  await checkPage('pictures-forms', kid);
  await kid.getByLabel('My username').fill(child.username);
  await kid.getByRole('button', { name: 'Next' }).click();
  await expect(kid.getByRole('heading', { name: 'Tap your 3 pictures' })).toBeVisible();
  await tapPictures(kid, right);
  await expectYoungPage(kid, child);
});

test('a grown-up types the class code in small letters', async ({ page, createStudent, createStaff, openPage }) => {
  const child = await createStudent({ grade: 1 });
  const { code } = await setUpClass(page, createStaff, [child]);
  const kid = await openPage();
  await kid.goto('/pictures');
  await kid.getByLabel(/^Class code/).fill('ZZZZ2222');
  await kid.getByRole('button', { name: 'Open my class' }).click();
  await expect(kid.getByRole('alert')).toHaveText('We could not find that class. Ask your teacher for the class code.');
  await kid.getByLabel(/^Class code/).fill(code.toLowerCase());
  await kid.getByRole('button', { name: 'Open my class' }).click();
  await kid.getByRole('button', { name: displayName(child), exact: true }).click();
  await tapPictures(kid, right);
  await expectYoungPage(kid, child);
});

test('5 wrong tries lock the pictures, even against the right ones; her badge still signs her in', async ({
  page,
  createStudent,
  createStaff,
  checkPage,
  openPage,
}) => {
  const child = await createStudent({ grade: 1 });
  const { signInUrl } = await setUpClass(page, createStaff, [child]);
  const kid = await openPage();
  await chooseName(kid, signInUrl, child);

  await test.step('4 wrong tries say so, each with the pictures in a new order', async () => {
    let order = await gridOrder(kid);
    for (let i = 1; i <= 4; i++) {
      await tapPictures(kid, wrong);
      await expect(kid.getByRole('alert')).toHaveText(wrongWords);
      await expect(kid.locator('.picture-progress__slot--filled')).toHaveCount(0);
      const next = await gridOrder(kid);
      expect(next, `the order after wrong try ${i}`).not.toEqual(order);
      order = next;
      if (i === 1) await checkPage('pictures-wrong', kid);
    }
  });

  // The 5th wrong try locks them, and the child hears so at once: no sixth "try again".
  await test.step('the 5th says they are locked: no pictures to tap', async () => {
    await tapPictures(kid, wrong);
    await expect(kid.getByRole('alert')).toHaveText(lockedWords);
    await expect(pictureGrid(kid)).toHaveCount(0);
    await checkPage('pictures-locked', kid);
  });

  await test.step('even her right pictures now say locked', async () => {
    await kid.getByRole('button', { name: 'Not you? Choose your name again' }).click();
    await kid.getByRole('button', { name: displayName(child), exact: true }).click();
    await tapPictures(kid, right);
    await expect(kid.getByRole('alert')).toHaveText(lockedWords);
    await expect(heading(kid)).toHaveText('Sign in with my pictures');
  });

  await test.step('her badge still signs her in', async () => {
    const issued = await staffRequest(page, 'POST', `/staff/students/${child.id}/badge`);
    expect(issued.status(), await issued.text()).toBe(200);
    const { signInUrl: badgeUrl } = (await issued.json()) as { signInUrl: string };
    const other = await openPage();
    await other.goto(badgeUrl);
    await expect(heading(other)).toHaveText('My account');
    await expect(other.getByText(`Hi, ${child.firstName}! You are in.`)).toBeVisible();
    await expect(other.getByText('You signed in with your badge. Keep your badge safe, like a key.')).toBeVisible();
  });
});

test('the pictures come in a new order on every visit and every try', async ({ page, createStudent, createStaff, openPage }) => {
  const child = await createStudent({ grade: 1 });
  const { signInUrl } = await setUpClass(page, createStaff, [child]);
  const kid = await openPage();
  await chooseName(kid, signInUrl, child);
  const first = await gridOrder(kid);
  await kid.getByRole('button', { name: 'Not you? Choose your name again' }).click();
  await kid.getByRole('button', { name: displayName(child), exact: true }).click();
  const second = await gridOrder(kid);
  await kid.getByRole('button', { name: 'Start again' }).click();
  const third = await gridOrder(kid);
  // The same 16 pictures each time, never twice in one order (1 chance in 16! of a false failure).
  for (const order of [first, second, third]) expect([...order].sort()).toEqual([...first].sort());
  expect(second).not.toEqual(first);
  expect(third).not.toEqual(second);
});

/** tabTo presses Tab (Shift+Tab when target comes before the focus) until target has focus. */
async function tabTo(page: Page, target: Locator, max = 30): Promise<void> {
  const backwards = await target.evaluate((el) => {
    const focused = document.activeElement;
    return focused !== null && focused !== document.body && (el.compareDocumentPosition(focused) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
  });
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
  }
  await expect(target, `Tab never reached it in ${max} presses`).toBeFocused();
}

/** expectVisibleFocus checks the focused element shows the focus ring. */
async function expectVisibleFocus(target: Locator): Promise<void> {
  const style = await target.evaluate((el) => ({
    focusVisible: el.matches(':focus-visible'),
    outlineStyle: getComputedStyle(el).outlineStyle,
    outlineWidth: parseFloat(getComputedStyle(el).outlineWidth),
  }));
  expect(style.focusVisible).toBe(true);
  expect(style.outlineStyle).not.toBe('none');
  expect(style.outlineWidth).toBeGreaterThanOrEqual(2);
}

test('a child signs in with the keyboard alone', async ({ page, createStudent, createStaff, checkPage, openPage }) => {
  const child = await createStudent({ grade: 1 });
  const { signInUrl } = await setUpClass(page, createStaff, [child]);
  const kid = await openPage();
  await kid.goto(signInUrl);
  const name = kid.getByRole('button', { name: displayName(child), exact: true });
  await tabTo(kid, name);
  await expectVisibleFocus(name);
  await kid.keyboard.press('Enter');
  await expect(kid.getByRole('heading', { name: 'Tap your 3 pictures' })).toBeFocused();
  for (const [i, picture] of right.entries()) {
    const target = pictureGrid(kid).getByRole('button', { name: picture, exact: true });
    await tabTo(kid, target);
    await expectVisibleFocus(target);
    if (i === 0) await checkPage('pictures-keyboard', kid);
    await kid.keyboard.press(i === 1 ? 'Space' : 'Enter');
  }
  await expectYoungPage(kid, child);
});

test('a child signs in in Spanish', async ({ page, createStudent, createStaff, checkPage, openPage }) => {
  const child = await createStudent({ grade: 1 });
  const { signInUrl } = await setUpClass(page, createStaff, [child]);
  const kid = await openPage();
  await kid.goto(signInUrl);
  await kid.getByRole('button', { name: 'Español' }).click();
  await expect(heading(kid)).toHaveText('Entrar con mis dibujos');
  await kid.getByRole('button', { name: displayName(child), exact: true }).click();
  await expect(kid.getByRole('heading', { name: 'Toca tus 3 dibujos' })).toBeVisible();
  const grid = kid.getByRole('group', { name: 'Dibujos' });
  await grid.getByRole('button', { name: 'perro', exact: true }).click();
  await grid.getByRole('button', { name: 'manzana', exact: true }).click();
  await grid.getByRole('button', { name: 'barco', exact: true }).click();
  await expect(kid.getByRole('alert')).toHaveText('Esos no son tus dibujos. Inténtalo otra vez.');
  await checkPage('pictures-es-wrong', kid);
  for (const name of ['gato', 'luna', 'estrella']) await grid.getByRole('button', { name, exact: true }).click();
  await expect(heading(kid)).toHaveText('Mi cuenta');
  await expect(kid.getByText('Entraste con tus dibujos.')).toBeVisible();
  await checkPage('pictures-es-account', kid);
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 375, height: 700 }, isMobile: true, hasTouch: true });

  test('the class page, the pictures and the young student’s page fit the screen', async ({
    page,
    createStudent,
    createStaff,
    checkPage,
  }) => {
    const child = await createStudent({ grade: 1 });
    const { signInUrl } = await setUpClass(page, createStaff, [child]);
    // The student's session is a cookie of its own: the teacher's phone can hold both.
    await page.goto(signInUrl);
    await expect(heading(page)).toHaveText('Sign in with my pictures');
    await expectNoHorizontalScroll(page);
    await checkPage('phone-pictures-class');
    await page.getByRole('button', { name: displayName(child), exact: true }).click();
    await expect(pictureGrid(page).getByRole('button')).toHaveCount(16);
    await expectNoHorizontalScroll(page);
    // Every picture is a big target, four to a row.
    for (const box of await pictureGrid(page).getByRole('button').evaluateAll((all) => all.map((b) => b.getBoundingClientRect().toJSON() as DOMRect))) {
      expect(box.width).toBeGreaterThanOrEqual(64);
      expect(box.height).toBeGreaterThanOrEqual(64);
    }
    await checkPage('phone-pictures-tap');
    await tapPictures(page, right);
    await expectYoungPage(page, child);
    await expectNoHorizontalScroll(page);
    await checkPage('phone-pictures-account');
  });
});
