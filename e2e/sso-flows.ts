import { expect, type APIRequestContext, type Page } from '@playwright/test';

/*
 * The test OpenID provider (bin/testop, zitadel's example OP) that global setup starts before
 * the portal: its address, the password of the people the specs add, and its login page.
 */

export const opURL = process.env.E2E_OP_URL;
export const providerPassword = 'provider-Passw0rd';

/** addProviderUser lets email sign in at the test provider, with providerPassword. */
export async function addProviderUser(request: APIRequestContext, email: string, firstName = 'Avery', lastName = 'Staffer') {
  const res = await request.post(`${opURL}/test/users`, {
    data: { username: email, password: providerPassword, email, emailVerified: true, firstName, lastName },
  });
  expect(res.status(), 'POST /test/users at the test provider').toBe(201);
}

/** providerLogin types the provider's username and password on its own login page. */
export async function providerLogin(page: Page, email: string) {
  await expect(page).toHaveURL(new RegExp(`^${opURL}/login/username`));
  await page.getByLabel('Username:').fill(email);
  await page.getByLabel('Password:').fill(providerPassword);
  await page.getByRole('button', { name: 'Login' }).click();
}
