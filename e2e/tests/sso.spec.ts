import { expect, test } from '../fixtures.ts';
import { heading } from '../flows.ts';
import { addProviderUser, opURL, providerLogin } from '../sso-flows.ts';

/*
 * Staff single sign-on: the portal sends a teacher to the district's identity provider
 * (bin/testop, zitadel's example OpenID provider, started by global-setup.ts) and takes her
 * back into the staff area; a person the provider knows but the portal does not gets the
 * sign-in page with a clear reason and no session.
 */

test.skip(!opURL, 'the test provider runs only with the portal global-setup starts');

test('a teacher signs in with the district’s provider and lands in the staff area', async ({ page, request, createStaff, checkPage }) => {
  const teacher = await createStaff({ role: 'teacher' });
  await addProviderUser(request, teacher.email);

  await test.step('the sign-in page offers the provider', async () => {
    await page.goto('/staff');
    await expect(heading(page)).toHaveText('Staff sign-in');
    await checkPage('staff-sign-in-sso');
  });

  await test.step('the provider signs her in; the portal takes her to By Student', async () => {
    await page.getByRole('link', { name: 'Use Test District Sign-In' }).click();
    await providerLogin(page, teacher.email);
    await expect(page.getByRole('navigation', { name: 'Staff area' })).toContainText('By Student');
    await expect(page.getByText(`${teacher.firstName} ${teacher.lastName}`)).toBeVisible();
    await checkPage('staff-by-student-sso');
  });

  await test.step('the session is the portal’s, with her role', async () => {
    const session = await page.request.get('/api/v1/staff/session');
    expect(session.status()).toBe(200);
    const body = (await session.json()) as { staff: { id: string; role: string } };
    expect(body.staff).toMatchObject({ id: teacher.id, role: 'teacher' });
  });
});

test('someone the provider knows but the portal does not gets a clear page and no session', async ({ page, request, checkPage }) => {
  const stranger = `stranger${Date.now()}@staff.e2e.example`;
  await addProviderUser(request, stranger);
  await page.goto('/staff');
  await page.getByRole('link', { name: 'Use Test District Sign-In' }).click();
  await providerLogin(page, stranger);
  await expect(page).toHaveURL(/\/staff\/sign-in\?sso_error=sso_unknown_staff$/);
  await expect(page.getByRole('alert')).toHaveText(
    'Your work account has no staff access to this portal. Ask your school or district office to add you.',
  );
  await expect(heading(page)).toHaveText('Staff sign-in');
  await checkPage('staff-sign-in-sso-unknown');
  expect((await page.request.get('/api/v1/staff/session')).status()).toBe(204);
});
