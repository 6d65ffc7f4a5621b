import { expect, test, type Mailbox, type TestStudent } from '../fixtures.ts';
import {
  answerQuestions,
  chooseNewPassword,
  dateInNewYork,
  heading,
  newPassword,
  openQuestions,
  sampleAnswers,
  setPin,
  setQuestions,
  signIn,
  signOut,
  startForgot,
  verifyWithPin,
} from '../flows.ts';
import type { Page } from '@playwright/test';

/*
 * The student's own way back in: set up a PIN or questions while signed in,
 * forget the password, prove who you are, choose a new one; then the 30-day
 * limit. One test per verification method, each with its own student.
 */

type CheckPage = (name: string, page?: Page) => Promise<void>;

/** expectResetEmail waits for the confirmation of a self-reset and checks it names the change. */
async function expectResetEmail(mailbox: Mailbox, student: TestStudent, since: Date, newPw: string): Promise<void> {
  const mail = await mailbox.waitFor(student.email, { subject: `Password changed for ${student.username}`, since });
  expect(mail.text).toContain('was changed on');
  expect(mail.text).toContain('You reset it with “Forgot password”.');
  expect(mail.text).toContain('Not you?');
  // No secret ever travels by email.
  expect(mail.text).not.toContain(newPw);
  expect(mail.html).not.toContain(newPw);
}

/** expectTooSoon checks the refusal of a second self-reset inside the window. */
async function expectTooSoon(page: Page, checkPage: CheckPage, resetAt: Date): Promise<void> {
  await expect(heading(page)).toHaveText('You reset your password recently');
  const next = new Date(resetAt.getTime() + 30 * 24 * 3600 * 1000);
  await expect(page.getByRole('main')).toContainText(`You can reset it by yourself again on ${dateInNewYork(next)}.`);
  await expect(page.getByRole('heading', { level: 2, name: 'Need to get in sooner?' })).toBeVisible();
  const paths = page.getByRole('main').getByRole('listitem');
  await expect(paths.filter({ hasText: 'A parent or guardian can reset it for you in the family portal.' })).toBeVisible();
  await expect(paths.filter({ hasText: 'Your teacher or the school office can reset it for you.' })).toBeVisible();
  await checkPage('forgot-too-soon');
}

test('set a PIN, forget the password, reset it with the PIN; a second reset waits 30 days', async ({
  page,
  createStudent,
  mailbox,
  checkPage,
}) => {
  const student = await createStudent();
  const pin = '472958';
  const chosen = newPassword();
  let resetAt = new Date();

  await test.step('sign in and see that nothing is set up yet', async () => {
    await signIn(page, student.username, student.password);
    await expect(heading(page)).toHaveText('My account');
    await expect(page.getByText(`Hi, ${student.firstName}!`)).toBeVisible();
    await expect(page.getByText('Set a PIN or security questions first')).toBeVisible();
    await checkPage('account-new');
  });

  await test.step('set a PIN', async () => {
    await page.getByRole('link', { name: 'Set a PIN' }).click();
    await expect(heading(page)).toHaveText('Recovery PIN');
    await checkPage('pin');
    await setPin(page, student.password, pin);
    await expect(page.getByRole('link', { name: 'Change PIN' })).toBeVisible();
    await checkPage('account-pin-saved');
  });

  await test.step('set security questions', async () => {
    await page.getByRole('link', { name: 'Choose security questions' }).click();
    await expect(heading(page)).toHaveText('Security questions');
    await expect(page.getByLabel('Question 1', { exact: true })).toBeVisible();
    await checkPage('questions');
    await setQuestions(page, student.password, sampleAnswers);
    await expect(page.getByText('Available now')).toBeVisible();
    await checkPage('account-questions-saved');
  });

  await test.step('sign out', async () => {
    await signOut(page);
    await checkPage('signed-out');
  });

  await test.step('forgot: username, then the PIN', async () => {
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await expect(heading(page)).toHaveText('Forgot your password?');
    await checkPage('forgot-username');
    await startForgot(page, student.username);
    await expect(page.getByText(`Account: ${student.username}`)).toBeVisible();
    await checkPage('forgot-choose');
    await page.getByRole('link', { name: 'Use my PIN' }).click();
    await expect(heading(page)).toHaveText('Type your PIN');
    await checkPage('forgot-pin');
    await page.getByLabel('Recovery PIN', { exact: true }).fill(pin);
    await page.getByRole('button', { name: 'Check my PIN' }).click();
    await expect(heading(page)).toHaveText('Choose a new password');
    await checkPage('forgot-new-password');
  });

  await test.step('choose the new password', async () => {
    resetAt = new Date();
    await chooseNewPassword(page, chosen);
    await expect(heading(page)).toHaveText('Your password is changed');
    await expect(page.getByText('We sent an email to your school address.')).toBeVisible();
    await checkPage('forgot-done');
  });

  await test.step('the confirmation email names the change', async () => {
    await expectResetEmail(mailbox, student, resetAt, chosen);
  });

  await test.step('the old password no longer works; the new one does', async () => {
    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.getByLabel('Username or school email').fill(student.username);
    await page.getByLabel('Password', { exact: true }).fill(student.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toContainText('That username or password is not right.');
    await signIn(page, student.username, chosen);
    await expect(heading(page)).toHaveText('My account');
    const next = dateInNewYork(new Date(resetAt.getTime() + 30 * 24 * 3600 * 1000));
    await expect(page.getByRole('main')).toContainText(next);
    await checkPage('account-after-reset');
    await signOut(page);
  });

  await test.step('a second self-reset within 30 days is refused with the date', async () => {
    await startForgot(page, student.username);
    await verifyWithPin(page, pin);
    await expectTooSoon(page, checkPage, resetAt);
  });
});

test('reset with the security questions, answers typed with other case and spacing', async ({
  page,
  createStudent,
  mailbox,
  checkPage,
}) => {
  const student = await createStudent({ grade: 10 });
  const chosen = newPassword();
  // Same answers, as a student might type them months later.
  const retyped = new Map([
    ['What was the name of your first pet?', '  captain   WHISKERS '],
    ['In what city were you born?', 'SANJUAN'],
    ['What is the first name of your oldest cousin?', ' MARISOL! '],
  ]);
  let resetAt = new Date();

  await test.step('sign in and set security questions', async () => {
    await signIn(page, student.username, student.password);
    await page.getByRole('link', { name: 'Choose security questions' }).click();
    await expect(heading(page)).toHaveText('Security questions');
    await checkPage('questions');
    await setQuestions(page, student.password, sampleAnswers);
    await expect(page.getByRole('link', { name: 'Change questions' })).toBeVisible();
    await checkPage('account-questions-saved');
    await signOut(page);
  });

  await test.step('forgot: answer the questions', async () => {
    await startForgot(page, student.username);
    await checkPage('forgot-choose');
    await openQuestions(page);
    for (const text of retyped.keys()) await expect(page.getByLabel(text, { exact: true })).toBeVisible();
    await checkPage('forgot-questions');
    await answerQuestions(page, (text) => retyped.get(text) ?? 'unknown question');
    await expect(heading(page)).toHaveText('Choose a new password');
    await checkPage('forgot-new-password');
  });

  await test.step('choose the new password and get the email', async () => {
    resetAt = new Date();
    await chooseNewPassword(page, chosen);
    await expect(heading(page)).toHaveText('Your password is changed');
    await checkPage('forgot-done');
    await expectResetEmail(mailbox, student, resetAt, chosen);
  });

  await test.step('sign in with the new password', async () => {
    await signIn(page, student.username, chosen);
    await expect(heading(page)).toHaveText('My account');
    await checkPage('account-after-reset');
    await signOut(page);
  });

  await test.step('a second self-reset within 30 days is refused with the date', async () => {
    await startForgot(page, student.username);
    await openQuestions(page);
    await answerQuestions(page, (text) => retyped.get(text) ?? 'unknown question');
    await expectTooSoon(page, checkPage, resetAt);
  });
});

test('an unknown username walks the same screens and fails like a wrong answer', async ({
  page,
  createStudent,
  checkPage,
}) => {
  const student = await createStudent({
    pin: '583920',
    answers: sampleAnswers.map((qa) => ({ questionId: qa.id, answer: qa.answer })),
  });
  const unknown = `nobody${Date.now().toString(36)}`;

  // scan is off for a repeat visit of pages already scanned.
  const wrongAnswers = async (username: string, name: string, scan = true) => {
    const check = scan ? checkPage : async () => undefined;
    await startForgot(page, username);
    await check(`${name}-choose`);
    await openQuestions(page);
    await check(`${name}-questions`);
    const labels = await page.getByRole('main').getByRole('textbox').evaluateAll((els) =>
      els.map((el) => (el as HTMLInputElement).labels?.[0]?.textContent ?? ''),
    );
    await answerQuestions(page, () => 'definitely wrong');
    const alert = page.getByRole('alert');
    await expect(alert).toBeVisible();
    await check(`${name}-questions-refused`);
    return { labels, message: await alert.innerText() };
  };

  const wrongPin = async (username: string, name: string) => {
    await startForgot(page, username);
    await verifyWithPin(page, '902417');
    const alert = page.getByRole('alert');
    await expect(alert).toBeVisible();
    await checkPage(`${name}-pin-refused`);
    return alert.innerText();
  };

  const real = await test.step('a real student with wrong answers and a wrong PIN', async () => ({
    answers: await wrongAnswers(student.username, 'real'),
    pin: await wrongPin(student.username, 'real'),
  }));

  const stranger = await test.step('an unknown username gets three questions and the same refusals', async () => {
    const stranger = await wrongAnswers(unknown, 'unknown');
    expect(stranger.labels).toHaveLength(3);
    expect(new Set(stranger.labels).size).toBe(3);
    for (const label of stranger.labels) expect(label.trim()).toMatch(/\?$/);
    expect(stranger.message).toBe(real.answers.message);
    expect(real.answers.message).toContain('That did not match.');
    expect(await wrongPin(unknown, 'unknown')).toBe(real.pin);
    return stranger;
  });

  await test.step('the unknown username gets the same questions on every visit', async () => {
    const again = await wrongAnswers(unknown, 'unknown-again', false);
    expect(again.labels).toEqual(stranger.labels);
    expect(again.message).toBe(real.answers.message);
  });
});

test('a reset signs out the sessions that were open', async ({ page, openPage, createStudent, checkPage }) => {
  const student = await createStudent({ pin: '640273' });
  const chosen = newPassword();

  await test.step('browser A signs in', async () => {
    await signIn(page, student.username, student.password);
    await expect(heading(page)).toHaveText('My account');
    await checkPage('a-account');
  });

  await test.step('browser B resets the password with the PIN', async () => {
    const other = await openPage();
    await startForgot(other, student.username);
    await verifyWithPin(other, '640273');
    await chooseNewPassword(other, chosen);
    await expect(heading(other)).toHaveText('Your password is changed');
    await expect(other.getByText('Any place you were signed in is now signed out.')).toBeVisible();
    await checkPage('b-done', other);
  });

  await test.step("A's next API call is refused and the page it makes lands on sign-in", async () => {
    const res = await page.request.get('/api/v1/me/account');
    expect(res.status()).toBe(401);
    // A still shows the account page it loaded before; the next thing A does goes to the server.
    await page.getByRole('link', { name: 'Change PIN' }).click();
    await expect(heading(page)).toHaveText(/^(Recovery PIN|Sign in)$/);
    if ((await heading(page).textContent()) === 'Recovery PIN') {
      await page.getByLabel('Your current password', { exact: true }).fill(student.password);
      await page.getByLabel('New PIN', { exact: true }).fill('640273');
      await page.getByLabel('Type the new PIN again', { exact: true }).fill('640273');
      await page.getByRole('button', { name: 'Save my PIN' }).click();
    }
    await expect(heading(page)).toHaveText('Sign in');
    await checkPage('a-signed-out');
  });

  await test.step('A opening an account address lands on sign-in too; the new password works', async () => {
    await page.goto('/account');
    await expect(heading(page)).toHaveText('Sign in');
    await signIn(page, student.username, chosen);
    await expect(heading(page)).toHaveText('My account');
  });
});
