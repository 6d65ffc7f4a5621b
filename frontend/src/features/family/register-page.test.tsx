import { screen, waitFor, within } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCommonList } from '../../lib/password-rules.ts';
import { renderApp } from '../../test/render-app.tsx';
import { answer, fill, refusal } from '../../test/answer.ts';
import { guardianSession, signedIn } from './family-test-api.ts';

const password = 'Sunny-Kite-42';

async function fillForm(user: UserEvent, { name = 'María López', email = 'maria.lopez@example.com', pw = password } = {}) {
  await screen.findByRole('heading', { level: 1, name: 'Create a family account' });
  await fill(user, 'Your name', name);
  await fill(user, 'Email', email);
  await fill(user, 'Password', pw);
  await fill(user, 'Type the password again', pw);
}

function checklistLine(text: string): HTMLElement {
  const line = screen.getAllByRole('listitem').find((li) => li.textContent?.includes(text));
  if (!line) throw new Error(`no checklist line ${text}`);
  return line;
}

describe('RegisterPage', { timeout: 30_000 }, () => {
  beforeAll(() => loadCommonList());

  it('signs the new parent in and shows the dashboard, where linking waits for the email', async () => {
    answer('post', '/family/register', [{ status: 202 }]);
    const signIn = answer('post', '/family/session', [{ status: 200, body: guardianSession({ emailVerified: false }) }]);
    signedIn({ session: guardianSession({ emailVerified: false }), children: [] });
    const user = userEvent.setup();
    const { router } = renderApp('/family/register');
    await fillForm(user);
    await user.click(screen.getByRole('button', { name: 'Create my account' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'My children' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/family/children');
    expect(signIn).toEqual([{ body: { email: 'maria.lopez@example.com', password }, query: '', csrf: null }]);
    expect(await screen.findByRole('region', { name: 'Confirm your email' })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Link a child' })).not.toBeInTheDocument();
  });

  it('creates an account and says to check the email, valid 48 hours', async () => {
    const sent = answer('post', '/family/register', [{ status: 202 }]);
    // An address that had an account: the password typed here does not sign in to it.
    answer('post', '/family/session', [refusal(401, 'invalid_credentials')]);
    const user = userEvent.setup();
    renderApp('/family/register');
    await fillForm(user);
    expect(screen.getByLabelText('Your name')).toHaveAccessibleDescription('How we greet you in our emails.');
    expect(screen.getByLabelText('Email')).toHaveAccessibleDescription(
      'We send a link to this address to check that it is yours.',
    );
    const languages = screen.getByRole('group', { name: 'Language of our emails' });
    expect(within(languages).getByRole('radio', { name: 'English' })).toBeChecked();
    await user.click(within(languages).getByRole('radio', { name: 'Español' }));
    await user.click(screen.getByRole('button', { name: 'Create my account' }));

    const title = await screen.findByRole('heading', { level: 1, name: 'Check your email' });
    await waitFor(() => expect(title).toHaveFocus());
    expect(screen.getByText('We sent an email to maria.lopez@example.com.')).toBeInTheDocument();
    expect(screen.getByText(/within 48 hours/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Sign in' })).toHaveAttribute('href', '/family');
    expect(sent).toEqual([
      {
        body: {
          name: 'María López',
          email: 'maria.lopez@example.com',
          password,
          confirmPassword: password,
          locale: 'es',
        },
        query: '',
        csrf: null,
      },
    ]);
  });

  it('chooses the page language for the emails until the guardian picks one', async () => {
    const sent = answer('post', '/family/register', [{ status: 202 }]);
    const user = userEvent.setup();
    renderApp('/family/register');
    await screen.findByRole('heading', { level: 1, name: 'Create a family account' });
    await user.click(screen.getByRole('button', { name: 'Español' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Crear una cuenta familiar' })).toBeInTheDocument();
    expect(screen.getByRole('radio', { name: 'Español' })).toBeChecked();
    await fill(user, 'Su nombre', 'María López');
    await fill(user, 'Correo electrónico', 'maria.lopez@example.com');
    await fill(user, 'Contraseña', password);
    await fill(user, 'Escriba la contraseña otra vez', password);
    await user.click(screen.getByRole('button', { name: 'Crear mi cuenta' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Revise su correo' })).toBeInTheDocument();
    expect((sent[0]?.body as { locale: string }).locale).toBe('es');
  });

  it('checks the password against the name and the email, live', async () => {
    const user = userEvent.setup();
    renderApp('/family/register');
    await fillForm(user, { pw: 'Maria.lopez2026' });
    expect(checklistLine("Doesn't have your name or the first part of your email in it")).toHaveAttribute('data-state', 'notMet');
    await fill(user, 'Password', 'Kite-López-42');
    expect(checklistLine("Doesn't have your name or the first part of your email in it")).toHaveAttribute('data-state', 'notMet');
    await fill(user, 'Password', password);
    expect(checklistLine("Doesn't have your name or the first part of your email in it")).toHaveAttribute('data-state', 'met');
  });

  it('explains what is missing before asking the server', async () => {
    const sent = answer('post', '/family/register', [{ status: 202 }]);
    const user = userEvent.setup();
    renderApp('/family/register');
    await user.click(await screen.findByRole('button', { name: 'Create my account' }));

    expect(screen.getByLabelText('Your name')).toHaveFocus();
    expect(screen.getByLabelText('Your name')).toHaveAccessibleDescription(expect.stringContaining('Type your name.'));
    expect(screen.getByLabelText('Email')).toHaveAccessibleDescription(expect.stringContaining('Type your email.'));
    expect(screen.getByLabelText('Password')).toHaveAccessibleDescription(
      expect.stringContaining('Type your new password here.'),
    );

    await fill(user, 'Your name', 'x'.repeat(101));
    await fill(user, 'Email', 'maria.lopez@');
    await user.click(screen.getByRole('button', { name: 'Create my account' }));
    expect(screen.getByLabelText('Your name')).toHaveAccessibleDescription(
      expect.stringContaining('Use 100 characters or fewer for your name.'),
    );
    expect(screen.getByLabelText('Email')).toHaveAccessibleDescription(
      expect.stringContaining('Type a whole email address, like maria@example.com.'),
    );
    expect(sent).toHaveLength(0);
  });

  it("shows the server's refusals next to their fields", async () => {
    answer('post', '/family/register', [
      refusal422([
        { rule: 'email_format', field: 'email' },
        { rule: 'name_required', field: 'name' },
        { rule: 'same_as_current', field: 'password' },
      ]),
    ]);
    const user = userEvent.setup();
    renderApp('/family/register');
    await fillForm(user, { name: 'Mo', email: 'mo@localhost.x' });
    await user.click(screen.getByRole('button', { name: 'Create my account' }));

    const email = screen.getByLabelText('Email');
    await waitFor(() => expect(email).toHaveAttribute('aria-invalid', 'true'));
    expect(email).toHaveAccessibleDescription(expect.stringContaining('Type a whole email address'));
    expect(screen.getByLabelText('Your name')).toHaveAccessibleDescription(expect.stringContaining('Type your name.'));
    expect(screen.getByLabelText('Password')).toHaveAccessibleDescription(
      expect.stringContaining('Pick a new password, not the one you use now.'),
    );
    expect(screen.getByLabelText('Your name')).toHaveFocus();
    expect(screen.getByRole('heading', { level: 1, name: 'Create a family account' })).toBeInTheDocument();
  });

  it('says what went wrong when the server gives no details', async () => {
    answer('post', '/family/register', [{ status: 400, body: { code: 'invalid_json', message: 'The request is malformed.' } }]);
    const user = userEvent.setup();
    renderApp('/family/register');
    await fillForm(user);
    await user.click(screen.getByRole('button', { name: 'Create my account' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The request is malformed.');
    await waitFor(() => expect(alert).toHaveFocus());
  });
});

function refusal422(details: { rule: string; field: string }[]) {
  return {
    status: 422,
    body: { code: 'invalid_input', message: 'Refused.', details: details.map((d) => ({ ...d, message: `Server: ${d.rule}` })) },
  };
}
