import { expect, test } from '../fixtures.ts';
import { heading } from '../flows.ts';
import { addProviderUser, opURL, providerLogin } from '../sso-flows.ts';

/*
 * Renewing the second factor through the district's identity provider (bin/testop): a district
 * admin signed in with the provider is asked to confirm it is her again before a district
 * action, confirms with the provider, and comes back to the same page in the same session with
 * the second factor proven now. In Chromium the session's SameSite=Strict cookie does not come
 * along on the provider's redirect to the callback, so this is the check that the portal
 * renews the session without it.
 */

const label = 'Test District Sign-In';

async function session(page: import('@playwright/test').Page) {
  const res = await page.request.get('/api/v1/staff/session');
  expect(res.status()).toBe(200);
  return (await res.json()) as { csrfToken: string; secondFactorAt: string; staff: { id: string } };
}

test.skip(!opURL, 'the test provider runs only with the portal global-setup starts');

test('a district admin confirms it is her again with the provider and comes back to her page', async ({
  page,
  request,
  createStaff,
  checkPage,
}) => {
  const admin = await createStaff({ role: 'district_admin' });
  await addProviderUser(request, admin.email, 'Dana', 'Admin');
  await page.goto('/staff');
  await page.getByRole('link', { name: `Use ${label}` }).click();
  await providerLogin(page, admin.email);
  await expect(page.getByRole('navigation', { name: 'Staff area' })).toBeVisible();
  const before = await session(page);

  await test.step('a district action asks for a recent confirmation', async () => {
    await page.goto('/staff/district/setup');
    await expect(heading(page)).toHaveText('District setup');
    // The server would ask only after 5 minutes; the test answers for it.
    await page.route('**/api/v1/staff/district/roster/dry-run', (route) =>
      route.fulfill({
        status: 403,
        json: { code: 'second_factor_stale', message: 'Confirm it is you again first.' },
      }),
    );
    await page.getByLabel('OneRoster file (.zip)').setInputFiles({
      name: 'roster.zip',
      mimeType: 'application/zip',
      buffer: Buffer.from([0x50, 0x4b, 0x03, 0x04]),
    });
    await page.getByRole('button', { name: 'Check the file' }).click();
    await expect(page.getByRole('link', { name: `Confirm with ${label}` })).toBeVisible();
    await checkPage('staff-setup-renew-sso');
  });

  await test.step('the provider asks again; the portal renews the same session and comes back', async () => {
    // Second-resolution times: the renewal must be visibly later than the sign-in.
    await page.waitForTimeout(1100);
    await page.getByRole('link', { name: `Confirm with ${label}` }).click();
    await providerLogin(page, admin.email);
    await expect(page).toHaveURL(/\/staff\/district\/setup\?sso=renewed$/);
    await expect(page.getByRole('status').filter({ hasText: `Confirmed with ${label}.` })).toBeVisible();
    await checkPage('staff-setup-renewed-sso');
    const after = await session(page);
    expect(after.staff.id).toBe(admin.id);
    expect(after.csrfToken, 'the same session').toBe(before.csrfToken);
    expect(Date.parse(after.secondFactorAt)).toBeGreaterThan(Date.parse(before.secondFactorAt));
  });
});
