import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { languageStorageKey } from '../lib/i18n.ts';
import { renderApp } from '../test/render-app.tsx';

describe('LanguageSwitch', () => {
  it('switches every string to Spanish, sets <html lang> and remembers the choice', async () => {
    const user = userEvent.setup();
    const first = renderApp('/');
    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in' })).toBeInTheDocument();
    expect(document.documentElement.lang).toBe('en');

    const spanish = screen.getByRole('button', { name: 'Español' });
    expect(spanish).toHaveAttribute('aria-pressed', 'false');
    await user.click(spanish);

    expect(screen.getByRole('heading', { level: 1, name: 'Iniciar sesión' })).toBeInTheDocument();
    expect(screen.getByLabelText('Usuario o correo escolar')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Ayuda con la contraseña' })).toBeInTheDocument();
    expect(spanish).toHaveAttribute('aria-pressed', 'true');
    expect(document.documentElement.lang).toBe('es');
    await waitFor(() =>
      expect(document.title).toBe('Iniciar sesión – Ayuda con la contraseña – Riverside Unified School District'),
    );
    expect(window.localStorage.getItem(languageStorageKey)).toBe('es');

    // A later visit starts in the remembered language.
    first.unmount();
    renderApp('/');
    expect(await screen.findByRole('heading', { level: 1, name: 'Iniciar sesión' })).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'English' }));
    expect(screen.getByRole('heading', { level: 1, name: 'Sign in' })).toBeInTheDocument();
    expect(window.localStorage.getItem(languageStorageKey)).toBe('en');
  });
});
