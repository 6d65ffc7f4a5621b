import AxeBuilder from '@axe-core/playwright';
import {
  test as base,
  expect,
  type APIRequestContext,
  type BrowserContext,
  type Page,
  type TestInfo,
} from '@playwright/test';

export { expect };

/** MailMessage is one email as the mail catcher's JSON API returns it. */
export interface MailMessage {
  id: string;
  from: string;
  to: string[];
  subject: string;
  date: string;
  text: string;
  html: string;
  headers: Record<string, string[]>;
}

export interface WaitForMailOptions {
  /** Only a message whose subject matches. */
  subject?: string | RegExp;
  /** Only a message that passes this test. */
  match?: (message: MailMessage) => boolean;
  /** Only a message dated at or after this moment (e.g. when the test's action began). */
  since?: Date;
  timeoutMs?: number;
}

/** Mailbox reads what the portal sent, from the mail catcher started with it. */
export class Mailbox {
  constructor(
    private readonly request: APIRequestContext,
    private readonly mailURL: string,
  ) {}

  /** list returns the messages to an address, newest first. */
  async list(to: string, waitSeconds = 0): Promise<MailMessage[]> {
    const url = new URL('/api/messages', this.mailURL);
    url.searchParams.set('to', to);
    if (waitSeconds > 0) url.searchParams.set('wait', `${waitSeconds}s`);
    const res = await this.request.get(url.toString(), { timeout: (waitSeconds + 5) * 1000 });
    expect(res.status(), `mail catcher GET ${url}`).toBe(200);
    return (await res.json()) as MailMessage[];
  }

  /**
   * waitFor returns the newest message to an address that fits the options,
   * polling (with the catcher's long poll) until timeoutMs runs out.
   */
  async waitFor(to: string, options: WaitForMailOptions = {}): Promise<MailMessage> {
    const { subject, match, since, timeoutMs = 15_000 } = options;
    const fits = (m: MailMessage) =>
      (subject === undefined ||
        (typeof subject === 'string' ? m.subject.includes(subject) : subject.test(m.subject))) &&
      (since === undefined || new Date(m.date).getTime() >= since.getTime() - 1_000) &&
      (match === undefined || match(m));

    const deadline = Date.now() + timeoutMs;
    let seen: MailMessage[] = [];
    while (Date.now() < deadline) {
      const remaining = Math.max(1, Math.min(5, Math.floor((deadline - Date.now()) / 1000)));
      seen = await this.list(to, remaining);
      const found = seen.find(fits);
      if (found) return found;
      // The long poll answers at once when other mail to this address exists.
      await new Promise((r) => setTimeout(r, 250));
    }
    const subjects = seen.map((m) => `"${m.subject}"`).join(', ') || 'none';
    throw new Error(`no matching email to ${to} within ${timeoutMs} ms (messages seen: ${subjects})`);
  }
}

export interface AxeOptions {
  /** CSS selectors to leave out of the scan. */
  exclude?: string[];
  /** axe rule ids to skip, each with a reason in the test. */
  disableRules?: string[];
}

/** NewStudent shapes a student made through the portal's test API (PORTAL_TEST_API). */
export interface NewStudent {
  /** Grade 7 unless given. */
  grade?: number;
  /** A fresh strong password unless given. */
  password?: string;
  mustChangePassword?: boolean;
  /** Store the password as a sealed school default password instead of a hash. */
  defaultPassword?: boolean;
  locale?: 'en' | 'es';
  pin?: string;
  answers?: { questionId: string; answer: string }[];
  /** Make the student this many years old today (19: an adult). */
  age?: number;
  /** Also issue a parent access code for the student, valid for 60 days or expired. */
  accessCode?: 'valid' | 'expired';
  /** Names instead of the generated ones (which no test secret contains). */
  firstName?: string;
  lastName?: string;
  /** A school made by POST /api/test/schools; the first school unless given. */
  schoolId?: string;
}

/** TestStudent is a student the test API made, with the password to sign in. */
export interface TestStudent {
  id: string;
  username: string;
  email: string;
  studentNumber: string;
  firstName: string;
  lastName: string;
  grade: number;
  password: string;
  /** The parent access code, as printed on a family letter, when one was asked for. */
  accessCode?: string;
}

/** NewStaff shapes a staff member made through the test API; they enrol a second factor at first sign-in. */
export interface NewStaff {
  role: 'teacher' | 'school_admin' | 'district_admin';
  title?: string;
  password?: string;
  /** For a teacher: ids of students enrolled in a new official class of hers. */
  classStudents?: string[];
  /** A school made by POST /api/test/schools; the first school unless given. */
  schoolId?: string;
}

/** TestStaff is a staff member the test API made, in the first demo school (and its district). */
export interface TestStaff {
  id: string;
  email: string;
  password: string;
  role: string;
  firstName: string;
  lastName: string;
  classNumber?: string;
}

/** TestGuardian is a verified family account linked to the students asked for. */
export interface TestGuardian {
  id: string;
  email: string;
  name: string;
  password: string;
}

/** Portal holds the URLs of the portal under test and its mail catcher. */
export interface Portal {
  baseURL: string;
  mailURL: string | undefined;
}

interface Fixtures {
  portal: Portal;
  mailbox: Mailbox;
  /** axe scans the page as it is now and fails on serious or critical WCAG 2.x A/AA violations. */
  axe: (options?: AxeOptions) => Promise<void>;
  /** saveScreenshot saves a full-page screenshot into the test's artifacts and the report. */
  saveScreenshot: (name: string) => Promise<void>;
  /**
   * checkPage scans a page with axe (zero serious or critical violations) and saves
   * its screenshot: call it on every page a test visits. page defaults to the test's page.
   */
  checkPage: (name: string, page?: Page, options?: AxeOptions) => Promise<void>;
  /** createStudent makes a new student for this test through the test API. */
  createStudent: (options?: NewStudent) => Promise<TestStudent>;
  /** createStaff makes a new staff member for this test through the test API. */
  createStaff: (options: NewStaff) => Promise<TestStaff>;
  /** createGuardian makes a verified guardian linked to the students. */
  createGuardian: (students: string[], locale?: 'en' | 'es') => Promise<TestGuardian>;
  /**
   * openPage opens a page in a new browser context (another browser, with its own
   * cookies), watched like the test's page and closed after the test.
   */
  openPage: () => Promise<Page>;
  /** Fails the test on uncaught page errors and Content-Security-Policy violations. */
  pageHealth: void;
}

async function scan(page: Page, testInfo: TestInfo, options: AxeOptions): Promise<void> {
  // Only violations are reported in full: collecting every passing node roughly doubles a scan.
  let builder = new AxeBuilder({ page })
    .options({ resultTypes: ['violations'] })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']);
  for (const selector of options.exclude ?? []) builder = builder.exclude(selector);
  if (options.disableRules?.length) builder = builder.disableRules(options.disableRules);
  const results = await builder.analyze();
  await testInfo.attach(`axe ${page.url()}`, {
    body: JSON.stringify(results.violations, null, 2),
    contentType: 'application/json',
  });
  const blocking = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const summary = blocking
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`)
    .join('\n');
  expect(blocking, `axe found serious or critical violations on ${page.url()}:\n${summary}`).toEqual([]);
}

const problemsByTest = new WeakMap<TestInfo, string[]>();

function healthProblems(testInfo: TestInfo): string[] {
  let problems = problemsByTest.get(testInfo);
  if (!problems) {
    problems = [];
    problemsByTest.set(testInfo, problems);
  }
  return problems;
}

function watchHealth(page: Page, problems: string[]): void {
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) {
      problems.push(`CSP: ${message.text()}`);
    }
  });
}

// Screenshots are numbered across the whole test, whichever page they show.
const screenshotCounts = new WeakMap<TestInfo, number>();

async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const count = (screenshotCounts.get(testInfo) ?? 0) + 1;
  screenshotCounts.set(testInfo, count);
  const file = testInfo.outputPath(`${String(count).padStart(2, '0')}-${name.replace(/[^\w-]+/g, '-')}.png`);
  // The file stays in the test's folder under test-results; the attachment shows it in the report.
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
}

async function createThroughTestAPI<T>(request: APIRequestContext, url: string, data: object): Promise<T> {
  const res = await request.post(url, { data });
  expect(res.status(), `POST ${url}: ${await res.text()}`).toBe(201);
  return (await res.json()) as T;
}

export const test = base.extend<Fixtures>({
  portal: async ({}, use) => {
    const baseURL = process.env.E2E_BASE_URL;
    if (!baseURL) throw new Error('E2E_BASE_URL is not set: global setup did not start the portal');
    await use({ baseURL, mailURL: process.env.E2E_MAIL_URL });
  },

  // Global setup learns the URL after the config was read, so take it from the environment here.
  baseURL: async ({ portal }, use) => {
    await use(portal.baseURL);
  },

  mailbox: async ({ request, portal }, use) => {
    if (!portal.mailURL) throw new Error('E2E_MAIL_URL is not set: this portal has no mail catcher to read');
    await use(new Mailbox(request, portal.mailURL));
  },

  axe: async ({ page }, use, testInfo) => {
    await use((options = {}) => scan(page, testInfo, options));
  },

  saveScreenshot: async ({ page }, use, testInfo) => {
    await use((name) => screenshot(page, testInfo, name));
  },

  checkPage: async ({ page }, use, testInfo) => {
    await use(async (name, target = page, options = {}) => {
      await scan(target, testInfo, options);
      await screenshot(target, testInfo, name);
    });
  },

  createStudent: async ({ request, portal }, use) => {
    await use((options = {}) => createThroughTestAPI<TestStudent>(request, `${portal.baseURL}/api/test/students`, options));
  },

  createStaff: async ({ request, portal }, use) => {
    await use((options) => createThroughTestAPI<TestStaff>(request, `${portal.baseURL}/api/test/staff`, options));
  },

  createGuardian: async ({ request, portal }, use) => {
    await use((students, locale = 'en') =>
      createThroughTestAPI<TestGuardian>(request, `${portal.baseURL}/api/test/guardians`, { students, locale }),
    );
  },

  openPage: async ({ browser, portal }, use, testInfo) => {
    // Playwright gives these contexts the project's options (viewport, locale, time zone).
    const contexts: BrowserContext[] = [];
    await use(async () => {
      const context = await browser.newContext({ baseURL: portal.baseURL });
      contexts.push(context);
      const page = await context.newPage();
      watchHealth(page, healthProblems(testInfo));
      return page;
    });
    for (const context of contexts) await context.close();
  },

  pageHealth: [
    async ({ page }, use, testInfo) => {
      const problems = healthProblems(testInfo);
      watchHealth(page, problems);
      await use();
      expect(problems, 'the page reported errors').toEqual([]);
    },
    { auto: true },
  ],
});
