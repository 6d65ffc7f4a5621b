import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../lib/api-error.ts';
import { useClassErrorMessage } from './class-errors.ts';
import { staffPicturesEnglish } from './picture-strings.ts';

type PictureCode = keyof typeof staffPicturesEnglish.codes;

function isPictureCode(code: string): code is PictureCode {
  return Object.hasOwn(staffPicturesEnglish.codes, code);
}

/** usePictureErrorMessage is the staff pages' error sentence, with the picture-password codes in their own words. */
export function usePictureErrorMessage(): (error: unknown) => string {
  const { t } = useTranslation();
  const classMessage = useClassErrorMessage();
  return useCallback(
    (error: unknown) => (error instanceof ApiError && isPictureCode(error.code) ? t(`staffPictures.codes.${error.code}`) : classMessage(error)),
    [t, classMessage],
  );
}
