import { screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { renderApp } from '../../test/render-app.tsx';
import { pagesOf } from './cards-page.tsx';
import { forget, hold } from './shown-once.ts';
import { signedIn } from './staff-test-api.ts';

function rows(n: number) {
  return Array.from({ length: n }, (_, i) => ({
    id: `st-${i}`,
    firstName: `Student${i}`,
    lastName: 'Lopez',
    username: `student${i}`,
    password: `Pw-${i}-Kite`,
  }));
}

beforeEach(() => forget());

describe('pagesOf', () => {
  it.each([
    [0, []],
    [1, [1]],
    [10, [10]],
    [11, [10, 1]],
    [12, [10, 2]],
    [25, [10, 10, 5]],
  ])('puts %i cards on pages of %j', (n, want) => {
    expect(pagesOf(rows(n)).map((page) => page.length)).toEqual(want);
  });
});

describe('CardsPage', { timeout: 30_000 }, () => {
  it('prints ten cards a page: name, username, password, school and class', async () => {
    signedIn();
    hold('cards', { schoolName: 'Lincoln Elementary', className: 'Class 4B (4-203)', students: rows(12) });
    renderApp('/staff/print/cards');
    expect(await screen.findByRole('heading', { level: 1, name: 'Login cards' })).toBeInTheDocument();
    expect(screen.getByText('12 cards on 2 pages (10 a page).')).toBeInTheDocument();
    const pages = [screen.getByRole('list', { name: 'Page 1 of 2' }), screen.getByRole('list', { name: 'Page 2 of 2' })];
    expect(pages.map((page) => within(page).getAllByRole('listitem').length)).toEqual([10, 2]);
    const last = within(pages[1]!).getAllByRole('listitem')[1]!;
    expect(last).toHaveTextContent('Student11 Lopez');
    expect(last).toHaveTextContent('Usernamestudent11');
    expect(last).toHaveTextContent('PasswordPw-11-Kite');
    expect(last).toHaveTextContent('Lincoln Elementary · Class 4B (4-203)');
    expect(screen.getByRole('button', { name: 'Print' })).toBeInTheDocument();
  });

  it('leaves the password out when everyone got the typed one', async () => {
    signedIn();
    hold('cards', { schoolName: 'Lincoln Elementary', students: rows(1).map(({ password: _, ...r }) => ({ ...r, grade: 4 })) });
    renderApp('/staff/print/cards');
    const [card] = within(await screen.findByRole('list', { name: 'Page 1 of 1' })).getAllByRole('listitem');
    expect(card).not.toHaveTextContent('Password');
    expect(card).toHaveTextContent('Lincoln Elementary · Grade 4');
  });

  it('says passwords are shown once when nothing was handed over (a reload, another tab)', async () => {
    signedIn();
    renderApp('/staff/print/cards');
    expect(await screen.findByRole('heading', { level: 1, name: 'No login cards to print' })).toBeInTheDocument();
    expect(screen.getByText(/New passwords and badges are shown only once/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Back to the classes' })).toHaveAttribute('href', '/staff/classes');
  });
});
