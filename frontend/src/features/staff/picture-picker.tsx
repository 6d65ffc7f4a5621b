import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Picture, pictureIds, usePictureName, usePictureSequence, type PictureId } from '../../components/picture.tsx';
import './picture-strings.ts';
import './pictures.css';

export interface PicturePickerProps {
  /** The student has pictures now: saving replaces them, and the picker says so. */
  replaces: boolean;
  pending: boolean;
  /** The server's refusal, in words. */
  error?: string | undefined;
  onSave(pictures: PictureId[]): void;
  onCancel(): void;
}

/** choose is a tap on a picture: added in order, unless already chosen or 3 are chosen. */
export function choose(chosen: readonly PictureId[], id: PictureId): PictureId[] {
  return chosen.length >= 3 || chosen.includes(id) ? [...chosen] : [...chosen, id];
}

/**
 * PicturePicker lets staff choose a student's picture password: 3 different pictures of the 16,
 * tapped in the order the child will tap them. A chosen picture shows its number and cannot be
 * chosen again; once 3 are chosen, further taps do nothing until "Start again".
 */
export function PicturePicker({ replaces, pending, error, onSave, onCancel }: PicturePickerProps) {
  const { t } = useTranslation();
  const name = usePictureName();
  const sequence = usePictureSequence();
  const titleId = useId();
  const titleRef = useRef<HTMLHeadingElement>(null);
  const [chosen, setChosen] = useState<PictureId[]>([]);
  const [tooFew, setTooFew] = useState(false);
  useEffect(() => titleRef.current?.focus(), []);
  const full = chosen.length === 3;
  return (
    <div
      className="picture-picker"
      role="group"
      aria-labelledby={titleId}
      onKeyDown={(event) => {
        if (event.key !== 'Escape' || pending) return;
        event.preventDefault();
        onCancel();
      }}
    >
      <h4 id={titleId} ref={titleRef} tabIndex={-1}>
        {t('staffPictures.picker.title')}
      </h4>
      <p>{t('staffPictures.picker.intro')}</p>
      {replaces && <p>{t('staffPictures.picker.replaces')}</p>}
      <ul className="picture-picker__grid" aria-label={t('staffPictures.picker.grid')}>
        {pictureIds.map((id) => {
          const at = chosen.indexOf(id);
          const off = at >= 0 || full;
          return (
            <li key={id}>
              <button
                type="button"
                className="picture-picker__button"
                aria-pressed={at >= 0}
                aria-disabled={off || undefined}
                title={at >= 0 ? t('staffPictures.picker.taken', { number: at + 1 }) : undefined}
                onClick={() => {
                  if (off) return;
                  setTooFew(false);
                  setChosen(choose(chosen, id));
                }}
              >
                <Picture id={id} labelled={false} />
                <span className="picture-picker__name">{name(id)}</span>
                {at >= 0 && (
                  <span className="picture-picker__number" aria-hidden="true">
                    {at + 1}
                  </span>
                )}
              </button>
            </li>
          );
        })}
      </ul>
      <ol className="picture-picker__slots" aria-hidden="true">
        {[0, 1, 2].map((i) => {
          const id = chosen[i];
          return (
            <li key={i} className="picture-picker__slot">
              <span className="picture-row__number">{i + 1}</span>
              {id ? <Picture id={id} labelled={false} /> : <span className="picture-picker__empty" />}
            </li>
          );
        })}
      </ol>
      <p role="status" className="picture-picker__progress">
        {full ? t('staffPictures.picker.full', { sequence: sequence(chosen) }) : t('staffPictures.picker.progress', { count: chosen.length })}
      </p>
      {(tooFew || error) && (
        <p role="alert" className="alert">
          {tooFew ? t('staffPictures.picker.needThree') : error}
        </p>
      )}
      <p className="picture-picker__actions">
        <button
          type="button"
          className="button button--primary"
          aria-disabled={pending || !full || undefined}
          onClick={() => {
            if (pending) return;
            if (!full) setTooFew(true);
            else onSave(chosen);
          }}
        >
          {pending ? t('staffPictures.picker.saving') : t('staffPictures.picker.save')}
        </button>
        <button
          type="button"
          className="button"
          onClick={() => {
            setChosen([]);
            setTooFew(false);
          }}
        >
          {t('staffPictures.picker.again')}
        </button>
        <button type="button" className="button" onClick={() => pending || onCancel()}>
          {t('staffPictures.picker.cancel')}
        </button>
      </p>
    </div>
  );
}
