import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { en } from '../locales/en.ts';
import { ApiError } from './api-error.ts';
import { formatTime } from './format-date.ts';

type KnownCode = keyof typeof en.errors.codes;

function isKnownCode(code: string): code is KnownCode {
  return Object.hasOwn(en.errors.codes, code);
}

/**
 * useErrorMessage turns any failure into one sentence in the current
 * language: our own words for codes we know, else the server's
 * plain-language message, plus when to try again if the server said so.
 */
export function useErrorMessage(): (error: unknown) => string {
  const { t, i18n } = useTranslation();
  return useCallback(
    (error: unknown) => {
      if (error instanceof ApiError) {
        const text = isKnownCode(error.code) ? t(`errors.codes.${error.code}`) : error.message;
        if (!error.retryAt) return text;
        return `${text} ${t('errors.tryAgainAt', { time: formatTime(error.retryAt, i18n.language) })}`;
      }
      if (error instanceof TypeError) return t('errors.network');
      return t('errors.unknown');
    },
    [t, i18n.language],
  );
}
