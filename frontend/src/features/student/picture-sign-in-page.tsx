import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadError } from '../../components/load-error.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { ApiError } from '../../lib/api-error.ts';
import { useErrorMessage } from '../../lib/error-message.ts';
import { useOpenPictureClass } from './picture-queries.ts';
import { PictureTaps, usePictureWords, type PictureSignInWho } from './picture-taps.tsx';
import { classCodeFrom, picturesPath } from './picture-url.ts';
import { ClassList, WhoForms } from './picture-who.tsx';
import './badge.css';
import './picture-sign-in.css';

/** What the address's fragment held when the page opened. */
type FromLink = { code: string | undefined } | undefined;

/**
 * PictureSignInPage is where a young student signs in with 3 pictures. A class's printed QR
 * leads here (`/pictures#code`): the code is in the fragment so it never reaches a server log,
 * and the page takes it off the address bar at once (not in history, a bookmark or over a
 * shoulder) and opens the class's list of names. Without one, a grown-up types the class code,
 * or the child her username. Then the picture step (PictureTaps).
 */
export function PictureSignInPage() {
  const { t } = useTranslation();
  // Read once, before the address bar is cleared below.
  const [fromLink] = useState<FromLink>(() => {
    const hash = window.location.hash.replace(/^#/, '');
    return hash ? { code: classCodeFrom(hash) } : undefined;
  });
  const openClass = useOpenPictureClass();
  const classError = useErrorMessage(usePictureWords());
  const [who, setWho] = useState<PictureSignInWho | null>(null);
  // Focus moves with the steps only once someone has done something here, not on arrival.
  const [acted, setActed] = useState(false);
  const sent = useRef(false);

  useEffect(() => {
    // Straight on the browser's history, not through the router: a navigation would remount
    // the page. Replaced, not pushed: Back must not bring the code back either.
    if (window.location.hash) window.history.replaceState(window.history.state, '', picturesPath);
    if (fromLink?.code && !sent.current) {
      sent.current = true;
      openClass.mutate(fromLink.code);
    }
  }, [fromLink, openClass]);

  const pictureClass = openClass.data;
  const classCode = openClass.variables;

  let step: ReactNode;
  if (who) {
    step = (
      <PictureTaps
        who={who}
        onBack={() => {
          setActed(true);
          setWho(null);
          // Without a class list to start on (ClassList takes focus itself), start at the top.
          if (!pictureClass) requestAnimationFrame(() => document.querySelector<HTMLElement>('#main h1')?.focus());
        }}
      />
    );
  } else if (pictureClass && classCode) {
    step = (
      <ClassList
        pictureClass={pictureClass}
        takeFocus={acted}
        onChoose={(student) => {
          setActed(true);
          setWho({ classCode, studentId: student.studentId, name: student.displayName });
        }}
        onOtherWay={() => {
          setActed(true);
          openClass.reset();
          requestAnimationFrame(() => document.querySelector<HTMLElement>('#main h1')?.focus());
        }}
      />
    );
  } else if (openClass.isPending) {
    step = <p role="status">{t('pictureSignIn.opening')}</p>;
  } else {
    const failure = openClass.error;
    // The page's own words for a code not found or too many tries; anything else is the usual error.
    const own = failure instanceof ApiError && (failure.status === 404 || failure.status === 429);
    step = (
      <>
        {failure && !own && (
          <LoadError
            what={t('pictureSignIn.loadError')}
            message={classError(failure)}
            retryLabel={t('pictureSignIn.retry')}
            onRetry={() => classCode && openClass.mutate(classCode)}
          />
        )}
        <WhoForms
          classError={
            own ? classError(failure) : fromLink && !fromLink.code ? t('pictureSignIn.classInvalid') : undefined
          }
          onClassCode={(code) => {
            setActed(true);
            openClass.mutate(code);
          }}
          onUsername={(username) => {
            setActed(true);
            setWho({ username, name: username });
          }}
        />
      </>
    );
  }

  return (
    <div className="narrow picture-sign-in">
      <PageTitle>{t('pictureSignIn.title')}</PageTitle>
      {step}
    </div>
  );
}
