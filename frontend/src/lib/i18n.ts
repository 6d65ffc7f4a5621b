import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from '../locales/en.ts';
import { es } from '../locales/es.ts';

export const languages = ['en', 'es'] as const;
export type Language = (typeof languages)[number];

export const languageStorageKey = 'portal.language';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
  }
}

function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}

function readStoredLanguage(): Language | undefined {
  try {
    const stored = window.localStorage.getItem(languageStorageKey);
    return isLanguage(stored) ? stored : undefined;
  } catch {
    // Storage can be blocked (private mode, strict settings); fall back to the browser.
    return undefined;
  }
}

function browserLanguage(): Language {
  const preferred = navigator.languages.length > 0 ? navigator.languages : [navigator.language];
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLanguage(base)) return base;
  }
  return 'en';
}

/**
 * createI18n returns a ready i18next instance: the language comes from the
 * user's earlier choice, else the browser; every change is remembered and
 * mirrored to <html lang> so screen readers pronounce the page correctly.
 */
export function createI18n(): I18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    resources: { en: { translation: en }, es: { translation: es } },
    lng: readStoredLanguage() ?? browserLanguage(),
    fallbackLng: 'en',
    supportedLngs: languages,
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
  });
  document.documentElement.lang = instance.language;
  instance.on('languageChanged', (lng) => {
    document.documentElement.lang = lng;
    try {
      window.localStorage.setItem(languageStorageKey, lng);
    } catch {
      // Not remembering the choice is acceptable; the switch still works.
    }
  });
  return instance;
}

export function currentLanguage(instance: I18n): Language {
  return isLanguage(instance.resolvedLanguage) ? instance.resolvedLanguage : 'en';
}
