import { screen, waitFor } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../../test/render-app.tsx';
import { api, server } from '../../test/server.ts';
import { mockForgot, questions, verificationFailed } from './forgot-test-api.ts';

const newPassword = 'Sunny-Kite-42';

async function startAs(user: UserEvent, username: string) {
  await user.type(await screen.findByLabelText('Username or school email'), username);
  await user.click(screen.getByRole('button', { name: 'Next' }));
  return screen.findByRole('heading', { level: 1, name: 'How do you want to show it is you?' });
}

async function choosePassword(user: UserEvent) {
  expect(await screen.findByRole('heading', { level: 1, name: 'Choose a new password' })).toBeInTheDocument();
  await user.type(screen.getByLabelText('New password'), newPassword);
  await user.type(screen.getByLabelText('Type it again'), newPassword);
  await user.click(screen.getByRole('button', { name: 'Change my password' }));
}

// Whole flows through the real routes: slow on a busy 2-core machine.
describe('ForgotPage', { timeout: 30_000 }, () => {
  it('resets the password with the PIN, each step focusing its heading', async () => {
    const sent = mockForgot();
    const user = userEvent.setup();
    renderApp('/forgot');

    expect(await screen.findByRole('heading', { level: 1, name: 'Forgot your password?' })).toBeInTheDocument();
    expect(screen.getByText(/Younger students: ask a parent, guardian or your teacher/)).toBeInTheDocument();
    expect(screen.getByLabelText('Username or school email')).toHaveAccessibleDescription(
      'The one you sign in with. For example: johns1234 or johns1234@school.org',
    );
    expect(screen.getByRole('link', { name: 'Back to sign in' })).toHaveAttribute('href', '/');

    const how = await startAs(user, ' danielo4821 ');
    await waitFor(() => expect(how).toHaveFocus());
    expect(screen.getByText('Account: danielo4821')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Back to sign in' })).toBeInTheDocument();
    expect(sent.start).toEqual([{ lang: 'en', body: { username: 'danielo4821' } }]);

    await user.click(screen.getByRole('link', { name: 'Use my PIN' }));
    const pinTitle = await screen.findByRole('heading', { level: 1, name: 'Type your PIN' });
    await waitFor(() => expect(pinTitle).toHaveFocus());
    const pin = screen.getByLabelText('Recovery PIN');
    expect(pin).toHaveAttribute('inputmode', 'numeric');
    expect(pin).toHaveAttribute('autocomplete', 'off');
    expect(pin).toHaveAttribute('type', 'password');
    await user.type(pin, '418063');
    await user.click(screen.getByRole('button', { name: 'Check my PIN' }));

    await choosePassword(user);
    const done = await screen.findByRole('heading', { level: 1, name: 'Your password is changed' });
    await waitFor(() => expect(done).toHaveFocus());
    expect(screen.getByText('We sent an email to your school address.')).toBeInTheDocument();
    expect(screen.getByText('Any place you were signed in is now signed out.')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Sign in' })).toHaveAttribute('href', '/');

    expect(sent.verify).toEqual([{ flowToken: 'flow-1', method: 'pin', pin: '418063' }]);
    expect(sent.reset).toEqual([{ resetToken: 'reset-1', newPassword, confirmPassword: newPassword }]);
  });

  it('resets the password with the three answers', async () => {
    const sent = mockForgot();
    const user = userEvent.setup();
    renderApp('/forgot');

    await startAs(user, 'danielo4821');
    await user.click(screen.getByRole('link', { name: 'Answer my security questions' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Answer your security questions' })).toBeInTheDocument();
    expect(screen.getByText('Capital letters, spaces and punctuation do not matter.')).toBeInTheDocument();

    const answers = ['Biscuit', 'Houston', 'Jollof rice'];
    for (const [i, q] of questions.entries()) {
      const field = screen.getByLabelText(q.text);
      expect(field).toHaveAttribute('autocomplete', 'off');
      await user.type(field, answers[i] ?? '');
    }
    await user.click(screen.getByRole('button', { name: 'Check my answers' }));

    await choosePassword(user);
    expect(await screen.findByRole('heading', { level: 1, name: 'Your password is changed' })).toBeInTheDocument();
    expect(sent.verify).toEqual([
      {
        flowToken: 'flow-1',
        method: 'questions',
        answers: [
          { questionId: 'first_pet', answer: 'Biscuit' },
          { questionId: 'birth_city', answer: 'Houston' },
          { questionId: 'favourite_food', answer: 'Jollof rice' },
        ],
      },
    ]);
    expect(sent.reset).toEqual([{ resetToken: 'reset-1', newPassword, confirmPassword: newPassword }]);
  });

  it('walks an unknown username through the same screens and says the answers did not match', async () => {
    const sent = mockForgot({ verify: [verificationFailed] });
    const user = userEvent.setup();
    renderApp('/forgot');

    await startAs(user, 'nobody9999');
    // Both ways are offered to every username alike.
    expect(screen.getByRole('link', { name: 'Use my PIN' })).toBeInTheDocument();
    await user.click(screen.getByRole('link', { name: 'Answer my security questions' }));
    await screen.findByRole('heading', { level: 1, name: 'Answer your security questions' });
    for (const q of questions) await user.type(screen.getByLabelText(q.text), 'guess');
    await user.click(screen.getByRole('button', { name: 'Check my answers' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('That did not match. Check your answers and try again.');
    await waitFor(() => expect(alert).toHaveFocus());
    for (const q of questions) {
      const field = screen.getByLabelText(q.text);
      expect(field).toHaveAttribute('aria-invalid', 'true');
      expect(field.getAttribute('aria-describedby')?.split(' ')).toContain(alert.id);
    }
    expect(screen.getByRole('heading', { level: 1, name: 'Answer your security questions' })).toBeInTheDocument();

    // The student may try again at once; the server does the counting.
    await user.click(screen.getByRole('button', { name: 'Check my answers' }));
    await waitFor(() => expect(sent.verify).toHaveLength(2));
    expect(await screen.findByRole('alert')).toHaveTextContent('That did not match.');
  });

  it('marks a PIN that did not match', async () => {
    mockForgot({ verify: [verificationFailed] });
    const user = userEvent.setup();
    renderApp('/forgot');
    await startAs(user, 'danielo4821');
    await user.click(screen.getByRole('link', { name: 'Use my PIN' }));
    await user.type(await screen.findByLabelText('Recovery PIN'), '123987');
    await user.click(screen.getByRole('button', { name: 'Check my PIN' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('That did not match. Check your PIN and try again.');
    const pin = screen.getByLabelText('Recovery PIN');
    expect(pin).toHaveAttribute('aria-invalid', 'true');
    expect(pin.getAttribute('aria-describedby')?.split(' ')).toContain(alert.id);
  });

  it('starts with the school email too, sent as typed', async () => {
    const sent = mockForgot();
    const user = userEvent.setup();
    renderApp('/forgot');

    const how = await startAs(user, ' Daniel.Okafor@school.org ');
    await waitFor(() => expect(how).toHaveFocus());
    expect(screen.getByText('Account: Daniel.Okafor@school.org')).toBeInTheDocument();
    expect(sent.start).toEqual([{ lang: 'en', body: { username: 'Daniel.Okafor@school.org' } }]);
  });

  it('checks what every username needs before asking the server', async () => {
    const sent = mockForgot();
    const user = userEvent.setup();
    renderApp('/forgot');

    await user.click(await screen.findByRole('button', { name: 'Next' }));
    const username = screen.getByLabelText('Username or school email');
    expect(username).toHaveAccessibleDescription(expect.stringContaining('Type your username or school email.'));
    expect(username).toHaveFocus();
    expect(sent.start).toHaveLength(0);

    await startAs(user, 'johns1234');
    await user.click(screen.getByRole('link', { name: 'Use my PIN' }));
    const pin = await screen.findByLabelText('Recovery PIN');
    await user.click(screen.getByRole('button', { name: 'Check my PIN' }));
    expect(pin).toHaveAccessibleDescription(expect.stringContaining('Type your PIN.'));
    await user.type(pin, '12ab');
    await user.click(screen.getByRole('button', { name: 'Check my PIN' }));
    expect(pin).toHaveAccessibleDescription(expect.stringContaining('A PIN has 6 to 8 digits'));

    await user.click(screen.getByRole('link', { name: 'Choose another way' }));
    await user.click(await screen.findByRole('link', { name: 'Answer my security questions' }));
    await user.type(await screen.findByLabelText(questions[0]?.text ?? ''), 'Biscuit');
    await user.click(screen.getByRole('button', { name: 'Check my answers' }));
    expect(screen.getByLabelText(questions[1]?.text ?? '')).toHaveFocus();
    expect(screen.getAllByText('Type an answer.')).toHaveLength(2);
    expect(sent.verify).toHaveLength(0);
  });

  it('shows progress and sends a form only once', async () => {
    const sent = mockForgot({ latency: 200 });
    const user = userEvent.setup();
    renderApp('/forgot');
    await user.type(await screen.findByLabelText('Username or school email'), 'danielo4821');
    const next = screen.getByRole('button', { name: 'Next' });
    await user.click(next);
    expect(next).toHaveTextContent('Checking…');
    expect(next).toHaveAttribute('aria-disabled', 'true');
    await user.click(next);
    await user.keyboard('{Enter}');
    await screen.findByRole('heading', { level: 1, name: 'How do you want to show it is you?' });
    expect(sent.start).toHaveLength(1);

    await user.click(screen.getByRole('link', { name: 'Use my PIN' }));
    await user.type(await screen.findByLabelText('Recovery PIN'), '418063');
    const check = screen.getByRole('button', { name: 'Check my PIN' });
    await user.click(check);
    expect(check).toHaveTextContent('Checking…');
    await user.click(check);
    await screen.findByRole('heading', { level: 1, name: 'Choose a new password' });
    expect(sent.verify).toHaveLength(1);
  });

  it('keeps the flow in memory: Back walks the steps, a fresh visit starts over, nothing is stored', async () => {
    mockForgot();
    const user = userEvent.setup();
    const { router } = renderApp('/forgot');
    await startAs(user, 'danielo4821');
    await user.click(screen.getByRole('link', { name: 'Use my PIN' }));
    await screen.findByRole('heading', { level: 1, name: 'Type your PIN' });

    await router.navigate(-1);
    expect(await screen.findByRole('heading', { level: 1, name: 'How do you want to show it is you?' })).toBeInTheDocument();
    await router.navigate(-1);
    expect(await screen.findByLabelText('Username or school email')).toHaveValue('danielo4821');
    await router.navigate(1);
    await user.click(await screen.findByRole('link', { name: 'Use my PIN' }));
    await user.type(await screen.findByLabelText('Recovery PIN'), '418063');
    await user.click(screen.getByRole('button', { name: 'Check my PIN' }));
    await choosePassword(user);
    await screen.findByRole('heading', { level: 1, name: 'Your password is changed' });

    // The finished flow is gone: Back cannot reach its steps again.
    await router.navigate(-1);
    expect(await screen.findByRole('heading', { level: 1, name: 'Forgot your password?' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/forgot');
    for (const entry of [window.location.href, JSON.stringify({ ...window.localStorage }), JSON.stringify({ ...window.sessionStorage })]) {
      expect(entry).not.toMatch(/flow-1|reset-1/);
    }
  });

  it('sends a step opened without its flow back to the start', async () => {
    renderApp('/forgot/new-password');
    expect(await screen.findByRole('heading', { level: 1, name: 'Forgot your password?' })).toBeInTheDocument();
  });

  it('asks for the questions in the current language and follows a language switch', async () => {
    const sent = mockForgot();
    server.use(
      http.get(api('/security-questions'), ({ request }) =>
        HttpResponse.json({
          questions:
            new URL(request.url).searchParams.get('lang') === 'es'
              ? [
                  { id: 'first_pet', text: '¿Cómo se llamaba tu primera mascota?' },
                  { id: 'birth_city', text: '¿En qué ciudad naciste?' },
                  { id: 'favourite_food', text: '¿Cuál es tu comida favorita?' },
                ]
              : questions,
        }),
      ),
    );
    const user = userEvent.setup();
    renderApp('/forgot');
    await startAs(user, 'danielo4821');
    await user.click(screen.getByRole('link', { name: 'Answer my security questions' }));
    await screen.findByLabelText(questions[0]?.text ?? '');

    await user.click(screen.getByRole('button', { name: 'Español' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Responde tus preguntas de seguridad' })).toBeInTheDocument();
    expect(await screen.findByLabelText('¿En qué ciudad naciste?')).toBeInTheDocument();

    await user.click(screen.getByRole('link', { name: 'Volver a iniciar sesión' }));
    await user.click(await screen.findByRole('link', { name: '¿Olvidaste tu contraseña?' }));
    await user.type(await screen.findByLabelText('Usuario o correo escolar'), 'danielo4821');
    await user.click(screen.getByRole('button', { name: 'Siguiente' }));
    await screen.findByRole('heading', { level: 1, name: '¿Cómo quieres demostrar que eres tú?' });
    expect(screen.getByRole('link', { name: 'Usar mi PIN' })).toBeInTheDocument();
    expect(sent.start.map((s) => s.lang)).toEqual(['en', 'es']);
  });
});
