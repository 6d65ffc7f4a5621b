import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../lib/api-error.ts';
import { staffClassEnglish } from './class-strings.ts';
import { useStaffErrorMessage } from './staff-errors.ts';

type ClassCode = keyof typeof staffClassEnglish.codes;

function isClassCode(code: string): code is ClassCode {
  return Object.hasOwn(staffClassEnglish.codes, code);
}

/**
 * useClassErrorMessage is the staff area's error sentence, with the bulk work's own codes
 * (an empty selection, a job already running, a result already taken) in plain words.
 */
export function useClassErrorMessage(): (error: unknown) => string {
  const { t } = useTranslation();
  const staffMessage = useStaffErrorMessage();
  return useCallback(
    (error: unknown) => (error instanceof ApiError && isClassCode(error.code) ? t(`staffClass.codes.${error.code}`) : staffMessage(error)),
    [t, staffMessage],
  );
}
