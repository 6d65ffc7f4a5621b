import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { components } from '../../api/schema';
import { ConfirmPanel } from '../../components/confirm-panel.tsx';
import { PictureRow, type PictureId } from '../../components/picture.tsx';
import { formatDate, formatTime } from '../../lib/format-date.ts';
import { usePictureErrorMessage } from './picture-errors.ts';
import { PicturePicker } from './picture-picker.tsx';
import { PrintCardButton } from './print-card-button.tsx';
import { useRemovePictures, useSetPictures, useUnlockPictures, type IssuedPictures } from './picture-queries.ts';
import { dropFromCards, holdCards, pictureCards } from './shown-once.ts';
import type { StaffStudent } from './staff-queries.ts';
import './picture-strings.ts';
import './pictures.css';

export type PictureStatus = components['schemas']['PictureStatus'];

type Mode = 'choose' | 'replace' | 'remove';

const noPictures: PictureStatus = { state: 'none' };

/** dateAndTime writes a moment as "March 4, 2026 10:32 AM". */
function dateAndTime(at: string, language: string): string {
  return `${formatDate(at, language)} ${formatTime(at, language)}`;
}

/** PictureState is a picture password's state and dates, in words. */
function PictureState({ status }: { status: PictureStatus }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  return (
    <>
      <p className={`picture-state picture-state--${status.state}`}>
        <strong>{t(`staffPictures.state.${status.state}`)}</strong>
      </p>
      {status.state !== 'none' && (
        <dl className="summary staff-summary">
          {status.setAt && (
            <div>
              <dt>{t('staffPictures.student.setAt')}</dt>
              <dd>{formatDate(status.setAt, language)}</dd>
            </div>
          )}
          <div>
            <dt>{t('staffPictures.student.lastUsed')}</dt>
            <dd>{status.lastUsedAt ? formatDate(status.lastUsedAt, language) : t('staffPictures.student.neverUsed')}</dd>
          </div>
          {status.state === 'locked' && status.lockedAt && (
            <div>
              <dt>{t('staffPictures.student.lockedAt')}</dt>
              <dd>{dateAndTime(status.lockedAt, language)}</dd>
            </div>
          )}
        </dl>
      )}
      {status.state === 'locked' && <p>{t('staffPictures.student.lockedHint')}</p>}
    </>
  );
}

/**
 * StudentPictures is a young student's picture password on the By Student page: its state, and
 * Set new pictures (the portal draws them) / Choose pictures / Unlock / Remove. New pictures
 * are shown once, in order, and go to a login card (with a badge issued on this visit, if any).
 */
export function StudentPictures({ student }: { student: StaffStudent }) {
  const { t } = useTranslation();
  const s = student.student;
  const status = student.pictures ?? noPictures;
  const set = useSetPictures(s.id);
  const remove = useRemovePictures(s.id);
  const unlock = useUnlockPictures(s.id);
  const errorMessage = usePictureErrorMessage();
  const [mode, setMode] = useState<Mode>();
  const setRef = useRef<HTMLButtonElement>(null);
  const chooseRef = useRef<HTMLButtonElement>(null);
  const removeRef = useRef<HTMLButtonElement>(null);
  const issued = set.data;
  const source = `student:${s.id}`;
  const keep = (pictures: IssuedPictures) => holdCards(pictureCards([pictures], s.schoolName, undefined, source));
  const clear = () => {
    set.reset();
    remove.reset();
    unlock.reset();
  };
  const back = (to: Mode) => {
    setMode(undefined);
    clear();
    const ref = to === 'choose' ? chooseRef : to === 'remove' ? removeRef : setRef;
    requestAnimationFrame(() => ref.current?.focus());
  };
  const setPictures = (pictures?: PictureId[]) => {
    clear();
    set.mutate(pictures, {
      onSuccess: (done) => {
        setMode(undefined);
        keep(done);
      },
    });
  };

  let action;
  if (mode === 'choose') {
    action = (
      <PicturePicker
        replaces={status.state !== 'none'}
        pending={set.isPending}
        error={set.isError ? errorMessage(set.error) : undefined}
        onSave={(pictures) => setPictures(pictures)}
        onCancel={() => back('choose')}
      />
    );
  } else if (mode) {
    const removing = mode === 'remove';
    action = (
      <ConfirmPanel
        question={t(removing ? 'staffPictures.student.removeQuestion' : 'staffPictures.student.replaceQuestion')}
        yes={t(removing ? 'staffPictures.student.removeYes' : 'staffPictures.student.replaceYes')}
        busy={t(removing ? 'staffPictures.student.removing' : 'staffPictures.student.setting')}
        cancel={t('staffPictures.student.cancel')}
        pending={set.isPending || remove.isPending}
        error={removing ? (remove.isError ? errorMessage(remove.error) : undefined) : set.isError ? errorMessage(set.error) : undefined}
        onConfirm={() => {
          if (!removing) {
            setPictures();
            return;
          }
          clear();
          remove.mutate(undefined, {
            onSuccess: () => {
              setMode(undefined);
              dropFromCards(s.id, 'pictures');
            },
          });
        }}
        onCancel={() => back(mode)}
      />
    );
  } else {
    action = (
      <p className="staff-actions">
        <button
          ref={setRef}
          type="button"
          className="button"
          aria-disabled={set.isPending || undefined}
          onClick={() => {
            if (set.isPending) return;
            if (status.state === 'none') setPictures();
            else setMode('replace');
          }}
        >
          {set.isPending ? t('staffPictures.student.setting') : t('staffPictures.student.setRandom')}
        </button>
        <button
          ref={chooseRef}
          type="button"
          className="button"
          onClick={() => {
            clear();
            setMode('choose');
          }}
        >
          {t('staffPictures.student.choose')}
        </button>
        {status.state === 'locked' && (
          <button
            type="button"
            className="button"
            aria-disabled={unlock.isPending || undefined}
            onClick={() => {
              if (unlock.isPending) return;
              clear();
              unlock.mutate();
            }}
          >
            {unlock.isPending ? t('staffPictures.student.unlocking') : t('staffPictures.student.unlock')}
          </button>
        )}
        {status.state !== 'none' && (
          <button ref={removeRef} type="button" className="button" onClick={() => setMode('remove')}>
            {t('staffPictures.student.remove')}
          </button>
        )}
      </p>
    );
  }

  return (
    <section aria-labelledby="pictures-title" className="staff-action">
      <h3 id="pictures-title">{t('staffPictures.student.title')}</h3>
      <p>{t('staffPictures.student.intro')}</p>
      <PictureState status={status} />
      <div role="status">
        {!mode && remove.isSuccess && <p className="notice notice--ok">{t('staffPictures.student.removed')}</p>}
        {!mode && unlock.isSuccess && <p className="notice notice--ok">{t('staffPictures.student.unlocked')}</p>}
        {!mode && issued && (
          <div className="notice notice--ok picture-issued">
            <p>{t('staffPictures.student.done', { name: `${issued.firstName} ${issued.lastName}` })}</p>
            <PictureRow ids={issued.pictures} size="large" />
            <PrintCardButton label={t('staffPictures.student.printCard')} keep={() => keep(issued)} />
          </div>
        )}
      </div>
      {!mode && (set.isError || unlock.isError) && (
        <p role="alert" className="alert">
          {errorMessage(set.isError ? set.error : unlock.error)}
        </p>
      )}
      {action}
    </section>
  );
}
