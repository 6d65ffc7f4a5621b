import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageTitle } from '../../components/page-title.tsx';
import { ApiError } from '../../lib/api-error.ts';
import { CodeForm, type CodeKind } from './code-form.tsx';
import { isStepGone, useStaffErrorMessage } from './staff-errors.ts';
import { startStaffSession, usePasskeySignIn, useSecondFactorCode, type StaffSignInStep } from './staff-session.ts';
import { getPasskey, passkeysSupported } from './webauthn.ts';

interface SecondFactorStepProps {
  methods: StaffSignInStep['methods'];
  /** Back to the email and password; expired says the step ran out of time. */
  onRestart(expired: boolean): void;
}

/** PasskeyButton offers the account's passkey; its failure is said next to it. */
export function PasskeyButton({ pending, failed, onClick }: { pending: boolean; failed: string | undefined; onClick(): void }) {
  const { t } = useTranslation();
  if (!passkeysSupported()) return <p className="field__hint">{t('staff.secondFactor.passkeyUnsupported')}</p>;
  return (
    <div className="staff-passkey">
      <button type="button" className="button" aria-disabled={pending || undefined} onClick={() => pending || onClick()}>
        {pending ? t('staff.secondFactor.passkeyWorking') : t('staff.secondFactor.passkey')}
      </button>
      {failed && (
        <p role="alert" className="field__error">
          {failed}
        </p>
      )}
    </div>
  );
}

/** SecondFactorStep finishes a sign-in: a code from the app, a recovery code, or a passkey. */
export function SecondFactorStep({ methods, onRestart }: SecondFactorStepProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const verify = useSecondFactorCode('sign-in');
  const passkey = usePasskeySignIn(getPasskey);
  const errorMessage = useStaffErrorMessage();
  const [kind, setKind] = useState<CodeKind>(methods.includes('totp') || !methods.includes('recovery_code') ? 'app' : 'recovery');
  const [refusals, setRefusals] = useState(0);

  const onFailure = (error: unknown) => {
    if (isStepGone(error)) onRestart(true);
    else setRefusals((n) => n + 1);
  };

  const submit = (code: string) => {
    passkey.reset();
    verify.mutate(code, { onError: onFailure });
  };

  const usePasskey = () => {
    verify.reset();
    passkey.mutate(undefined, {
      onSuccess: (session) => startStaffSession(queryClient, session),
      onError: (error) => isStepGone(error) && onRestart(true),
    });
  };

  // A passkey the browser refused (cancelled, timed out, unknown) is not the server's answer.
  const passkeyError = passkey.isError
    ? passkey.error instanceof ApiError
      ? errorMessage(passkey.error)
      : t('staff.secondFactor.passkeyFailed')
    : undefined;
  const other: CodeKind = kind === 'app' ? 'recovery' : 'app';
  return (
    <>
      <PageTitle>{t('staff.secondFactor.title')}</PageTitle>
      <p>{kind === 'app' ? t('staff.secondFactor.intro') : t('staff.secondFactor.introRecovery')}</p>
      <CodeForm
        key={kind}
        idPrefix="staff-second-factor"
        kind={kind}
        submitLabel={t('staff.secondFactor.submit')}
        submittingLabel={t('staff.secondFactor.submitting')}
        pending={verify.isPending}
        error={verify.isError ? errorMessage(verify.error) : undefined}
        refusals={refusals}
        onSubmit={submit}
        onInvalid={verify.reset}
      />
      <p>
        <button
          type="button"
          className="link-button"
          onClick={() => {
            verify.reset();
            setKind(other);
          }}
        >
          {other === 'recovery' ? t('staff.secondFactor.useRecovery') : t('staff.secondFactor.useApp')}
        </button>
      </p>
      {methods.includes('passkey') && (
        <>
          <p>{t('staff.secondFactor.or')}</p>
          <PasskeyButton pending={passkey.isPending} failed={passkeyError} onClick={usePasskey} />
        </>
      )}
      <p className="form-footer">
        <button type="button" className="link-button" onClick={() => onRestart(false)}>
          {t('staff.secondFactor.restart')}
        </button>
      </p>
    </>
  );
}
