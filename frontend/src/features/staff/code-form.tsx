import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { TextField } from '../../components/text-field.tsx';

export type CodeKind = 'app' | 'recovery';

export interface CodeFormProps {
  idPrefix: string;
  kind: CodeKind;
  submitLabel: string;
  submittingLabel: string;
  pending: boolean;
  /** The server's refusal in words, shown above the field in an alert that takes focus. */
  error?: string | undefined;
  /** Counts refusals, so the same message coming back moves the focus again. */
  refusals: number;
  onSubmit(code: string): void;
  /** Called when the page refuses the code before sending it (empty, not 6 digits). */
  onInvalid(): void;
}

/** appCode is an authenticator code as typed, without the spaces some apps show in the middle. */
function appCode(typed: string): string {
  return typed.replace(/\s+/g, '');
}

/**
 * CodeForm asks for a second-factor code: the 6 digits of the authenticator app (a numeric
 * keyboard on a phone, filled in by the phone from a text message or app where it can) or
 * one of the recovery codes.
 */
export function CodeForm({ idPrefix, kind, submitLabel, submittingLabel, pending, error, refusals, onSubmit, onInvalid }: CodeFormProps) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [fieldError, setFieldError] = useState<string>();
  const inputRef = useRef<HTMLInputElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (refusals > 0) alertRef.current?.focus();
  }, [refusals]);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (pending) return;
    const value = kind === 'app' ? appCode(code) : code.trim();
    let problem: string | undefined;
    if (value === '') problem = kind === 'app' ? t('staff.code.appRequired') : t('staff.code.recoveryRequired');
    else if (kind === 'app' && !/^\d{6}$/.test(value)) problem = t('staff.code.appFormat');
    setFieldError(problem);
    if (problem) {
      onInvalid();
      inputRef.current?.focus();
      return;
    }
    onSubmit(value);
  };

  const errorId = `${idPrefix}-error`;
  return (
    <>
      {error && (
        <div id={errorId} ref={alertRef} role="alert" tabIndex={-1} className="alert">
          {error}
        </div>
      )}
      <form className="form" noValidate onSubmit={submit}>
        {kind === 'app' ? (
          <TextField
            ref={inputRef}
            key="app"
            id={`${idPrefix}-code`}
            name="code"
            label={t('staff.code.appLabel')}
            hint={t('staff.code.appHint')}
            error={fieldError}
            describedBy={error ? [errorId] : []}
            invalid={Boolean(error)}
            className="field--code"
            type="text"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9 ]*"
            maxLength={7}
            value={code}
            onChange={(e) => setCode(e.target.value)}
          />
        ) : (
          <TextField
            ref={inputRef}
            key="recovery"
            id={`${idPrefix}-recovery`}
            name="code"
            label={t('staff.code.recoveryLabel')}
            hint={t('staff.code.recoveryHint')}
            error={fieldError}
            describedBy={error ? [errorId] : []}
            invalid={Boolean(error)}
            className="field--code"
            type="text"
            autoComplete="off"
            autoCapitalize="characters"
            autoCorrect="off"
            spellCheck={false}
            maxLength={64}
            value={code}
            onChange={(e) => setCode(e.target.value)}
          />
        )}
        <button type="submit" className="button button--primary" aria-disabled={pending || undefined}>
          {pending ? submittingLabel : submitLabel}
        </button>
      </form>
    </>
  );
}
