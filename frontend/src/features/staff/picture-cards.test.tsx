import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { renderApp } from '../../test/render-app.tsx';
import { labelsPerPage, pagesOf } from './cards-page.tsx';
import { forget, hold, mergeCards, type CardStudent, type LoginCardSheet } from './shown-once.ts';
import { signedIn } from './staff-test-api.ts';

function kids(n: number, extra: (i: number) => Partial<CardStudent> = () => ({})): CardStudent[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `st-${i}`,
    firstName: `Kid${String(i).padStart(2, '0')}`,
    lastName: 'Lopez',
    username: `kid${i}`,
    grade: 1,
    pictures: ['cat', 'moon', 'star'],
    ...extra(i),
  }));
}

const sheet = (students: CardStudent[]): LoginCardSheet => ({ schoolName: 'Lincoln Elementary', className: 'Class 1A (1-101)', students });

beforeEach(() => forget());

describe('pagesOf for labels', () => {
  it.each([
    [12, [12]],
    [13, [12, 1]],
    [25, [12, 12, 1]],
  ])('puts %i labels on sheets of %j', (n, want) => {
    expect(pagesOf(kids(n), labelsPerPage).map((page) => page.length)).toEqual(want);
  });
});

describe('mergeCards', () => {
  const badge = { badgeId: 'B1', signInUrl: 'http://localhost/badge#x' };
  it('merges cards of the same source by student, the newer badge or pictures winning', () => {
    const before = { ...sheet([{ id: 'b', firstName: 'Ben', lastName: 'Lopez', username: 'ben', badge }]), source: 'class:c' };
    const after = {
      ...sheet([
        { id: 'b', firstName: 'Ben', lastName: 'Lopez', username: 'ben', pictures: ['dog', 'cat', 'star'] },
        { id: 'a', firstName: 'Ana', lastName: 'Lopez', username: 'ana', pictures: ['cat', 'moon', 'star'] },
      ]),
      source: 'class:c',
    };
    const merged = mergeCards(before, after);
    expect(merged.students.map((s) => [s.id, Boolean(s.badge), s.pictures])).toEqual([
      ['a', false, ['cat', 'moon', 'star']],
      ['b', true, ['dog', 'cat', 'star']],
    ]);
  });

  it('replaces cards of another source, or of none', () => {
    const before = { ...sheet(kids(2)), source: 'class:c' };
    const other = { ...sheet(kids(1)), source: 'class:d' };
    expect(mergeCards(before, other)).toBe(other);
    const none = sheet(kids(1));
    expect(mergeCards(before, none)).toBe(none);
    expect(mergeCards(sheet(kids(2)), none)).toBe(none);
  });
});

describe('cards with pictures', { timeout: 30_000 }, () => {
  it('prints the pictures, numbered 1-2-3, on the 10-a-sheet cards', async () => {
    signedIn();
    hold('cards', sheet(kids(12)));
    renderApp('/staff/print/cards');
    expect(await screen.findByText('12 cards on 2 pages (10 a page).')).toBeInTheDocument();
    expect(screen.getByRole('radio', { name: '10 cards a sheet' })).toBeChecked();
    const [first] = within(screen.getByRole('list', { name: 'Page 1 of 2' })).getAllByRole('listitem');
    expect(first).toHaveTextContent('Kid00 Lopez');
    const row = within(first!).getByRole('list', { name: 'Picture password: cat, then moon, then star' });
    expect(within(row).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['1', '2', '3']);
    expect(within(first!).getByText('Pictures')).toBeInTheDocument();
  });

  it('lays out Avery 2″ square labels, 12 a sheet: name, username, small QR, pictures', async () => {
    signedIn();
    const withBadges = kids(13, (i) => (i === 0 ? { badge: { badgeId: 'B7K2M9QX', signInUrl: 'http://localhost/badge#t0' } } : {}));
    hold('cards', sheet(withBadges));
    const user = userEvent.setup();
    renderApp('/staff/print/cards');

    await user.click(await screen.findByRole('radio', { name: 'Avery 2″ square labels' }));
    expect(screen.getByRole('status')).toHaveTextContent('Labels: 13. Sheets: 2 (12 labels a sheet).');
    expect(screen.getByText(/Avery 22806 or 94103: 12 square labels on a US Letter sheet/)).toBeInTheDocument();
    const pages = [screen.getByRole('list', { name: 'Page 1 of 2' }), screen.getByRole('list', { name: 'Page 2 of 2' })];
    const labels = pages.map((page) => page.querySelectorAll(':scope > li'));
    expect(labels.map((l) => l.length)).toEqual([12, 1]);
    expect(screen.getByRole('region', { name: 'Login cards' })).toHaveClass('login-cards--avery');
    const label = labels[0]![0] as HTMLElement;
    expect(label).toHaveClass('login-card--label');
    expect(within(label).getByText('Kid00 Lopez')).toBeInTheDocument();
    expect(within(label).getByText('kid0')).toBeInTheDocument();
    expect(within(label).getByRole('img', { name: 'QR badge of Kid00 Lopez' })).toBeInTheDocument();
    expect(within(label).getByRole('list', { name: 'Picture password: cat, then moon, then star' })).toBeInTheDocument();
    // A label has no room for the school line: it is on the child's own label sheet.
    expect(label).not.toHaveTextContent('Lincoln Elementary');
    expect(within(labels[0]![1] as HTMLElement).queryByRole('img', { name: /^QR badge/ })).not.toBeInTheDocument();

    await user.click(screen.getByRole('radio', { name: '10 cards a sheet' }));
    expect(screen.getByText('13 cards on 2 pages (10 a page).')).toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'Login cards' })).not.toHaveClass('login-cards--avery');
  });

  it('speaks Spanish', async () => {
    window.localStorage.setItem('portal.language', 'es');
    signedIn();
    hold('cards', sheet(kids(1)));
    const user = userEvent.setup();
    renderApp('/staff/print/cards');
    await user.click(await screen.findByRole('radio', { name: 'Etiquetas cuadradas Avery de 2″' }));
    expect(screen.getByRole('status')).toHaveTextContent('Etiquetas: 1. Hojas: 1 (12 etiquetas por hoja).');
    expect(screen.getByRole('list', { name: 'Contraseña de dibujos: gato, luego luna, luego estrella' })).toBeInTheDocument();
    await user.click(screen.getByRole('radio', { name: '10 tarjetas por hoja' }));
    expect(screen.getByText('Dibujos')).toBeInTheDocument();
  });
});
