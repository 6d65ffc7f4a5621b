import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmPanel } from '../../components/confirm-panel.tsx';
import '../../components/choice-group.css';
import './report-strings.ts';

export interface AccessCodeFormProps {
  /** The submit button's words, and its words while the answer is on its way. */
  submit: string;
  busy: string;
  pending: boolean;
  /** A refusal, in words (or with a link), shown above the form. */
  error?: ReactNode;
  /** More fields between the choice and the button (the school page's grade). */
  children?: ReactNode;
  onSubmit(reissue: boolean): void;
}

const choices = ['missing', 'everyone'] as const;

/**
 * AccessCodeForm is "which students get a new parent access code", the class's and the school's
 * pages alike: those with none, or everyone. Reissuing ends every family's unused code, so it
 * asks first.
 */
export function AccessCodeForm({ submit, busy, pending, error, children, onSubmit }: AccessCodeFormProps) {
  const { t } = useTranslation();
  const [choice, setChoice] = useState<(typeof choices)[number]>('missing');
  const [confirming, setConfirming] = useState(false);
  const submitRef = useRef<HTMLButtonElement>(null);

  const onFormSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (pending) return;
    if (choice === 'everyone') setConfirming(true);
    else onSubmit(false);
  };
  return (
    <>
      {error && !confirming && (
        <div role="alert" className="alert">
          {error}
        </div>
      )}
      <form className="form" noValidate onSubmit={onFormSubmit}>
        <fieldset className="choice-group">
          <legend>{t('staffReport.codes.which')}</legend>
          {choices.map((c) => (
            <div className="choice-group__option" key={c}>
              <input
                type="radio"
                id={`codes-${c}`}
                name="codes-which"
                value={c}
                checked={choice === c}
                aria-describedby={`codes-${c}-hint`}
                onChange={() => setChoice(c)}
              />
              <label htmlFor={`codes-${c}`}>{t(`staffReport.codes.${c}`)}</label>
              <p className="field__hint" id={`codes-${c}-hint`}>
                {t(`staffReport.codes.${c}Hint`)}
              </p>
            </div>
          ))}
        </fieldset>
        {children}
        {!confirming && (
          <p>
            <button ref={submitRef} type="submit" className="button button--primary" aria-disabled={pending || undefined}>
              {pending ? busy : submit}
            </button>
          </p>
        )}
      </form>
      {confirming && (
        <ConfirmPanel
          question={t('staffReport.codes.confirm')}
          yes={t('staffReport.codes.confirmYes')}
          busy={busy}
          cancel={t('staffReport.codes.cancel')}
          pending={pending}
          onConfirm={() => {
            setConfirming(false);
            onSubmit(true);
          }}
          onCancel={() => {
            setConfirming(false);
            requestAnimationFrame(() => submitRef.current?.focus());
          }}
        />
      )}
    </>
  );
}
