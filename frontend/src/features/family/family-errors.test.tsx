import { renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../lib/api-error.ts';
import { createI18n } from '../../lib/i18n.ts';
import { useFamilyErrorMessage } from './family-errors.ts';
import './family-strings.ts';

function familyMessage(language: 'en' | 'es') {
  const i18n = createI18n();
  void i18n.changeLanguage(language);
  const wrapper = ({ children }: { children: ReactNode }) => <I18nextProvider i18n={i18n}>{children}</I18nextProvider>;
  return renderHook(() => useFamilyErrorMessage(), { wrapper }).result.current;
}

const refusal = (code: string, retryAt?: string) =>
  new ApiError(429, { code, message: 'server words', ...(retryAt ? { retryAt } : {}) });

describe('family error messages', () => {
  // The students' pages say tú in Spanish; a parent is addressed as usted on every family page.
  it.each([
    [refusal('access_code_expired'), 'Este código de acceso para padres venció. Pida uno nuevo a la escuela.'],
    [refusal('already_linked'), 'Este estudiante ya está vinculado a su cuenta.'],
    [refusal('not_signed_in'), 'Vuelva a iniciar sesión, por favor.'],
    [new TypeError('Failed to fetch'), 'No pudimos conectar con el servidor. Revise su conexión a internet e inténtelo de nuevo.'],
    [new Error('boom'), 'Algo salió mal. Inténtelo de nuevo, por favor.'],
  ])('speaks to a parent as usted in Spanish: %s', (error, want) => {
    expect(familyMessage('es')(error)).toBe(want);
  });

  it('says when to try again in the parent’s form of address', () => {
    const at = new Date(Date.now() + 60_000).toISOString();
    expect(familyMessage('es')(refusal('sign_in_throttled', at))).toMatch(/^Demasiadas .* Espere un minuto .* Puede intentarlo de nuevo a las /);
  });

  it('keeps the family words in English', () => {
    expect(familyMessage('en')(refusal('invalid_credentials'))).toBe(
      'That email or password is not right. Check them and try again.',
    );
    expect(familyMessage('en')(new TypeError('Failed to fetch'))).toBe(
      'We could not reach the server. Check your internet connection and try again.',
    );
  });
});
