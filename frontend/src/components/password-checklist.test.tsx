import { act, render, screen, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createI18n } from '../lib/i18n.ts';
import type { PasswordRule } from '../lib/password-rules.ts';
import { announceDelayMs, PasswordChecklist, type PasswordChecklistProps } from './password-checklist.tsx';

function setup(props: Partial<PasswordChecklistProps> = {}) {
  const i18n = createI18n();
  const all: PasswordChecklistProps = { id: 'rules', password: '', failed: [], commonReady: true, ...props };
  const view = (p: PasswordChecklistProps) => (
    <I18nextProvider i18n={i18n}>
      <PasswordChecklist {...p} />
    </I18nextProvider>
  );
  const result = render(view(all));
  return { ...result, i18n, update: (p: Partial<PasswordChecklistProps>) => result.rerender(view({ ...all, ...p })) };
}

function lines() {
  return within(screen.getByRole('list'))
    .getAllByRole('listitem')
    .map((li) => [li.textContent, li.getAttribute('data-state')]);
}

const allRules: PasswordRule[] = ['min_length', 'lowercase', 'uppercase', 'digit'];

describe('PasswordChecklist', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('lists every rule, not yet met, before anything is typed', () => {
    setup({ failed: allRules });
    expect(lines()).toEqual([
      ['○A small letter, like a, not yet', 'notMet'],
      ['○A capital letter, like A, not yet', 'notMet'],
      ['○A number, like 7, not yet', 'notMet'],
      ['○At least 8 characters, not yet', 'notMet'],
      ['○No more than 128 characters, not yet', 'notMet'],
      ['○Not a password lots of people use, not yet', 'notMet'],
      ["○Doesn't have your name or username in it, not yet", 'notMet'],
    ]);
    expect(screen.getByText('0 of 7 done')).toHaveAttribute('id', 'rules-summary');
    expect(screen.getByText('Your new password needs:')).toHaveAttribute('id', 'rules-title');
  });

  it('shows the common line as being checked until the list has loaded', () => {
    const { update } = setup({ password: 'Purple7Giraffe', commonReady: false });
    expect(lines()[5]).toEqual(['…Not a password lots of people use, checking', 'checking']);
    expect(screen.getByText('6 of 7 done')).toBeInTheDocument();
    update({ commonReady: true });
    expect(lines()[5]).toEqual(['✓Not a password lots of people use, done', 'met']);
    expect(screen.getByText('Your password follows every rule.')).toBeInTheDocument();
  });

  it('one line covers both the username and the name', () => {
    const { update } = setup({ password: 'xJohnS1234x', failed: ['contains_username'] });
    expect(lines()[6]?.[1]).toBe('notMet');
    update({ failed: ['contains_name'] });
    expect(lines()[6]?.[1]).toBe('notMet');
    update({ failed: [] });
    expect(lines()[6]?.[1]).toBe('met');
  });

  it('marks unmet lines as still needed after a submit', () => {
    setup({ password: 'abc', failed: ['min_length', 'uppercase', 'digit'], submitted: true });
    expect(lines().filter(([, state]) => state === 'missing').map(([text]) => text)).toEqual([
      '✗A capital letter, like A, still needed',
      '✗A number, like 7, still needed',
      '✗At least 8 characters, still needed',
    ]);
  });

  it('announces a summary only after typing pauses', () => {
    vi.useFakeTimers();
    const { update } = setup({ failed: allRules });
    const region = screen.getByRole('status');
    expect(region).toHaveTextContent('');
    update({ password: 'a', failed: ['min_length', 'uppercase', 'digit'] });
    act(() => vi.advanceTimersByTime(announceDelayMs - 100));
    update({ password: 'aB', failed: ['min_length', 'digit'] });
    act(() => vi.advanceTimersByTime(announceDelayMs - 100));
    expect(region).toHaveTextContent('');
    act(() => vi.advanceTimersByTime(200));
    expect(region).toHaveTextContent('5 of 7 done');
  });

  it('speaks Spanish', async () => {
    const { i18n } = setup({ password: 'abc', failed: ['min_length', 'uppercase', 'digit'], commonReady: false });
    await act(() => i18n.changeLanguage('es'));
    expect(screen.getByText('Tu contraseña nueva necesita:')).toBeInTheDocument();
    expect(lines().map(([text]) => text)).toEqual([
      '✓Una letra minúscula, como a, listo',
      '○Una letra mayúscula, como A, todavía no',
      '○Un número, como 7, todavía no',
      '○Al menos 8 caracteres, todavía no',
      '✓No más de 128 caracteres, listo',
      '…Que no sea una contraseña que usa mucha gente, comprobando',
      '✓Que no tenga tu nombre ni tu usuario, listo',
    ]);
    expect(screen.getByText('3 de 7 listas')).toBeInTheDocument();
  });
});
