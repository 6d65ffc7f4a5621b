import { QRCodeSVG } from 'qrcode.react';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ConfirmPanel } from '../../components/confirm-panel.tsx';
import { LoadError } from '../../components/load-error.tsx';
import { Loading } from '../../components/loading.tsx';
import type { ClassStudent } from './class-queries.ts';
import { usePictureErrorMessage } from './picture-errors.ts';
import { useClassPictureSignIn, useRenewClassPictureSignIn, useSetClassPictures } from './picture-queries.ts';
import { holdCards, pictureCards } from './shown-once.ts';
import './picture-strings.ts';
import './pictures.css';

interface ClassPicturesProps {
  classId: string;
  schoolName: string;
  /** The class's title, printed on each card. */
  className: string;
  students: readonly ClassStudent[];
}

/** pictureEligible is the roster's students of the badge grades: those whose picture status it gives. */
export function pictureEligible(students: readonly ClassStudent[]): ClassStudent[] {
  return students.filter((s) => s.pictures !== undefined);
}

/**
 * ClassPicturesAction sets picture passwords for a class's students of the badge grades (those
 * without, or, confirmed, everyone) and opens their printable cards at once: the pictures are
 * shown this once. Badges issued for the class on this visit go on the same cards.
 */
export function ClassPicturesAction({ classId, schoolName, className, students }: ClassPicturesProps) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const set = useSetClassPictures(classId);
  const errorMessage = usePictureErrorMessage();
  const [asking, setAsking] = useState(false);
  const everyoneRef = useRef<HTMLButtonElement>(null);
  const eligible = pictureEligible(students);
  const count = (state: string) => eligible.filter((s) => s.pictures === state).length;
  const noneSet = set.isSuccess && set.data.pictures.length === 0;
  const run = (reissue: boolean) => {
    if (set.isPending) return;
    set.mutate(reissue, {
      onSuccess: (done) => {
        setAsking(false);
        if (done.pictures.length === 0) return;
        holdCards(pictureCards(done.pictures, schoolName, className, `class:${classId}`));
        void navigate('/staff/print/cards');
      },
    });
  };
  return (
    <section aria-labelledby="class-pictures-title" className="staff-action">
      <h2 id="class-pictures-title">{t('staffPictures.class.title')}</h2>
      {eligible.length === 0 ? (
        <p>{t('staffPictures.class.noneEligible')}</p>
      ) : (
        <>
          <p>{t('staffPictures.class.intro')}</p>
          <p>{t('staffPictures.class.counts', { active: count('active'), none: count('none'), locked: count('locked') })}</p>
          <div role="status">{noneSet && !asking && <p className="notice">{t('staffPictures.class.none')}</p>}</div>
          {set.isError && !asking && (
            <p role="alert" className="alert">
              {errorMessage(set.error)}
            </p>
          )}
          {asking ? (
            <ConfirmPanel
              question={t('staffPictures.class.everyoneQuestion', { count: eligible.length })}
              yes={t('staffPictures.class.everyoneYes')}
              busy={t('staffPictures.class.setting')}
              cancel={t('staffPictures.class.cancel')}
              pending={set.isPending}
              error={set.isError ? errorMessage(set.error) : undefined}
              onConfirm={() => run(true)}
              onCancel={() => {
                setAsking(false);
                set.reset();
                requestAnimationFrame(() => everyoneRef.current?.focus());
              }}
            />
          ) : (
            <p className="staff-actions">
              <button type="button" className="button button--primary" aria-disabled={set.isPending || undefined} onClick={() => run(false)}>
                {set.isPending ? t('staffPictures.class.setting') : t('staffPictures.class.missing')}
              </button>
              <button
                ref={everyoneRef}
                type="button"
                className="button"
                onClick={() => {
                  set.reset();
                  setAsking(true);
                }}
              >
                {t('staffPictures.class.everyone')}
              </button>
            </p>
          )}
        </>
      )}
    </section>
  );
}

/**
 * ClassPictureSignIn is the class's picture-sign-in code and its QR (`{origin}/pictures#{code}`),
 * the way to the printable sheet, and a new code (the old one and its sheets stop working).
 */
export function ClassPictureSignIn({ classId }: { classId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const signIn = useClassPictureSignIn(classId);
  const renew = useRenewClassPictureSignIn(classId);
  const errorMessage = usePictureErrorMessage();
  const [asking, setAsking] = useState(false);
  const renewRef = useRef<HTMLButtonElement>(null);

  let body;
  if (signIn.isPending) body = <Loading />;
  else if (signIn.isError) {
    body = (
      <LoadError
        what={t('staffPictures.signIn.loadError')}
        message={errorMessage(signIn.error)}
        retryLabel={t('staffPictures.signIn.retry')}
        onRetry={() => void signIn.refetch()}
      />
    );
  } else {
    const { code, signInUrl } = signIn.data;
    body = (
      <>
        <div className="class-code-block">
          <dl className="summary">
            <div>
              <dt>{t('staffPictures.signIn.code')}</dt>
              <dd className="class-code" translate="no">
                {code}
              </dd>
            </div>
          </dl>
          <QRCodeSVG value={signInUrl} size={160} level="M" marginSize={2} role="img" aria-label={t('staffPictures.signIn.qrLabel')} />
        </div>
        <div role="status">{renew.isSuccess && !asking && <p className="notice notice--ok">{t('staffPictures.signIn.renewed')}</p>}</div>
        {asking ? (
          <ConfirmPanel
            question={t('staffPictures.signIn.renewQuestion')}
            yes={t('staffPictures.signIn.renewYes')}
            busy={t('staffPictures.signIn.renewing')}
            cancel={t('staffPictures.signIn.cancel')}
            pending={renew.isPending}
            error={renew.isError ? errorMessage(renew.error) : undefined}
            onConfirm={() => renew.mutate(undefined, { onSuccess: () => setAsking(false) })}
            onCancel={() => {
              setAsking(false);
              renew.reset();
              requestAnimationFrame(() => renewRef.current?.focus());
            }}
          />
        ) : (
          <p className="staff-actions">
            <button
              type="button"
              className="button button--primary"
              onClick={() => void navigate(`/staff/classes/${encodeURIComponent(classId)}/picture-sheet`)}
            >
              {t('staffPictures.signIn.print')}
            </button>
            <button
              ref={renewRef}
              type="button"
              className="button"
              onClick={() => {
                renew.reset();
                setAsking(true);
              }}
            >
              {t('staffPictures.signIn.renew')}
            </button>
          </p>
        )}
      </>
    );
  }
  return (
    <section aria-labelledby="class-picture-sign-in-title" className="staff-action">
      <h2 id="class-picture-sign-in-title">{t('staffPictures.signIn.title')}</h2>
      <p>{t('staffPictures.signIn.intro')}</p>
      {body}
    </section>
  );
}
