import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../lib/api-error.ts';
import { useErrorMessage } from '../../lib/error-message.ts';
import { staffEnglish } from './staff-strings.ts';

type StaffCode = keyof typeof staffEnglish.codes;

function isStaffCode(code: string): code is StaffCode {
  return Object.hasOwn(staffEnglish.codes, code);
}

/**
 * useStaffErrorMessage is useErrorMessage in the staff area's words: staff sign in with a work
 * email, and some codes (a second factor, a replaced school password) exist only here.
 */
export function useStaffErrorMessage(): (error: unknown) => string {
  const { t } = useTranslation();
  const ownWords = useCallback((code: string) => (isStaffCode(code) ? t(`staff.codes.${code}`) : undefined), [t]);
  return useErrorMessage(ownWords, 'staff.errors');
}

/**
 * isStepGone tells a refusal that means a sign-in step waiting for its second factor is over (its
 * 5 minutes passed, or it was used elsewhere) from a wrong code or a pause, which leave it as it is.
 */
export function isStepGone(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 401 || error.status === 403) && error.code !== 'second_factor_invalid';
}
