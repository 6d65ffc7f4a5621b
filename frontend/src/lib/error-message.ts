import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { en } from '../locales/en.ts';
import { ApiError } from './api-error.ts';
import { formatRetryTime } from './retry-time.ts';

type KnownCode = keyof typeof en.errors.codes;

function isKnownCode(code: string): code is KnownCode {
  return Object.hasOwn(en.errors.codes, code);
}

/**
 * OwnWords gives an area of the app its own sentence for some codes (the family portal says
 * "email" where a student's sign-in says "username"); undefined falls back to errors.codes.
 */
export type OwnWords = (code: string) => string | undefined;

/**
 * GeneralWords is where an area keeps its sentences for a failure without a code (network,
 * unknown) and for when to try again: "errors" speaks to students (tú in Spanish), "staff.errors" to school staff,
 * "family.errors" to parents (usted).
 */
export type GeneralWords = 'errors' | 'family.errors' | 'staff.errors';

/**
 * useRetrySentence says when a refused action becomes possible again: "You can try again at
 * 10:30 AM." today, with the date when the wait ends on another day.
 */
export function useRetrySentence(words: GeneralWords = 'errors'): (retryAt: Date) => string {
  const { t, i18n } = useTranslation();
  return useCallback(
    (retryAt: Date) => {
      const at = formatRetryTime(retryAt, i18n.language);
      return at.date ? t(`${words}.tryAgainOn`, { date: at.date, time: at.time }) : t(`${words}.tryAgainAt`, { time: at.time });
    },
    [t, i18n.language, words],
  );
}

/**
 * useErrorMessage turns any failure into one sentence in the current
 * language: our own words for codes we know, else the server's
 * plain-language message, plus when to try again if the server said so.
 */
export function useErrorMessage(ownWords?: OwnWords, words: GeneralWords = 'errors'): (error: unknown) => string {
  const { t } = useTranslation();
  const retrySentence = useRetrySentence(words);
  return useCallback(
    (error: unknown) => {
      if (error instanceof ApiError) {
        const text =
          ownWords?.(error.code) ?? (isKnownCode(error.code) ? t(`errors.codes.${error.code}`) : error.message);
        if (!error.retryAt) return text;
        return `${text} ${retrySentence(error.retryAt)}`;
      }
      if (error instanceof TypeError) return t(`${words}.network`);
      return t(`${words}.unknown`);
    },
    [t, retrySentence, ownWords, words],
  );
}
