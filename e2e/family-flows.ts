import { randomBytes } from 'node:crypto';
import { expect, type APIRequestContext, type Page } from '@playwright/test';
import type { Mailbox } from './fixtures.ts';
import { heading, newPassword } from './flows.ts';

/*
 * Steps of the family portal, written the way a parent works the pages: by role and visible
 * label, in English.
 */

/** Guardian is a family account a test made, with its password. */
export interface Guardian {
  email: string;
  name: string;
  password: string;
}

/** newGuardianIdentity returns a fresh email, name and password for a family account. */
export function newGuardianIdentity(): Guardian {
  return {
    email: `parent-${randomBytes(5).toString('hex')}@family.e2e.example`,
    name: 'Morgan Bellweather',
    password: newPassword(),
  };
}

const linkPattern = /\/family\/(verify-email|reset-password)#token=[A-Za-z0-9_-]+/;

/**
 * emailedLink waits for the newest email to an address holding a family link to page and
 * returns the link's path (with its #token fragment).
 */
export async function emailedLink(mailbox: Mailbox, to: string, page: 'verify-email' | 'reset-password', since?: Date): Promise<string> {
  const mail = await mailbox.waitFor(to, {
    since,
    match: (m) => linkPattern.exec(m.text)?.[1] === page,
  });
  const match = linkPattern.exec(mail.text);
  if (!match) throw new Error(`no ${page} link in the email to ${to}`);
  return match[0];
}

/**
 * registerVerifiedGuardian makes a verified family account through the portal's own API (the
 * same requests the register page and the emailed link make), for tests about what comes after.
 */
export async function registerVerifiedGuardian(request: APIRequestContext, mailbox: Mailbox, baseURL: string): Promise<Guardian> {
  const g = newGuardianIdentity();
  const res = await request.post(`${baseURL}/api/v1/family/register`, {
    data: { email: g.email, name: g.name, password: g.password, confirmPassword: g.password, locale: 'en' },
  });
  expect(res.status(), `register ${g.email}: ${await res.text()}`).toBe(202);
  const link = await emailedLink(mailbox, g.email, 'verify-email');
  const token = link.split('#token=')[1];
  const verify = await request.post(`${baseURL}/api/v1/family/verify-email`, { data: { token } });
  expect(verify.status(), `verify ${g.email}: ${await verify.text()}`).toBe(204);
  return g;
}

/** familySignIn signs a guardian in from the family sign-in page and waits for the dashboard. */
export async function familySignIn(page: Page, g: Guardian): Promise<void> {
  await page.goto('/family');
  await expect(heading(page)).toHaveText('Sign in to the family portal');
  await page.getByLabel('Email', { exact: true }).fill(g.email);
  await page.getByLabel('Password', { exact: true }).fill(g.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(heading(page)).toHaveText('My children');
}

/** linkChild links a child from the dashboard with a student ID and a parent access code. */
export async function linkChild(page: Page, studentId: string, accessCode: string): Promise<void> {
  await page.getByRole('link', { name: 'Link a child' }).first().click();
  await expect(heading(page)).toHaveText('Link a child');
  await page.getByLabel('Student ID', { exact: true }).fill(studentId);
  await page.getByLabel('Parent access code', { exact: true }).fill(accessCode);
  await page.getByRole('button', { name: 'Link this child' }).click();
}
