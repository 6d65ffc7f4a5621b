import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures.ts';
import { registerVerifiedGuardian } from '../family-flows.ts';
import { expectNoHorizontalScroll, heading } from '../flows.ts';

// The demo district global setup starts the portal with (PORTAL_DEMO fills the district settings).
const district = 'Riverside Unified School District';
const brandColor = 'rgb(15, 94, 75)'; // #0f5e4b

const words = {
  en: { help: 'Help', privacy: 'Privacy', accessibility: 'Accessibility', phone: 'Phone: (718) 555-0147' },
  es: { help: 'Ayuda', privacy: 'Privacidad', accessibility: 'Accesibilidad', phone: 'Teléfono: (718) 555-0147' },
} as const;
type Language = keyof typeof words;

const screens = {
  desktop: { viewport: { width: 1280, height: 800 } },
  phone: { viewport: { width: 375, height: 700 }, isMobile: true, hasTouch: true },
} as const;

/** expectBranded checks the header, the footer and the layout of the page now shown. */
async function expectBranded(page: Page, lang: Language, screen: keyof typeof screens): Promise<void> {
  const banner = page.getByRole('banner');
  await expect(banner.getByText(district, { exact: true })).toBeVisible();
  const logo = banner.locator('img[src="/district-logo.svg"]');
  await expect(logo).toBeVisible();
  expect(await logo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), 'the logo loaded').toBe(true);
  expect(await banner.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe(brandColor);

  const footer = page.getByRole('contentinfo');
  const w = words[lang];
  await expect(footer.getByRole('link', { name: w.help, exact: true })).toHaveAttribute('href', '/help');
  await expect(footer.getByRole('link', { name: w.privacy, exact: true })).toHaveAttribute('href', '/privacy');
  await expect(footer.getByRole('link', { name: w.accessibility, exact: true })).toHaveAttribute('href', '/accessibility');
  await expect(footer.getByRole('link', { name: w.phone })).toHaveAttribute('href', 'tel:7185550147');
  await expect(footer.getByRole('link', { name: 'passwordhelp@riverside.example' })).toBeVisible();

  const main = await page.locator('main').boundingBox();
  // The page's width without the scrollbar's room, which the layout keeps from the start.
  const width = await page.evaluate(() => document.body.clientWidth);
  expect(main).not.toBeNull();
  if (!main) return;
  if (screen === 'desktop') {
    // A centred card, wider than the old 576-pixel column, under a band of the district's colour.
    expect(Math.abs(main.x - (width - main.x - main.width)), 'the card is centred').toBeLessThanOrEqual(2);
    expect(main.width).toBeGreaterThan(700);
    expect(await page.locator('main').evaluate((el) => getComputedStyle(el).borderTopColor)).toBe(brandColor);
  } else {
    expect(main.width, 'on a phone the page fills the width').toBe(width);
    await expectNoHorizontalScroll(page);
  }
}

for (const [screen, options] of Object.entries(screens) as [keyof typeof screens, (typeof screens)[keyof typeof screens]][]) {
  test.describe(`on a ${screen}`, () => {
    test.use(options);

    for (const lang of ['en', 'es'] as const) {
      test(`${lang}: the district's name, logo and footer on the student and family pages`, async ({
        page,
        createStudent,
        request,
        mailbox,
        portal,
        checkPage,
      }) => {
        const student = await createStudent();
        const guardian = await registerVerifiedGuardian(request, mailbox, portal.baseURL);
        await page.addInitScript((l) => window.localStorage.setItem('portal.language', l), lang);
        const shot = (name: string) => checkPage(`${screen}-${lang}-${name}`);

        await test.step('student sign-in', async () => {
          await page.goto('/');
          await expect(heading(page)).toHaveText(/^(Sign in|Iniciar sesión)$/);
          await expectBranded(page, lang, screen);
          await shot('sign-in');
        });

        await test.step('family sign-in', async () => {
          await page.goto('/family');
          await expect(heading(page)).toHaveText(/family portal|portal para familias/i);
          await expectBranded(page, lang, screen);
          await shot('family-sign-in');
        });

        await test.step('account', async () => {
          // Through the API, in the page's own cookie jar: this test is about what every page shows.
          const res = await page.request.post('/api/v1/session', { data: { login: student.username, password: student.password } });
          expect(res.status(), await res.text()).toBe(200);
          await page.goto('/account');
          await expect(heading(page)).toHaveText(/^(My account|Mi cuenta)$/);
          await expectBranded(page, lang, screen);
          await shot('account');
        });

        await test.step('family dashboard', async () => {
          const res = await page.request.post('/api/v1/family/session', {
            data: { email: guardian.email, password: guardian.password },
          });
          expect(res.status(), await res.text()).toBe(200);
          await page.goto('/family/children');
          await expect(heading(page)).toHaveText(/^(My children|Mis hijos)$/);
          await expectBranded(page, lang, screen);
          await shot('dashboard');
        });

        await test.step('help, privacy and accessibility pages from the footer', async () => {
          const footer = page.getByRole('contentinfo');
          await footer.getByRole('link', { name: words[lang].help, exact: true }).click();
          await expect(heading(page)).toHaveText(lang === 'en' ? 'Help getting back in' : 'Ayuda para volver a entrar');
          await expect(page.getByRole('main').getByRole('heading', { level: 2 })).toHaveCount(5);
          const contact = page.getByRole('region', { name: lang === 'en' ? 'Contact the district' : 'Comuníquese con el distrito' });
          await expect(contact.getByText(district)).toBeVisible();
          await expect(contact.getByRole('link', { name: words[lang].phone })).toBeVisible();
          await expectBranded(page, lang, screen);
          await shot('help');

          await footer.getByRole('link', { name: words[lang].privacy, exact: true }).click();
          await expect(heading(page)).toHaveText(lang === 'en' ? 'Privacy notice' : 'Aviso de privacidad');
          await expect(page.getByText(/uses this portal only to help students/)).toBeVisible();
          await shot('privacy');

          await footer.getByRole('link', { name: words[lang].accessibility, exact: true }).click();
          await expect(heading(page)).toHaveText(lang === 'en' ? 'Accessibility statement' : 'Declaración de accesibilidad');
          await expect(page.getByText(/WCAG\) 2\.1 at level AA/)).toBeVisible();
          await shot('accessibility');
        });
      });
    }
  });
}

test('the help page lists the ways back in, each leading to its page', async ({ page, checkPage }) => {
  await page.goto('/help');
  await expect(heading(page)).toHaveText('Help getting back in');
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await expect(page).toHaveURL(/\/forgot/);
  await page.goBack();
  await page.getByRole('link', { name: 'Go to the family portal' }).click();
  await expect(page).toHaveURL(/\/family$/);
  await page.goBack();
  await page.getByRole('link', { name: 'Get a reset link by email' }).click();
  await expect(page).toHaveURL(/\/family\/forgot$/);
  await checkPage('family-forgot-from-help');
});

test('registration links the privacy notice, and the family emails come from the district', async ({
  page,
  request,
  mailbox,
  portal,
  checkPage,
}) => {
  await page.goto('/family/register');
  await page.getByRole('link', { name: 'privacy notice' }).click();
  await expect(heading(page)).toHaveText('Privacy notice');
  await checkPage('privacy-from-registration');

  const guardian = await registerVerifiedGuardian(request, mailbox, portal.baseURL);
  const mail = await mailbox.waitFor(guardian.email, { subject: 'Confirm your email' });
  expect(mail.from).toMatch(new RegExp(`^"?${district}"? <`));
  expect(mail.text.replace(/\r\n/g, '\n')).toContain(`Family portal\n${district}\nHelp: (718) 555-0147`);
});
