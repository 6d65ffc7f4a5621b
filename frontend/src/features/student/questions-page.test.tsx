import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { api, server } from '../../test/server.ts';
import { renderApp } from '../../test/render-app.tsx';
import { csrfToken, describers, refusal, signedIn } from './test-data.ts';

const catalogue = {
  en: [
    { id: 'first-pet', text: 'What was the name of your first pet?' },
    { id: 'birth-city', text: 'In what city were you born?' },
    { id: 'oldest-cousin', text: 'What is the first name of your oldest cousin?' },
    { id: 'grandparents-town', text: 'In what city or town do your grandparents live?' },
  ],
  es: [
    { id: 'first-pet', text: '¿Cómo se llamaba tu primera mascota?' },
    { id: 'birth-city', text: '¿En qué ciudad naciste?' },
    { id: 'oldest-cousin', text: '¿Cuál es el nombre de tu primo o prima mayor?' },
    { id: 'grandparents-town', text: '¿En qué ciudad o pueblo viven tus abuelos?' },
  ],
};

function withCatalogue() {
  const langs: (string | null)[] = [];
  server.use(
    http.get(api('/security-questions'), ({ request }) => {
      const lang = new URL(request.url).searchParams.get('lang');
      langs.push(lang);
      return HttpResponse.json({ questions: lang === 'es' ? catalogue.es : catalogue.en });
    }),
  );
  return langs;
}

function optionTexts(select: HTMLElement): string[] {
  return within(select)
    .getAllByRole('option')
    .map((o) => o.textContent ?? '');
}

type User = ReturnType<typeof userEvent.setup>;

async function fill(user: User) {
  await user.type(await screen.findByLabelText('Your current password'), 'Right-Passw0rd');
  await user.selectOptions(await screen.findByLabelText('Question 1'), 'first-pet');
  await user.type(screen.getByLabelText('Your answer to question 1'), 'Biscuit');
  await user.selectOptions(screen.getByLabelText('Question 2'), 'birth-city');
  await user.type(screen.getByLabelText('Your answer to question 2'), 'Santo Domingo');
  await user.selectOptions(screen.getByLabelText('Question 3'), 'oldest-cousin');
  await user.type(screen.getByLabelText('Your answer to question 3'), 'Yomaira');
}

describe('QuestionsPage', () => {
  it('has labelled fields and explains how answers are kept', async () => {
    signedIn();
    withCatalogue();
    renderApp('/account/questions');
    expect(await screen.findByRole('heading', { level: 1, name: 'Security questions' })).toBeInTheDocument();
    expect(await screen.findByLabelText('Question 1')).toBeInTheDocument();
    for (const n of [1, 2, 3]) {
      expect(screen.getByLabelText(`Question ${n}`).tagName).toBe('SELECT');
      expect(screen.getByLabelText(`Your answer to question ${n}`)).toHaveAttribute('autocomplete', 'off');
    }
    expect(screen.getByLabelText('Your current password')).toHaveAttribute('autocomplete', 'current-password');
    expect(screen.getByText(/Capital letters, spaces and punctuation do not matter/)).toBeInTheDocument();
    expect(screen.getByText(/Nobody can read your answers, not even your teachers/)).toBeInTheDocument();
    expect(screen.getByText(/Don't use your name, your username or your password/)).toBeInTheDocument();
    expect(screen.getByText(/about your family or when you were little, so a friend at school cannot guess/)).toBeInTheDocument();
  });

  it('never offers a question already picked in another list', async () => {
    signedIn();
    withCatalogue();
    const user = userEvent.setup();
    renderApp('/account/questions');
    const first = await screen.findByLabelText('Question 1');
    const second = screen.getByLabelText('Question 2');
    const third = screen.getByLabelText('Question 3');

    await user.selectOptions(first, 'first-pet');
    expect(optionTexts(second)).not.toContain('What was the name of your first pet?');
    expect(optionTexts(third)).not.toContain('What was the name of your first pet?');
    expect(optionTexts(first)).toContain('What was the name of your first pet?');

    await user.selectOptions(second, 'birth-city');
    expect(optionTexts(third)).toEqual(['Choose a question', 'What is the first name of your oldest cousin?', 'In what city or town do your grandparents live?']);
    expect(optionTexts(first)).not.toContain('In what city were you born?');

    // Changing a pick frees the old question for the other lists.
    await user.selectOptions(first, 'grandparents-town');
    expect(optionTexts(third)).toContain('What was the name of your first pet?');
    expect(optionTexts(third)).not.toContain('In what city or town do your grandparents live?');
  });

  it('loads the questions in the current language and again when it changes', async () => {
    signedIn();
    const langs = withCatalogue();
    const user = userEvent.setup();
    renderApp('/account/questions');
    await user.selectOptions(await screen.findByLabelText('Question 1'), 'first-pet');

    await user.click(screen.getByRole('button', { name: 'Español' }));
    const first = screen.getByLabelText('Pregunta 1');
    await waitFor(() => expect(optionTexts(first)).toContain('¿Cómo se llamaba tu primera mascota?'));
    expect(first).toHaveValue('first-pet');
    expect(langs).toEqual(['en', 'es']);
  });

  it('saves three answers with the CSRF token and confirms on the account page', async () => {
    signedIn();
    withCatalogue();
    let sent: { body: unknown; csrf: string | null } | undefined;
    server.use(
      http.put(api('/me/security-questions'), async ({ request }) => {
        sent = { body: await request.json(), csrf: request.headers.get('X-CSRF-Token') };
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const user = userEvent.setup();
    const { router } = renderApp('/account/questions');
    await fill(user);
    await user.click(screen.getByRole('button', { name: 'Save my questions' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'My account' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/account');
    expect(
      await screen.findByText('Your security questions are saved. We sent an email to your school address.'),
    ).toBeInTheDocument();
    expect(sent).toEqual({
      csrf: csrfToken,
      body: {
        currentPassword: 'Right-Passw0rd',
        answers: [
          { questionId: 'first-pet', answer: 'Biscuit' },
          { questionId: 'birth-city', answer: 'Santo Domingo' },
          { questionId: 'oldest-cousin', answer: 'Yomaira' },
        ],
      },
    });
  }, 15_000);

  it("puts each of the server's refusals next to its field", async () => {
    signedIn();
    withCatalogue();
    server.use(
      http.put(api('/me/security-questions'), () =>
        refusal('question_rules', [
          { rule: 'answer_personal', field: 'answers[1]' },
          { rule: 'question_unknown', field: 'questions[2]' },
        ]),
      ),
    );
    const user = userEvent.setup();
    renderApp('/account/questions');
    await fill(user);
    await user.click(screen.getByRole('button', { name: 'Save my questions' }));

    const answer2 = screen.getByLabelText('Your answer to question 2');
    await waitFor(() => expect(answer2).toHaveFocus());
    expect(describers(answer2).find((el) => el.getAttribute('role') === 'alert')).toHaveTextContent(
      "Don't use your username, your name or your password as an answer.",
    );
    const question3 = screen.getByLabelText('Question 3');
    expect(question3).toHaveAttribute('aria-invalid', 'true');
    expect(question3).toHaveAccessibleDescription('Pick a question from the list.');
    expect(screen.getByLabelText('Your answer to question 1')).not.toHaveAttribute('aria-invalid');
    expect(screen.getByLabelText('Question 1')).not.toHaveAttribute('aria-invalid');
  });

  it('asks for every question and answer before sending', async () => {
    signedIn();
    withCatalogue();
    const user = userEvent.setup();
    renderApp('/account/questions');
    await user.click(await screen.findByRole('button', { name: 'Save my questions' }));
    expect(screen.getByLabelText('Your current password')).toHaveFocus();
    expect(screen.getByLabelText('Question 1')).toHaveAccessibleDescription('Choose a question.');
    expect(screen.getByLabelText('Your answer to question 3')).toHaveAccessibleDescription(
      expect.stringContaining('Type an answer.'),
    );
  });

  it('says so when the questions cannot be loaded, and tries again', async () => {
    signedIn();
    let calls = 0;
    server.use(
      http.get(api('/security-questions'), () => {
        calls++;
        if (calls === 1) return HttpResponse.json({ code: 'internal_error', message: 'Oops.' }, { status: 500 });
        return HttpResponse.json({ questions: catalogue.en });
      }),
    );
    const user = userEvent.setup();
    renderApp('/account/questions');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('We could not load the questions.');
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByLabelText('Question 1')).toBeInTheDocument();
  });
});
