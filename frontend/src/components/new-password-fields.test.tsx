import { act, render, renderHook, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState, type ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { createI18n } from '../lib/i18n.ts';
import { loadCommonList, type PasswordContext } from '../lib/password-rules.ts';
import { NewPasswordFields, usePasswordVerdict, type NewPasswordFieldsProps } from './new-password-fields.tsx';

type Options = Partial<Pick<NewPasswordFieldsProps, 'serverErrors' | 'submitted' | 'labels' | 'context'>>;

function Harness(options: Options & { initialPassword?: string; initialConfirm?: string }) {
  const [password, setPassword] = useState(options.initialPassword ?? '');
  const [confirm, setConfirm] = useState(options.initialConfirm ?? '');
  return (
    <NewPasswordFields
      idPrefix="pw"
      password={password}
      onPasswordChange={setPassword}
      confirm={confirm}
      onConfirmChange={setConfirm}
      context={options.context ?? { username: 'johns1234', names: ['John', 'Smith'] }}
      serverErrors={options.serverErrors}
      submitted={options.submitted}
      labels={options.labels}
    />
  );
}

function setup(options: Options & { initialPassword?: string; initialConfirm?: string } = {}) {
  const i18n = createI18n();
  const user = userEvent.setup({ delay: null });
  const wrap = (o: typeof options) => (
    <I18nextProvider i18n={i18n}>
      <Harness {...o} />
    </I18nextProvider>
  );
  const result = render(wrap(options));
  return {
    ...result,
    i18n,
    user,
    rerenderWith: (o: typeof options) => result.rerender(wrap(o)),
    newField: () => screen.getByLabelText('New password'),
    confirmField: () => screen.getByLabelText('Type it again'),
  };
}

/** The checklist line whose visible text starts with label. */
function item(label: string): HTMLElement {
  const list = screen.getByRole('list');
  const li = within(list)
    .getAllByRole('listitem')
    .find((el) => el.textContent?.includes(label));
  if (!li) throw new Error(`no checklist line ${label}`);
  return li;
}

function state(label: string): string | null {
  return item(label).getAttribute('data-state');
}

// Typing in jsdom is slow on a busy 2-core machine: allow for it.
describe('NewPasswordFields', { timeout: 30_000 }, () => {
  // The list is a lazy chunk; password-checklist.test.tsx covers the line while it loads.
  beforeAll(() => loadCommonList());

  it('turns each rule green as the student types, in words as well as colour', async () => {
    const { user, newField } = setup();
    expect(newField()).toHaveAttribute('autocomplete', 'new-password');
    expect(newField()).toHaveAttribute('type', 'password');
    for (const label of ['A small letter, like a', 'A capital letter, like A', 'A number, like 7', 'At least 8 characters']) {
      expect(state(label)).toBe('notMet');
      expect(item(label)).toHaveTextContent(`${label}, not yet`);
    }

    await user.type(newField(), 'p');
    expect(state('A small letter, like a')).toBe('met');
    expect(item('A small letter, like a')).toHaveTextContent('A small letter, like a, done');
    expect(state('A capital letter, like A')).toBe('notMet');

    await user.type(newField(), 'urp7G');
    expect(state('A capital letter, like A')).toBe('met');
    expect(state('A number, like 7')).toBe('met');
    expect(state('At least 8 characters')).toBe('notMet');

    await user.type(newField(), 'iraffe');
    expect(state('At least 8 characters')).toBe('met');
    expect(state('No more than 128 characters')).toBe('met');
    expect(state("Doesn't have your name or username in it")).toBe('met');
    expect(state('Not a password lots of people use')).toBe('met');
    expect(screen.getByText('Your password follows every rule.')).toBeInTheDocument();
  });

  it('shows common passwords and names as not met', async () => {
    const { user, newField } = setup();
    await user.type(newField(), 'Password1');
    expect(state('Not a password lots of people use')).toBe('notMet');
    expect(state('A capital letter, like A')).toBe('met');

    await user.clear(newField());
    await user.type(newField(), 'Smith2015ok');
    expect(state("Doesn't have your name or username in it")).toBe('notMet');
    await user.clear(newField());
    await user.type(newField(), 'xJohnS1234x');
    expect(state("Doesn't have your name or username in it")).toBe('notMet');
  });

  it('ties the field to the checklist title and summary', async () => {
    const { user, newField } = setup();
    const describedBy = newField().getAttribute('aria-describedby')?.split(' ') ?? [];
    expect(describedBy).toEqual(['pw-rules-title', 'pw-rules-summary']);
    expect(newField()).toHaveAccessibleDescription('Your new password needs: 0 of 7 done');
    await user.type(newField(), 'Ab7');
    // Also met once something is typed: no more than 128 characters, not common, no name in it.
    expect(newField()).toHaveAccessibleDescription('Your new password needs: 6 of 7 done');
  });

  it('announces the summary only once typing pauses', async () => {
    const { user, newField } = setup();
    const region = document.querySelector('.password-checklist [role="status"]');
    expect(region).toHaveTextContent('');
    await user.type(newField(), 'Ab7');
    expect(region).toHaveTextContent('');
    await waitFor(() => expect(region).toHaveTextContent('6 of 7 done'), { timeout: 5000 });
  });

  it('says when the two passwords match', async () => {
    const { user, newField, confirmField } = setup();
    await user.type(newField(), 'Purple7Giraffe');
    await user.type(confirmField(), 'Purple7');
    // Still typing the same password: no complaint yet.
    expect(screen.queryByText('The two passwords are not the same yet.')).not.toBeInTheDocument();
    await user.type(confirmField(), 'X');
    expect(screen.getByText('The two passwords are not the same yet.')).toBeInTheDocument();
    expect(confirmField()).toHaveAccessibleDescription('The two passwords are not the same yet.');

    await user.clear(confirmField());
    await user.type(confirmField(), 'Purple7Giraffe');
    expect(screen.getByText('The two passwords match.')).toBeInTheDocument();
    expect(confirmField()).toHaveAccessibleDescription('The two passwords match.');
  });

  it('after a submit, shows empty fields and unmet rules as errors', async () => {
    const { user, newField, confirmField, rerenderWith } = setup({ submitted: true });
    expect(newField()).toHaveAccessibleDescription(expect.stringContaining('Type your new password here.'));
    expect(newField()).toHaveAttribute('aria-invalid', 'true');
    expect(confirmField()).toHaveAccessibleDescription('Type your new password again.');

    await user.type(newField(), 'purple');
    expect(newField()).toHaveAccessibleDescription(
      expect.stringContaining('Use at least 8 characters. Add a capital letter, like A. Add a number, like 7.'),
    );
    expect(state('A capital letter, like A')).toBe('missing');
    expect(item('A capital letter, like A')).toHaveTextContent('A capital letter, like A, still needed');
    expect(state('A small letter, like a')).toBe('met');

    await user.type(confirmField(), 'purplX');
    expect(confirmField()).toHaveAccessibleDescription(
      'The two passwords are not the same. Type the same password in both boxes.',
    );
    rerenderWith({ submitted: false });
    expect(newField()).not.toHaveAttribute('aria-invalid');
  });

  it('shows server refusals next to the field they name, in our words', async () => {
    const { user, newField, confirmField } = setup({
      initialPassword: 'Purple7Giraffe',
      initialConfirm: 'Purple7Giraffe',
      serverErrors: [
        { rule: 'same_as_current', field: 'newPassword', message: 'Pick a new password, not the one you use now.' },
        { rule: 'brand_new_rule', field: 'newPassword', message: 'The server explains this one.' },
        { rule: 'confirm_mismatch', field: 'confirmPassword', message: 'Not the same.' },
        { rule: 'current_password', field: 'currentPassword', message: 'Wrong current password.' },
      ],
    });
    const newError = screen.getByText('Pick a new password, not the one you use now. The server explains this one.');
    expect(newError).toHaveAttribute('id', 'pw-new-error');
    expect(newField()).toHaveAttribute('aria-invalid', 'true');
    expect(newField().getAttribute('aria-describedby')?.split(' ')[0]).toBe('pw-new-error');
    expect(confirmField()).toHaveAccessibleDescription(
      expect.stringContaining('The two passwords are not the same. Type the same password in both boxes.'),
    );
    // Another field's refusal is for the page to show.
    expect(screen.queryByText('Wrong current password.')).not.toBeInTheDocument();
    expect(screen.queryByText('That is not your current password. Check it and try again.')).not.toBeInTheDocument();

    // Editing the password makes its refusals (and the confirmation's) old news.
    await user.type(newField(), '!');
    expect(screen.queryByText(/Pick a new password/)).not.toBeInTheDocument();
    expect(screen.queryByText(/Type the same password in both boxes/)).not.toBeInTheDocument();
  });

  it('puts field-less password refusals at the new password and marks them in the checklist', async () => {
    setup({
      initialPassword: 'Rosa2015ok',
      context: {},
      serverErrors: [{ rule: 'contains_name', message: "Don't put your name in your password." }],
    });
    expect(screen.getByLabelText('New password')).toHaveAccessibleDescription(
      expect.stringContaining("Don't put your name in your password."),
    );
    expect(state("Doesn't have your name or username in it")).toBe('notMet');
  });

  it('accepts a pasted password', async () => {
    const { user, newField, confirmField } = setup();
    await user.click(newField());
    await user.paste('Purple7Giraffe');
    expect(newField()).toHaveValue('Purple7Giraffe');
    expect(state('At least 8 characters')).toBe('met');
    await user.click(confirmField());
    await user.paste('Purple7Giraffe');
    expect(screen.getByText('The two passwords match.')).toBeInTheDocument();
  });

  it('gives each field its own show/hide toggle', async () => {
    const { user, newField, confirmField } = setup();
    // Each toggle's name says which field it shows.
    const showNew = screen.getByRole('button', { name: 'Show password: New password' });
    const showConfirm = screen.getByRole('button', { name: 'Show password: Type it again' });
    expect(showNew).toHaveAttribute('aria-controls', 'pw-new');
    expect(showConfirm).toHaveAttribute('aria-controls', 'pw-confirm');
    await user.click(showNew);
    expect(newField()).toHaveAttribute('type', 'text');
    expect(confirmField()).toHaveAttribute('type', 'password');
    await user.click(showConfirm);
    expect(confirmField()).toHaveAttribute('type', 'text');
  });

  it('takes other labels', () => {
    setup({ labels: { password: 'Choose a password', confirm: 'Confirm it' } });
    expect(screen.getByLabelText('Choose a password')).toHaveAttribute('id', 'pw-new');
    expect(screen.getByLabelText('Confirm it')).toHaveAttribute('id', 'pw-confirm');
  });

  it('speaks Spanish', async () => {
    const { i18n, user } = setup({ submitted: true });
    await act(() => i18n.changeLanguage('es'));
    expect(screen.getByLabelText('Contraseña nueva')).toHaveAccessibleDescription(
      expect.stringContaining('Escribe aquí tu contraseña nueva.'),
    );
    expect(screen.getByText('Una letra mayúscula, como A')).toBeInTheDocument();
    await user.type(screen.getByLabelText('Contraseña nueva'), 'abc');
    expect(screen.getByLabelText('Contraseña nueva')).toHaveAccessibleDescription(
      expect.stringContaining('Agrega una letra mayúscula, como A.'),
    );
    expect(screen.getByLabelText('Escríbela otra vez')).toBeInTheDocument();
  });
});

describe('usePasswordVerdict', { timeout: 30_000 }, () => {
  function wrapper({ children }: { children: ReactNode }) {
    return <I18nextProvider i18n={createI18n()}>{children}</I18nextProvider>;
  }

  it('is ok when every rule passes and the confirmation matches', async () => {
    const context: PasswordContext = { username: 'johns1234', names: ['John'] };
    const { result, rerender } = renderHook(
      ({ password, confirm }: { password: string; confirm: string }) => usePasswordVerdict(password, confirm, context),
      { wrapper, initialProps: { password: 'zqxwvk', confirm: '' } },
    );
    expect(result.current.ok).toBe(false);
    expect(result.current.failed).toEqual(['min_length', 'uppercase', 'digit']);
    expect(result.current.confirmMatches).toBe(false);

    rerender({ password: 'Purple7Giraffe', confirm: 'Purple7Giraffe' });
    await waitFor(() => expect(result.current.commonReady).toBe(true));
    expect(result.current).toEqual({ ok: true, failed: [], confirmMatches: true, commonReady: true });

    rerender({ password: 'Password1', confirm: 'Password1' });
    expect(result.current.failed).toEqual(['common']);

    rerender({ password: 'xJohnS1234x', confirm: 'Purple' });
    expect(result.current.failed).toEqual(['contains_username', 'contains_name']);
    expect(result.current.confirmMatches).toBe(false);
    expect(result.current.ok).toBe(false);
  });
});
