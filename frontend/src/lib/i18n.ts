import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en, type English, type LazyStrings, type Translation } from '../locales/en.ts';
import { es } from '../locales/es.ts';

export const languages = ['en', 'es'] as const;
export type Language = (typeof languages)[number];

export const languageStorageKey = 'portal.language';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: English };
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

/** A lazy feature's strings in every language (see LazyStrings in locales/en.ts). */
export type StringBundle = Readonly<Record<Language, Partial<Pick<Translation, keyof LazyStrings>>>>;

const lazyBundles: StringBundle[] = [];
const instances = new Set<I18n>();

function addBundle(instance: I18n, bundle: StringBundle) {
  for (const lng of languages) instance.addResourceBundle(lng, 'translation', bundle[lng], true, false);
}

/**
 * addStrings adds the strings a lazy feature brings with its code (it calls this when its module
 * loads, before any of its pages renders) to every i18n instance, present and future.
 */
export function addStrings(bundle: StringBundle) {
  lazyBundles.push(bundle);
  for (const instance of instances) addBundle(instance, bundle);
}

/**
 * createI18n returns a ready i18next instance: the language comes from the
 * user's earlier choice, else the browser; every change is remembered and
 * mirrored to <html lang> so screen readers pronounce the page correctly.
 */
export function createI18n(): I18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    // Copies: the strings lazy features add later go into these, not into the modules' objects.
    resources: { en: { translation: { ...en } }, es: { translation: { ...es } } },
    lng: readStoredLanguage() ?? browserLanguage(),
    fallbackLng: 'en',
    supportedLngs: languages,
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
  });
  for (const bundle of lazyBundles) addBundle(instance, bundle);
  instances.add(instance);
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
