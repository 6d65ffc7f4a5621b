import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures.ts';
import {
  answerQuestions,
  chooseNewPassword,
  expectChecklist,
  expectNoHorizontalScroll,
  heading,
  newPassword,
  newPasswordFields,
  openQuestions,
  serverVerdict,
  signIn,
  signOut,
  startForgot,
  switchLanguage,
  verifyWithPin,
} from '../flows.ts';

/*
 * The rules of issue 9: a name is found in a password without its accents, forgot password
 * starts with the school email too, and the security questions are ones a classmate cannot
 * guess (the retired ones still work for students who chose them).
 */

/**
 * optionTexts returns the choices of a question list, without the placeholder, once the
 * catalogue (which arrives after the heading) has filled it: ten questions at least.
 */
async function optionTexts(page: Page, label: string): Promise<string[]> {
  const options = page.getByLabel(label, { exact: true }).locator('option');
  await expect(options.nth(10)).toBeAttached();
  const texts = await options.allTextContents();
  return texts.slice(1);
}

test('"Sofia2024Rocks" is refused for Sofía Ramírez by the checklist and by the server', async ({
  page,
  createStudent,
  checkPage,
}) => {
  const student = await createStudent({ firstName: 'Sofía', lastName: 'Ramírez' });
  const fields = newPasswordFields(page);

  await test.step('open the change-password page', async () => {
    await signIn(page, student.username, student.password);
    await expect(page.getByText('Sofía', { exact: false }).first()).toBeVisible();
    await page.getByRole('link', { name: 'Change my password' }).click();
    await expect(heading(page)).toHaveText('Change your password');
  });

  for (const candidate of ['Sofia2024Rocks', 'SOFIA-likes-7', 'Team-RAMIREZ-9']) {
    await test.step(`"${candidate}" fails only the name line, and the server agrees`, async () => {
      await fields.password.fill(candidate);
      await expectChecklist(fields.checklist, ['personal']);
      expect(await serverVerdict(page, student.password, candidate)).toContain('contains_name');
    });
  }
  await fields.password.fill('Sofia2024Rocks');
  await checkPage('name-rule-sofia');

  await test.step('letters of her name elsewhere are fine', async () => {
    await fields.password.fill('Sofa2024Rocks-q');
    await expectChecklist(fields.checklist, []);
  });

  await test.step('the same refusal in Spanish', async () => {
    await switchLanguage(page, 'Español');
    await expect(page.locator('html')).toHaveAttribute('lang', 'es');
    await page.getByLabel('Contraseña nueva', { exact: true }).fill('Sofia2024Rocks');
    // Every line but the name is met.
    await expect(page.getByText('6 de 7 listas')).toBeVisible();
    await checkPage('name-rule-sofia-es');
  });
});

test('forgot password with the school email, end to end', async ({ page, createStudent, checkPage }) => {
  const pin = '472958';
  const student = await createStudent({ pin });
  const chosen = newPassword();

  await test.step('the first step asks for the username or school email', async () => {
    await page.goto('/forgot');
    await expect(page.getByLabel('Username or school email')).toBeVisible();
    await checkPage('forgot-email-start');
    await startForgot(page, ` ${student.email.toUpperCase()} `);
    await expect(page.getByText(`Account: ${student.email.toUpperCase()}`)).toBeVisible();
    await checkPage('forgot-email-choose');
  });

  await test.step('the PIN proves it, and a new password is chosen', async () => {
    await verifyWithPin(page, pin);
    await chooseNewPassword(page, chosen);
    await expect(heading(page)).toHaveText('Your password is changed');
    await checkPage('forgot-email-done');
  });

  await test.step('the new password signs in', async () => {
    await signIn(page, student.email, chosen);
    await expect(heading(page)).toHaveText('My account');
  });

  await test.step('in Spanish, the first step asks the same', async () => {
    await signOut(page);
    await page.goto('/forgot');
    await switchLanguage(page, 'Español');
    await expect(page.getByLabel('Usuario o correo escolar')).toBeVisible();
    await checkPage('forgot-email-start-es');
  });
});

test('security questions are about family and early childhood, in English and Spanish', async ({
  page,
  createStudent,
  checkPage,
}) => {
  const student = await createStudent();

  await test.step('English: personal history, no favourites', async () => {
    await signIn(page, student.username, student.password);
    await page.getByRole('link', { name: 'Choose security questions' }).click();
    await expect(heading(page)).toHaveText('Security questions');
    const texts = await optionTexts(page, 'Question 1');
    expect(texts.length).toBeGreaterThanOrEqual(10);
    expect(texts).toContain('What was the first name of your first babysitter?');
    expect(texts).toContain('What is the first name of your oldest cousin?');
    for (const text of texts) expect(text).not.toMatch(/favorite|like most|nickname/i);
    await expect(page.getByText(/so a friend at school cannot guess the answer/)).toBeVisible();
    await checkPage('questions-en');
  });

  await test.step('Spanish: the same questions', async () => {
    await switchLanguage(page, 'Español');
    await expect(heading(page)).toHaveText('Preguntas de seguridad');
    const texts = await optionTexts(page, 'Pregunta 1');
    expect(texts.length).toBeGreaterThanOrEqual(10);
    expect(texts).toContain('¿Cómo se llamaba tu primera niñera o tu primer niñero?');
    for (const text of texts) expect(text).not.toMatch(/favorit|más te gusta|apodo/i);
    await checkPage('questions-es');
  });

  await test.step('Spanish on a phone', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await expectNoHorizontalScroll(page);
    await checkPage('questions-es-phone');
  });
});

test('a student who chose retired questions still gets back in with them', async ({
  page,
  createStudent,
  checkPage,
}) => {
  const answers = new Map([
    ['What food do you like most?', 'Arroz con pollo'],
    ['What is your favorite movie?', 'Coco'],
    ['What was the name of your first pet?', 'Captain Whiskers'],
  ]);
  const student = await createStudent({
    answers: [
      { questionId: 'favorite-food', answer: 'Arroz con pollo' },
      { questionId: 'favorite-movie', answer: 'Coco' },
      { questionId: 'first-pet', answer: 'Captain Whiskers' },
    ],
  });

  await startForgot(page, student.email);
  await openQuestions(page);
  for (const text of answers.keys()) await expect(page.getByLabel(text, { exact: true })).toBeVisible();
  await checkPage('forgot-retired-questions');
  await answerQuestions(page, (text) => answers.get(text) ?? 'none');
  await expect(heading(page)).toHaveText('Choose a new password');
});
