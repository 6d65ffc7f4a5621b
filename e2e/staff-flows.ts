import { expect, type Page } from '@playwright/test';
import { Secret, TOTP } from 'otpauth';
import type { TestStaff } from './fixtures.ts';
import { heading } from './flows.ts';

/*
 * Steps of the staff area, written the way a teacher works the pages: by role and visible
 * label, in English. Authenticator codes are computed here from the secret the enrolment
 * page shows, as a phone app would.
 */

const period = 30;
// The last time step each secret has given a code for: the portal never accepts a step twice.
const lastStep = new Map<string, number>();

/** freshCode returns a code of a time step the secret has not been used for, waiting for the next step when needed. */
export async function freshCode(secret: string): Promise<string> {
  const used = lastStep.get(secret) ?? -1;
  let step = Math.floor(Date.now() / 1000 / period);
  if (step <= used) {
    await new Promise((r) => setTimeout(r, ((used + 1) * period * 1000 - Date.now()) + 200));
    step = Math.floor(Date.now() / 1000 / period);
  }
  lastStep.set(secret, step);
  return codeAt(secret, step);
}

/**
 * lastCode returns the code of the last step freshCode gave for the secret: one the portal has
 * already taken. It must still be inside the window the portal accepts (this step or the one
 * before), or a refusal would prove nothing about replays, only that the code expired.
 */
export function lastCode(secret: string): string {
  const step = lastStep.get(secret);
  if (step === undefined) throw new Error('no code was used for this secret yet');
  const now = Math.floor(Date.now() / 1000 / period);
  expect(now - step, 'the reused code is still inside the accepted window').toBeLessThanOrEqual(1);
  return codeAt(secret, step);
}

function codeAt(secret: string, step: number): string {
  return new TOTP({ secret: Secret.fromBase32(secret), period, digits: 6, algorithm: 'SHA1' }).generate({
    timestamp: step * period * 1000,
  });
}

/** staffPassword types the email and password on the staff sign-in page. */
export async function staffPassword(page: Page, staff: Pick<TestStaff, 'email' | 'password'>): Promise<void> {
  await page.goto('/staff');
  await expect(heading(page)).toHaveText('Staff sign-in');
  await page.getByLabel('Work email').fill(staff.email);
  await page.getByLabel('Password', { exact: true }).fill(staff.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Enrolment is what a first sign-in leaves the staff member with. */
export interface Enrolment {
  secret: string;
  recoveryCodes: string[];
}

/** enrolAuthenticator sets up the app at a first sign-in (after staffPassword) and lands on By Student. */
export async function enrolAuthenticator(page: Page, check?: (name: string) => Promise<void>): Promise<Enrolment> {
  await expect(heading(page)).toHaveText('Set up your authenticator app');
  await expect(page.getByRole('img', { name: 'QR code for your authenticator app' })).toBeVisible();
  const secret = (await page.locator('.staff-key code').innerText()).replace(/\s+/g, '');
  expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
  await check?.('staff-enrol');
  await page.getByLabel('6-digit code from the app').fill(await freshCode(secret));
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(heading(page)).toHaveText('Save your recovery codes');
  const recoveryCodes = await page.getByRole('list').filter({ has: page.locator('code') }).locator('li').allInnerTexts();
  expect(recoveryCodes).toHaveLength(10);
  await check?.('staff-recovery-codes');
  await page.getByLabel('I have saved these codes').check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(heading(page)).toHaveText('Find a student');
  return { secret, recoveryCodes: recoveryCodes.map((c) => c.trim()) };
}

/** secondFactor types a code on the "Confirm it is you" step and submits it. */
export async function secondFactor(page: Page, code: string): Promise<void> {
  await expect(heading(page)).toHaveText('Confirm it is you');
  await page.getByLabel('6-digit code from the app').fill(code);
  await page.getByRole('button', { name: 'Confirm' }).click();
}

/** staffSignIn signs an enrolled staff member in with a fresh code and lands on By Student. */
export async function staffSignIn(page: Page, staff: Pick<TestStaff, 'email' | 'password'>, secret: string): Promise<void> {
  await staffPassword(page, staff);
  await secondFactor(page, await freshCode(secret));
  await expect(heading(page)).toHaveText('Find a student');
}

/** findStudent searches By Student and opens the one result named name. */
export async function findStudent(page: Page, query: string, name: string): Promise<void> {
  await page.getByRole('link', { name: 'By Student' }).click();
  await expect(heading(page)).toHaveText('Find a student');
  await page.getByLabel('Student ID, username, email or name').fill(query);
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByRole('status').filter({ hasText: /1 student found/ })).toBeVisible();
  await page.getByRole('link', { name }).click();
  await expect(heading(page)).toHaveText(name);
}

/** statusOf is the value the student page's status list gives for a term. */
export function statusOf(page: Page, term: string) {
  return page.locator('dt', { hasText: new RegExp(`^${term}$`) }).locator('xpath=following-sibling::dd[1]');
}

/** openReport opens View Report from the staff tabs; a staff member with one school sees it chosen. */
export async function openReport(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Staff area' }).getByRole('link', { name: 'View Report' }).click();
  await expect(heading(page)).toHaveText('View Report');
  await expect(page.getByRole('status').filter({ hasText: /students? shown of|No data/ })).toBeVisible();
}

/** rosterRows is the View Report table's body, a row of texts each (the student ID heads it). */
export async function rosterRows(page: Page): Promise<string[][]> {
  const rows = page.getByRole('table').getByRole('row');
  const texts: string[][] = [];
  for (const row of (await rows.all()).slice(1)) texts.push(await row.locator('th, td').allInnerTexts());
  return texts;
}

/** classIdOf finds a class by its number in GET /staff/classes, with the signed-in staff member's session. */
export async function classIdOf(page: Page, classNumber: string): Promise<string> {
  const res = await page.request.get('/api/v1/staff/classes');
  expect(res.status(), await res.text()).toBe(200);
  const { schools } = (await res.json()) as { schools: { classes: { id: string; classNumber: string }[] }[] };
  const found = schools.flatMap((s) => s.classes).find((c) => c.classNumber === classNumber);
  if (!found) throw new Error(`class ${classNumber} is not in GET /staff/classes`);
  return found.id;
}

/** pdfPageCount counts the page objects of a PDF (`/Type /Page`, not the `/Type /Pages` tree). */
export function pdfPageCount(pdf: Buffer): number {
  return pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g)?.length ?? 0;
}

/** openClass opens a class from By Class by its number and lands on its roster. */
export async function openClass(page: Page, classNumber: string): Promise<string> {
  await page.getByRole('link', { name: 'By Class' }).click();
  await expect(heading(page)).toHaveText('By Class');
  await page.getByRole('link', { name: new RegExp(`\\(${classNumber}\\)$`) }).click();
  await expect(heading(page)).toContainText(`(${classNumber})`);
  const classId = new URL(page.url()).pathname.split('/').pop() ?? '';
  expect(classId, 'the class id in the address').not.toBe('');
  return classId;
}

/**
 * staffRequest sends an API request as the signed-in staff member of page, with the session's
 * cookie and the CSRF token the SPA sends, for refusals the pages cannot even ask for.
 */
export async function staffRequest(page: Page, method: 'POST' | 'GET', path: string, data?: object) {
  const session = await page.request.get('/api/v1/staff/session');
  expect(session.status(), 'the staff session').toBe(200);
  const { csrfToken } = (await session.json()) as { csrfToken: string };
  return page.request.fetch(`/api/v1${path}`, { method, headers: { 'X-CSRF-Token': csrfToken }, ...(data ? { data } : {}) });
}

/** TestSchool is an empty school of the test district (POST /api/test/schools). */
export interface TestSchool {
  id: string;
  name: string;
  /** Six characters, "ZZ" and four more. */
  campusCode: string;
}

/**
 * createInTestApi makes a school, or a student or staff member in one (`schoolId`), through the
 * test API: a school-wide action then touches only the test's own people.
 */
export async function createInTestApi<T>(request: Page['request'], baseURL: string, what: 'schools' | 'students' | 'staff', data: object): Promise<T> {
  const res = await request.post(`${baseURL}/api/test/${what}`, { data });
  expect(res.status(), `POST /api/test/${what}: ${await res.text()}`).toBe(201);
  return (await res.json()) as T;
}
