import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type APIRequestContext, type Page, type TestInfo } from '@playwright/test';

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
  /** Fails the test on uncaught page errors and Content-Security-Policy violations. */
  pageHealth: void;
}

async function scan(page: Page, testInfo: TestInfo, options: AxeOptions): Promise<void> {
  let builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']);
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
    let count = 0;
    await use(async (name) => {
      count += 1;
      const file = testInfo.outputPath(`${String(count).padStart(2, '0')}-${name.replace(/[^\w-]+/g, '-')}.png`);
      // The file stays in the test's folder under test-results; the attachment shows it in the report.
      await page.screenshot({ path: file, fullPage: true });
      await testInfo.attach(name, { path: file, contentType: 'image/png' });
    });
  },

  pageHealth: [
    async ({ page }, use) => {
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) {
          problems.push(`CSP: ${message.text()}`);
        }
      });
      await use();
      expect(problems, 'the page reported errors').toEqual([]);
    },
    { auto: true },
  ],
});
