import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderApp } from '../../test/render-app.tsx';
import { forget, hold } from './shown-once.ts';
import { signedIn } from './staff-test-api.ts';
import { batch } from './report-test-api.ts';

afterEach(() => forget());

describe('LettersPage', { timeout: 30_000 }, () => {
  it('prints one letter a student, each in the family’s language whatever the page’s', async () => {
    signedIn();
    hold('letters', batch);
    renderApp('/staff/print/letters');

    expect(await screen.findByRole('heading', { level: 1, name: 'Family letters' })).toBeInTheDocument();
    expect(screen.getByText('2 letters, one a page, each in the family’s language.')).toBeInTheDocument();
    const letters = screen.getAllByRole('article');
    expect(letters).toHaveLength(2);

    const [maya, leo] = letters as [HTMLElement, HTMLElement];
    expect(maya).toHaveAttribute('lang', 'es');
    expect(maya).toHaveAccessibleName('Vincule a su hijo o hija en el portal para familias');
    expect(maya).toHaveTextContent('Estimada familia de Maya López');
    expect(within(maya).getByText('ABCD-EFGH-JKLM')).toBeInTheDocument();
    expect(maya).toHaveTextContent('3 de mayo de 2026');

    expect(leo).toHaveAttribute('lang', 'en');
    expect(leo).toHaveAccessibleName('Link your child in the family portal');
    expect(leo).toHaveTextContent('Dear family of Leo Ortiz');
    expect(within(leo).getByText('NPQR-STUV-WXYZ')).toBeInTheDocument();
    expect(leo).toHaveTextContent('May 3, 2026');
    expect(leo).toHaveTextContent('Questions? Contact Lincoln Elementary: office@lincoln.example.');
  });

  it('says the codes are shown once when nothing was handed over', async () => {
    signedIn();
    renderApp('/staff/print/letters');
    expect(await screen.findByRole('heading', { level: 1, name: 'No letters to print' })).toBeInTheDocument();
    expect(screen.getByText(/Access codes are shown only once/)).toBeInTheDocument();
    expect(screen.queryByRole('article')).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Back to By Class' })).toHaveAttribute('href', '/staff/classes');
  });

  it('speaks Spanish around the letters, and keeps an English family’s letter in English', async () => {
    window.localStorage.setItem('portal.language', 'es');
    signedIn();
    hold('letters', batch);
    renderApp('/staff/print/letters');
    expect(await screen.findByRole('heading', { level: 1, name: 'Cartas para las familias' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Imprimir las cartas' })).toBeInTheDocument();
    expect(screen.getAllByRole('article')[1]).toHaveTextContent('Dear family of Leo Ortiz');
  });
});
