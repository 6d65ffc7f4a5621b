import type { Page } from '@playwright/test';
import { launchWithCamera, qrLuma, textLuma, writeY4m } from '../badge-camera.ts';
import { expect, test, type TestStudent } from '../fixtures.ts';
import { expectNoHorizontalScroll, heading } from '../flows.ts';
import { createInTestApi, enrolAuthenticator, openClass, pdfPageCount, staffPassword, staffRequest, type TestSchool } from '../staff-flows.ts';

/*
 * QR badges: a teacher issues badges for her grade 1 class and prints the cards; a child signs in
 * by showing hers to a (fake) camera, or by opening its link; a revoked or voided badge says, in
 * a child's words, that it does not work; a password reset leaves the badge working.
 */

const badgeRefused = 'This badge does not work any more. Ask your teacher for a new one.';

/** signInWithBadgeLink opens a badge's link in page and expects the young student's page. */
async function expectBadgeSignIn(page: Page, url: string, student: TestStudent): Promise<void> {
  await page.goto(url);
  await expect(heading(page)).toHaveText('My account');
  await expect(page.getByText(`Hi, ${student.firstName}! You are in.`)).toBeVisible();
  // The token went from the address bar at once: not in history, nor over a shoulder.
  expect(new URL(page.url()).hash).toBe('');
  await expect(page.getByRole('link', { name: 'Change my password' })).toHaveCount(0);
}

/** expectBadgeRefused opens a badge's link in page and expects the child-friendly refusal. */
async function expectBadgeRefused(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect(page.getByRole('alert')).toHaveText(badgeRefused);
  expect(new URL(page.url()).hash).toBe('');
}

test('a teacher issues badges for her class and prints them; a child signs in by showing hers to the camera', async ({
  page,
  createStudent,
  createStaff,
  checkPage,
}) => {
  const pupils = [await createStudent({ grade: 1 }), await createStudent({ grade: 1 })];
  const teacher = await createStaff({ role: 'teacher', classStudents: pupils.map((p) => p.id) });
  const child = pupils[0]!;
  const childName = `${child.firstName} ${child.lastName}`;

  await test.step('she issues badges for her class and lands on the cards', async () => {
    await staffPassword(page, teacher);
    await enrolAuthenticator(page);
    await openClass(page, teacher.classNumber!);
    const badges = page.getByRole('region', { name: 'Badges for this class' });
    await expect(badges).toBeVisible();
    await checkPage('class-badges');
    await badges.getByRole('button', { name: 'Issue badges' }).click();
    await expect(heading(page)).toHaveText('Login cards');
    await expect(page.getByText('2 cards on 1 page (10 a page).')).toBeVisible();
    await expect(page.getByRole('img', { name: /^QR badge of / })).toHaveCount(2);
    await expect(page.locator('.login-card__badge-id')).toHaveText([/^Badge \S{6,}$/, /^Badge \S{6,}$/]);
    await checkPage('badge-cards');
  });

  await test.step('the cards print on one page', async () => {
    const pdf = await page.pdf({ format: 'Letter', preferCSSPageSize: true });
    expect(pdfPageCount(pdf)).toBe(1);
  });

  await test.step('the child shows her badge to the camera and is in', async () => {
    const y4m = test.info().outputPath('badge.y4m');
    await writeY4m(y4m, await qrLuma(page.getByRole('img', { name: `QR badge of ${childName}` })));
    const browser = await launchWithCamera(y4m);
    try {
      const context = await browser.newContext({ baseURL: test.info().project.use.baseURL ?? new URL(page.url()).origin });
      const kid = await context.newPage();
      await kid.goto('/');
      await kid.getByRole('button', { name: 'Scan my badge' }).click();
      // A second Chromium decoding video frames: slow when the machine is busy.
      await expect(heading(kid)).toHaveText('My account', { timeout: 45_000 });
      await expect(kid.getByText(`Hi, ${child.firstName}! You are in.`)).toBeVisible();
      await expect(kid.getByText('Your teacher can help you, and can give you a new badge.')).toBeVisible();
      await checkPage('badge-account', kid);
    } finally {
      await browser.close();
    }
  });
});

test('without a camera the scanner says so plainly, and Cancel goes back', async ({ page, checkPage }) => {
  // The project's Chromium has no camera at all: what a refused camera looks like to the page.
  await page.goto('/');
  await page.getByRole('button', { name: 'Scan my badge' }).click();
  await expect(page.getByRole('alert')).toHaveText(
    'The camera is not available. Ask your teacher for help, or sign in with your password.',
  );
  await expect(page.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await checkPage('badge-no-camera');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Scan my badge' })).toBeFocused();
});

test('a QR that is not this portal’s badge is named as such, and nothing is sent', async ({ baseURL, checkPage }) => {
  const y4m = test.info().outputPath('foreign.y4m');
  // A badge URL in every way but the site: a QR on a poster must not sign anyone in anywhere.
  await writeY4m(y4m, textLuma(`https://elsewhere.example/badge#${'A'.repeat(43)}`));
  const browser = await launchWithCamera(y4m);
  try {
    const kid = await (await browser.newContext({ baseURL: baseURL! })).newPage();
    const sent: string[] = [];
    kid.on('request', (r) => r.url().includes('/session/badge') && sent.push(r.url()));
    await kid.goto('/');
    await kid.getByRole('button', { name: 'Scan my badge' }).click();
    await expect(kid.getByText('That is not a badge of this school.')).toBeVisible({ timeout: 45_000 });
    await checkPage('badge-foreign', kid);
    expect(sent).toEqual([]);
    await expect(heading(kid)).toHaveText('Sign in');
  } finally {
    await browser.close();
  }
});

test('a badge link signs in; a revoked badge does not', async ({
  page,
  createStudent,
  createStaff,
  checkPage,
  openPage,
}) => {
  const child = await createStudent({ grade: 1 });
  const teacher = await createStaff({ role: 'teacher', classStudents: [child.id] });
  let url = '';

  await test.step('the teacher issues the badge on the student page and sees it once', async () => {
    await staffPassword(page, teacher);
    await enrolAuthenticator(page);
    await page.goto(`/staff/students/${child.id}`);
    const badge = page.getByRole('region', { name: 'QR badge' });
    await expect(badge.getByText('No badge yet.')).toBeVisible();
    const answer = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/students/${child.id}/badge`));
    await badge.getByRole('button', { name: 'Issue badge' }).click();
    const issued = (await (await answer).json()) as { signInUrl: string; badgeId: string };
    url = issued.signInUrl;
    expect(new URL(url).pathname).toBe('/badge');
    await expect(badge.getByRole('img', { name: `QR badge of ${child.firstName} ${child.lastName}` })).toBeVisible();
    await expect(badge.getByText(issued.badgeId, { exact: true })).toBeVisible();
    await checkPage('student-badge');
  });

  await test.step('the badge link signs the child in', async () => {
    const kid = await openPage();
    await expectBadgeSignIn(kid, url, child);
    await checkPage('badge-link-account', kid);
  });

  await test.step('revoked after a confirmation, the badge no longer signs in', async () => {
    await page.reload();
    const badge = page.getByRole('region', { name: 'QR badge' });
    await badge.getByRole('button', { name: 'Revoke badge' }).click();
    await page.getByRole('button', { name: 'Yes, revoke it' }).click();
    await expect(badge.getByText('The badge is revoked. It no longer signs in.')).toBeVisible();
    const kid = await openPage();
    await expectBadgeRefused(kid, url);
    await checkPage('badge-refused', kid);
  });
});

test('a staff reset (must change at next sign-in) leaves the badge working, on the young student’s page', async ({
  page,
  createStudent,
  createStaff,
  openPage,
}) => {
  const child = await createStudent({ grade: 1 });
  const teacher = await createStaff({ role: 'teacher', classStudents: [child.id] });
  await staffPassword(page, teacher);
  await enrolAuthenticator(page);
  const issued = await staffRequest(page, 'POST', `/staff/students/${child.id}/badge`);
  expect(issued.status(), await issued.text()).toBe(200);
  const { signInUrl: url } = (await issued.json()) as { signInUrl: string };

  for (const mustChange of [false, true]) {
    await test.step(`a password reset by staff (must change: ${mustChange}) leaves the badge working`, async () => {
      const reset = await staffRequest(page, 'POST', `/staff/students/${child.id}/password`, { mode: 'generated', mustChange });
      expect(reset.status(), await reset.text()).toBe(200);
      // A badge session cannot change the password: it lands on the young student's page all the same.
      await expectBadgeSignIn(await openPage(), url, child);
    });
  }
});

test('a school admin voids every badge of the school at year end, the school code typed', async ({
  page,
  request,
  baseURL,
  createStaff,
  checkPage,
  openPage,
}) => {
  const school = await createInTestApi<TestSchool>(request, baseURL!, 'schools', {});
  const child = await createInTestApi<TestStudent>(request, baseURL!, 'students', { grade: 0, schoolId: school.id });
  const admin = await createStaff({ role: 'school_admin', schoolId: school.id });
  await staffPassword(page, admin);
  await enrolAuthenticator(page);
  const issued = await staffRequest(page, 'POST', `/staff/students/${child.id}/badge`);
  expect(issued.status(), await issued.text()).toBe(200);
  const { signInUrl } = (await issued.json()) as { signInUrl: string };
  await expectBadgeSignIn(await openPage(), signInUrl, child);

  await page.goto(`/staff/schools/${school.id}/access-codes`);
  const voiding = page.getByRole('region', { name: 'End of the school year: void every badge' });
  const field = voiding.getByLabel(/^Type the school code \S+ to confirm$/);
  const label = await voiding.locator('label', { hasText: 'Type the school code' }).innerText();
  const code = /school code (\S+) to confirm/.exec(label)?.[1] ?? '';
  await field.fill(`${code}X`);
  await voiding.getByRole('button', { name: 'Void every badge' }).click();
  await expect(field).toHaveAccessibleDescription(/That is not the school code/);
  await field.fill(code);
  await voiding.getByRole('button', { name: 'Void every badge' }).click();
  await expect(voiding.getByText('1 badge voided.')).toBeVisible();
  await checkPage('void-badges');

  await expectBadgeRefused(await openPage(), signInUrl);
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 375, height: 700 }, isMobile: true, hasTouch: true });

  test('the badge on the student page, the scanner and the young student’s page fit the screen', async ({
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
    const answer = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/students/${child.id}/badge`));
    await page.getByRole('region', { name: 'QR badge' }).getByRole('button', { name: 'Issue badge' }).click();
    const { signInUrl } = (await (await answer).json()) as { signInUrl: string };
    await expect(page.getByRole('img', { name: /^QR badge of / })).toBeVisible();
    await expectNoHorizontalScroll(page);
    await checkPage('phone-student-badge');

    // The student's session is a cookie of its own: the same phone can hold both.
    await page.goto('/');
    await page.getByRole('button', { name: 'Scan my badge' }).click();
    await expect(page.getByRole('button', { name: 'Cancel' })).toBeVisible();
    await expectNoHorizontalScroll(page);
    await checkPage('phone-scanner');

    await expectBadgeSignIn(page, signInUrl, child);
    await expectNoHorizontalScroll(page);
    await checkPage('phone-badge-account');
  });
});
