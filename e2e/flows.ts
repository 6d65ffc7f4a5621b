import { randomBytes } from 'node:crypto';
import { expect, type Locator, type Page } from '@playwright/test';

/*
 * Steps the specs share, written the way a student works the pages: by the
 * role and the visible label of each control, in English unless a test says
 * otherwise.
 */

/** newPassword returns a fresh password that passes every rule: no common word, no name. */
export function newPassword(): string {
  return `Vq${randomBytes(6).toString('hex')}-Kt7`;
}

/** heading is the page's one h1. */
export function heading(page: Page): Locator {
  return page.getByRole('heading', { level: 1 });
}

/** signIn signs in from the sign-in page (opening it first) and waits for the next page. */
export async function signIn(page: Page, login: string, password: string): Promise<void> {
  await page.goto('/');
  await expect(heading(page)).toHaveText('Sign in');
  await page.getByLabel('Username or school email').fill(login);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(heading(page)).not.toHaveText('Sign in');
}

/** signOut signs out from the account page. */
export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(heading(page)).toHaveText('Sign in');
  await expect(page.getByRole('status').filter({ hasText: 'You are signed out.' })).toBeVisible();
}

/** setPin sets a PIN from the account page and returns to it. */
export async function setPin(page: Page, currentPassword: string, pin: string): Promise<void> {
  await page.getByLabel('Your current password', { exact: true }).fill(currentPassword);
  await page.getByLabel('New PIN', { exact: true }).fill(pin);
  await page.getByLabel('Type the new PIN again', { exact: true }).fill(pin);
  await page.getByRole('button', { name: 'Save my PIN' }).click();
  await expect(heading(page)).toHaveText('My account');
  await expect(page.getByRole('status')).toContainText('Your PIN is saved.');
}

/** QuestionAnswer is a catalogue question (its English text) and an answer to it. */
export interface QuestionAnswer {
  id: string;
  text: string;
  answer: string;
}

/** Three questions of the catalogue with answers that break no rule. */
export const sampleAnswers: readonly QuestionAnswer[] = [
  { id: 'first-pet', text: 'What was the name of your first pet?', answer: 'Captain Whiskers' },
  { id: 'birth-city', text: 'In what city were you born?', answer: 'San Juan' },
  { id: 'oldest-cousin', text: 'What is the first name of your oldest cousin?', answer: 'Marisol' },
];

/** setQuestions picks three questions and answers them on the questions page. */
export async function setQuestions(page: Page, currentPassword: string, answers: readonly QuestionAnswer[]): Promise<void> {
  await page.getByLabel('Your current password', { exact: true }).fill(currentPassword);
  for (const [i, qa] of answers.entries()) {
    await page.getByLabel(`Question ${i + 1}`, { exact: true }).selectOption({ label: qa.text });
    await page.getByLabel(`Your answer to question ${i + 1}`, { exact: true }).fill(qa.answer);
  }
  await page.getByRole('button', { name: 'Save my questions' }).click();
  await expect(heading(page)).toHaveText('My account');
  await expect(page.getByRole('status')).toContainText('Your security questions are saved.');
}

/** startForgot opens the forgot-password flow and submits a username. */
export async function startForgot(page: Page, username: string): Promise<void> {
  await page.goto('/forgot');
  await expect(heading(page)).toHaveText('Forgot your password?');
  await page.getByLabel('Username or school email').fill(username);
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(heading(page)).toHaveText('How do you want to show it is you?');
}

/** verifyWithPin chooses the PIN and types it. */
export async function verifyWithPin(page: Page, pin: string): Promise<void> {
  await page.getByRole('link', { name: 'Use my PIN' }).click();
  await expect(heading(page)).toHaveText('Type your PIN');
  await page.getByLabel('Recovery PIN', { exact: true }).fill(pin);
  await page.getByRole('button', { name: 'Check my PIN' }).click();
}

/** openQuestions chooses the security questions. */
export async function openQuestions(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Answer my security questions' }).click();
  await expect(heading(page)).toHaveText('Answer your security questions');
}

/** answerQuestions types an answer for each question shown, found by its question text. */
export async function answerQuestions(page: Page, answerFor: (questionText: string) => string): Promise<void> {
  const boxes = page.getByRole('main').getByRole('textbox');
  await expect(boxes).toHaveCount(3);
  for (const box of await boxes.all()) {
    const label = await box.evaluate((el) => (el as HTMLInputElement).labels?.[0]?.textContent ?? '');
    await box.fill(answerFor(label));
  }
  await page.getByRole('button', { name: 'Check my answers' }).click();
}

/**
 * newPasswordFields are the new password, its confirmation (labelled "Type it again" in the
 * forgot flow, "Type the new password again" on the change page) and the live checklist.
 */
export function newPasswordFields(page: Page): { password: Locator; confirm: Locator; checklist: Locator } {
  return {
    password: page.getByLabel('New password', { exact: true }),
    confirm: page
      .getByLabel('Type it again', { exact: true })
      .or(page.getByLabel('Type the new password again', { exact: true })),
    checklist: page.getByRole('list').filter({ hasText: 'A small letter, like a' }),
  };
}

/** The checklist's lines, as a student reads them. */
export const checklistLines = {
  lowercase: 'A small letter, like a',
  uppercase: 'A capital letter, like A',
  digit: 'A number, like 7',
  minLength: 'At least 8 characters',
  maxLength: 'No more than 128 characters',
  common: 'Not a password lots of people use',
  personal: "Doesn't have your name or username in it",
} as const;

export type ChecklistLine = keyof typeof checklistLines;

/**
 * expectChecklist checks every line of the checklist: the lines in notMet say "not yet" (or
 * "still needed" after a submit), all others "done". The state is read from the words a screen
 * reader gets, not the colour.
 */
export async function expectChecklist(checklist: Locator, notMet: readonly ChecklistLine[]): Promise<void> {
  for (const [line, text] of Object.entries(checklistLines) as [ChecklistLine, string][]) {
    const item = checklist.getByRole('listitem').filter({ hasText: text });
    await expect(item, `checklist line "${text}"`).toHaveText(
      notMet.includes(line) ? /, (not yet|still needed)$/ : /, done$/,
    );
  }
}

/** chooseNewPassword fills the new password twice and submits the form. */
export async function chooseNewPassword(page: Page, password: string): Promise<void> {
  await expect(heading(page)).toHaveText('Choose a new password');
  const fields = newPasswordFields(page);
  await fields.password.fill(password);
  await fields.confirm.fill(password);
  await page.getByRole('button', { name: 'Change my password' }).click();
}

/** dateInNewYork formats a moment as the SPA shows dates (en-US, long, the browser's zone). */
export function dateInNewYork(moment: Date): string {
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'America/New_York' }).format(moment);
}

/** noHorizontalScroll checks the page fits the viewport's width. */
export async function expectNoHorizontalScroll(page: Page): Promise<void> {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect(scrollWidth, `page ${page.url()} is wider than the screen`).toBeLessThanOrEqual(clientWidth);
}

/**
 * serverVerdict asks the server to change the signed-in student's password to candidate (which
 * it must refuse) and returns the rules it refused: the judge the live checklist must agree with.
 */
export async function serverVerdict(page: Page, currentPassword: string, candidate: string): Promise<string[]> {
  const session = await page.request.get('/api/v1/session');
  expect(session.status()).toBe(200);
  const { csrfToken } = (await session.json()) as { csrfToken: string };
  const res = await page.request.post('/api/v1/me/password', {
    headers: { 'X-CSRF-Token': csrfToken },
    data: { currentPassword, newPassword: candidate, confirmPassword: candidate },
  });
  expect(res.status(), `the server accepted ${JSON.stringify(candidate)}`).toBe(422);
  const body = (await res.json()) as { code: string; details?: { rule: string }[] };
  expect(body.code).toBe('password_rules');
  return (body.details ?? []).map((d) => d.rule);
}

/** switchLanguage picks a language with the header's switch and waits until it is on. */
export async function switchLanguage(page: Page, name: 'English' | 'Español'): Promise<void> {
  await page.getByRole('button', { name }).click();
  await expect(page.getByRole('button', { name })).toHaveAttribute('aria-pressed', 'true');
}
