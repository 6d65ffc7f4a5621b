import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { LoadError } from '../../components/load-error.tsx';
import { Picture, shuffledPictures, usePictureName, type PictureId } from '../../components/picture.tsx';
import { ApiError, isRefusal } from '../../lib/api-error.ts';
import { useErrorMessage, type OwnWords } from '../../lib/error-message.ts';
import { usePictureSignIn, type PictureSignInRequest } from './picture-queries.ts';

/** Who is signing in: tapped on a class page, or a typed username. */
export type PictureSignInWho = ({ classCode: string; studentId: string } | { username: string }) & {
  /** What the page calls the child: "Maya R.", or the username typed. */
  name: string;
};

const pictureCount = 3;

/** The refusals a child reads in the page's own words; any other failure is the usual error. */
const ownCodes = ['pictures_invalid', 'pictures_locked', 'pictures_throttled', 'picture_class_invalid'] as const;
type OwnCode = (typeof ownCodes)[number];
const wordsOf: Record<OwnCode, 'wrong' | 'locked' | 'throttled' | 'classInvalid'> = {
  pictures_invalid: 'wrong',
  pictures_locked: 'locked',
  pictures_throttled: 'throttled',
  picture_class_invalid: 'classInvalid',
};

function isOwnCode(code: string): code is OwnCode {
  return (ownCodes as readonly string[]).includes(code);
}

/** usePictureWords names the picture refusals (and a class code that no longer works) in a child's words. */
export function usePictureWords(): OwnWords {
  const { t } = useTranslation();
  return useCallback((code: string) => (isOwnCode(code) ? t(`pictureSignIn.${wordsOf[code]}`) : undefined), [t]);
}

function requestOf(who: PictureSignInWho, pictures: PictureId[]): PictureSignInRequest {
  return 'username' in who
    ? { username: who.username, pictures }
    : { classCode: who.classCode, studentId: who.studentId, pictures };
}

interface PictureTapsProps {
  who: PictureSignInWho;
  /** Back to choosing who signs in. */
  onBack(): void;
}

/**
 * PictureTaps is the picture step: the 16 pictures in a fresh order on every try, three slots
 * that fill as the child taps, and the sign-in sent at the third tap.
 */
export function PictureTaps({ who, onBack }: PictureTapsProps) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const name = usePictureName();
  const signIn = usePictureSignIn();
  const errorMessage = useErrorMessage(usePictureWords());
  const [order, setOrder] = useState(shuffledPictures);
  const [picked, setPicked] = useState<PictureId[]>([]);
  const [refusals, setRefusals] = useState(0);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);
  const gridRef = useRef<HTMLDivElement>(null);

  // The step replaces the list of names in place: start the child (and a screen reader) on it.
  useEffect(() => headingRef.current?.focus(), []);
  // After a refusal, on the message; the next Tab reaches the first picture of the new order.
  useEffect(() => {
    if (refusals > 0) alertRef.current?.focus();
  }, [refusals]);

  const error = signIn.error;
  // Locked pictures, or a class code replaced while the child was tapping: no try can work now.
  const closed = isRefusal(error, 423) || isRefusal(error, 404, 'picture_class_invalid');
  const ownRefusal = error instanceof ApiError && isOwnCode(error.code);
  const busy = signIn.isPending;

  const tap = (id: PictureId) => {
    // 3 different pictures: a picture already tapped does nothing the second time.
    if (busy || closed || picked.includes(id) || picked.length >= pictureCount) return;
    const next = [...picked, id];
    setPicked(next);
    if (next.length < pictureCount) return;
    signIn.mutate(requestOf(who, next), {
      onSuccess: () => void navigate('/account', { replace: true }),
      onError: () => {
        // Every try gets a new order: where a picture sat tells an onlooker nothing.
        setPicked([]);
        setOrder(shuffledPictures());
        setRefusals((n) => n + 1);
      },
    });
  };

  const startAgain = () => {
    signIn.reset();
    setPicked([]);
    setOrder(shuffledPictures());
  };

  return (
    <section className="picture-step" aria-labelledby="picture-step-title">
      <h2 id="picture-step-title" ref={headingRef} tabIndex={-1}>
        {t('pictureSignIn.tapTitle')}
      </h2>
      <p className="picture-step__who">{who.name}</p>

      <div ref={alertRef} tabIndex={-1} className="picture-step__alert">
        {error &&
          (ownRefusal ? (
            <p role="alert" className="alert alert--big">
              {errorMessage(error)}
            </p>
          ) : (
            <LoadError
              what={t('pictureSignIn.signInError')}
              message={errorMessage(error)}
              retryLabel={t('pictureSignIn.retry')}
              onRetry={() => {
                startAgain();
                // The retry button goes with the message: on to the first picture instead.
                requestAnimationFrame(() => gridRef.current?.querySelector('button')?.focus());
              }}
            />
          ))}
      </div>

      {!closed && (
        <>
          {/*
            The slots fill with a plain dot, never the picture tapped: someone may be watching
            over the child's shoulder, and the screen must not show the secret. For the same
            reason a tapped picture looks the same in the grid as the others (it only stops
            counting: aria-disabled tells a screen reader).
          */}
          <div className="picture-progress">
            <ol className="picture-progress__slots" aria-hidden="true">
              {Array.from({ length: pictureCount }, (_, i) => (
                <li key={i} className={i < picked.length ? 'picture-progress__slot picture-progress__slot--filled' : 'picture-progress__slot'} />
              ))}
            </ol>
            <p role="status" className="visually-hidden">
              {busy ? t('pictureSignIn.checking') : t('pictureSignIn.progress', { count: picked.length })}
            </p>
          </div>

          <div ref={gridRef} role="group" aria-label={t('pictureSignIn.gridLabel')} className="picture-grid">
            {order.map((id) => (
              <button
                key={id}
                type="button"
                className="picture-tap"
                aria-label={name(id)}
                aria-disabled={busy || picked.includes(id) || undefined}
                onClick={() => tap(id)}
              >
                <Picture id={id} size="large" labelled={false} />
              </button>
            ))}
          </div>

          <p className="picture-step__actions">
            <button
              type="button"
              className="button picture-step__again"
              aria-disabled={busy || undefined}
              onClick={() => busy || startAgain()}
            >
              {t('pictureSignIn.startAgain')}
            </button>
          </p>
        </>
      )}

      <p>
        <button type="button" className="link-button picture-step__back" onClick={() => busy || onBack()}>
          {t('pictureSignIn.notYou')}
        </button>
      </p>
    </section>
  );
}
