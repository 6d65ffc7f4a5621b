import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageTitle } from '../../components/page-title.tsx';
import { TextField } from '../../components/text-field.tsx';
import { ApiError } from '../../lib/api-error.ts';
import { useErrorMessage } from '../../lib/error-message.ts';
import { SignInLink } from './sign-in-link.tsx';
import { useVerify, type VerifyStepProps } from './use-verify.ts';

type PinError = 'required' | 'shape';

const pinShape = /^\d{6,8}$/;

export function PinStep({ flowToken, onVerified, onRefused }: VerifyStepProps) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const { send, pending, problem, clearProblem, alertRef } = useVerify({ onVerified, onRefused });
  const [pin, setPin] = useState('');
  const [visible, setVisible] = useState(false);
  const [fieldError, setFieldError] = useState<PinError>();
  const inputRef = useRef<HTMLInputElement>(null);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (pending) return;
    // Only the shape every PIN has: this says nothing about the account.
    const error: PinError | undefined = pin === '' ? 'required' : pinShape.test(pin) ? undefined : 'shape';
    setFieldError(error);
    if (error) {
      clearProblem();
      inputRef.current?.focus();
      return;
    }
    send({ flowToken, method: 'pin', pin });
  };

  // The server checks the shape too (422 pin_rules); say it in our words by the field.
  const shapeRefused = problem instanceof ApiError && problem.code === 'pin_rules';
  const mismatch = problem instanceof ApiError && problem.code === 'verification_failed';
  const formError =
    problem === undefined || shapeRefused
      ? undefined
      : mismatch
        ? t('forgot.pin.errors.mismatch')
        : errorMessage(problem);
  const formErrorId = 'forgot-pin-problem';

  useEffect(() => {
    if (shapeRefused) inputRef.current?.focus();
  }, [shapeRefused, problem]);
  const pinError = fieldError ?? (shapeRefused ? 'shape' : undefined);

  return (
    <>
      <PageTitle>{t('forgot.pin.title')}</PageTitle>
      {formError && (
        <div id={formErrorId} ref={alertRef} role="alert" tabIndex={-1} className="alert">
          {formError}
        </div>
      )}
      <form className="form" noValidate onSubmit={onSubmit}>
        <TextField
          ref={inputRef}
          id="forgot-pin"
          name="pin"
          label={t('forgot.pin.label')}
          hint={t('forgot.pin.hint')}
          error={pinError && t(`forgot.pin.errors.${pinError}`)}
          describedBy={formError ? [formErrorId] : []}
          invalid={mismatch}
          type={visible ? 'text' : 'password'}
          inputMode="numeric"
          autoComplete="off"
          autoCorrect="off"
          spellCheck={false}
          maxLength={64}
          value={pin}
          onChange={(e) => setPin(e.target.value)}
          addon={
            <button
              type="button"
              className="field__toggle"
              aria-pressed={visible}
              aria-controls="forgot-pin"
              onClick={() => setVisible((v) => !v)}
            >
              {t('forgot.pin.show')}
            </button>
          }
        />
        <button type="submit" className="button button--primary" aria-disabled={pending || undefined}>
          {pending ? t('forgot.checking') : t('forgot.pin.submit')}
        </button>
      </form>
      <p className="form-footer">
        <Link to="/forgot/how">{t('forgot.pin.otherWay')}</Link>
      </p>
      <SignInLink />
    </>
  );
}
