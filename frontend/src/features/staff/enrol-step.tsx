import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CopyButton } from '../../components/copy-button.tsx';
import { LoadError } from '../../components/load-error.tsx';
import { Loading } from '../../components/loading.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { CodeForm } from './code-form.tsx';
import { isStepGone, useStaffErrorMessage } from './staff-errors.ts';
import { useFocusTitle } from '../../lib/focus-title.ts';
import { startStaffSession, useConfirmEnrolment, useTotpEnrolment, type StaffEnrolled } from './staff-session.ts';
import '../../components/choice-group.css';

/** groupKey writes a base32 key in groups of four, as authenticator apps show and people type it. */
export function groupKey(secret: string): string {
  return secret.replace(/\s+/g, '').replace(/(.{4})(?=.)/g, '$1 ');
}

/** recoveryText is the recovery codes as the downloaded text file holds them. */
export function recoveryText(intro: string, codes: readonly string[]): string {
  return [intro, '', ...codes, ''].join('\n');
}

/**
 * RecoveryCodes shows the ten recovery codes, once: to download as text, to print, and a box to
 * tick before going on, so nobody walks past them by accident.
 */
function RecoveryCodes({ enrolled }: { enrolled: StaffEnrolled }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [saved, setSaved] = useState(false);
  const [missing, setMissing] = useState(false);
  const checkRef = useRef<HTMLInputElement>(null);
  useFocusTitle(enrolled);

  const intro = t('staff.recovery.fileIntro', { email: enrolled.session.staff.email });
  const file = `data:text/plain;charset=utf-8,${encodeURIComponent(recoveryText(intro, enrolled.recoveryCodes))}`;
  const onContinue = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!saved) {
      setMissing(true);
      checkRef.current?.focus();
      return;
    }
    startStaffSession(queryClient, enrolled.session);
  };
  return (
    <>
      <PageTitle>{t('staff.recovery.title')}</PageTitle>
      <p>{t('staff.recovery.intro')}</p>
      <p className="staff-strong">{t('staff.recovery.once')}</p>
      <section className="staff-print-area" aria-labelledby="recovery-codes-title">
        <h2 id="recovery-codes-title">{t('staff.recovery.listLabel')}</h2>
        <p className="staff-print-only">{intro}</p>
        <ol className="recovery-codes" translate="no">
          {enrolled.recoveryCodes.map((code) => (
            <li key={code}>
              <code>{code}</code>
            </li>
          ))}
        </ol>
      </section>
      <p className="staff-actions">
        <a className="button" href={file} download="recovery-codes.txt">
          {t('staff.recovery.download')}
        </a>
        <button type="button" className="button" onClick={() => window.print()}>
          {t('staff.recovery.print')}
        </button>
      </p>
      <form className="form" noValidate onSubmit={onContinue}>
        <div className={missing && !saved ? 'check-row field--error' : 'check-row'}>
          <input
            ref={checkRef}
            type="checkbox"
            id="recovery-saved"
            checked={saved}
            aria-invalid={(missing && !saved) || undefined}
            aria-describedby={missing && !saved ? 'recovery-saved-error' : undefined}
            onChange={(e) => setSaved(e.target.checked)}
          />
          <label htmlFor="recovery-saved">{t('staff.recovery.saved')}</label>
          {missing && !saved && (
            <p id="recovery-saved-error" className="field__error" role="alert">
              {t('staff.recovery.savedRequired')}
            </p>
          )}
        </div>
        <button type="submit" className="button button--primary">
          {t('staff.recovery.continue')}
        </button>
      </form>
    </>
  );
}

/**
 * EnrolStep sets up the authenticator app at the first sign-in: a QR code to scan (or the key
 * to type), then a code from the app to prove it works, then the recovery codes.
 */
export function EnrolStep({ onRestart }: { onRestart(expired: boolean): void }) {
  const { t } = useTranslation();
  const enrolment = useTotpEnrolment();
  const confirm = useConfirmEnrolment();
  const errorMessage = useStaffErrorMessage();
  const [refusals, setRefusals] = useState(0);

  const gone = isStepGone(enrolment.error);
  useEffect(() => {
    if (gone) onRestart(true);
  }, [gone, onRestart]);

  if (confirm.isSuccess) return <RecoveryCodes enrolled={confirm.data} />;

  const restartLink = (
    <p className="form-footer">
      <button type="button" className="link-button" onClick={() => onRestart(false)}>
        {t('staff.enrol.restart')}
      </button>
    </p>
  );
  if (enrolment.isPending || gone) {
    return (
      <>
        <PageTitle>{t('staff.enrol.title')}</PageTitle>
        <Loading />
      </>
    );
  }
  if (enrolment.isError) {
    return (
      <>
        <PageTitle>{t('staff.enrol.title')}</PageTitle>
        <LoadError
          what={t('staff.enrol.loadError')}
          message={errorMessage(enrolment.error)}
          retryLabel={t('staff.enrol.retry')}
          onRetry={() => void enrolment.refetch()}
        />
        {restartLink}
      </>
    );
  }

  const { qrCode, secret } = enrolment.data;
  const grouped = groupKey(secret);
  return (
    <>
      <PageTitle>{t('staff.enrol.title')}</PageTitle>
      <p>{t('staff.enrol.intro')}</p>
      <ol className="staff-steps">
        <li>
          <p>{t('staff.enrol.scan')}</p>
          {/* The CSP allows data: images; the PNG comes from the server's QR encoder. */}
          <img className="staff-qr" src={qrCode} alt={t('staff.enrol.qrAlt')} width="200" height="200" />
          <p>{t('staff.enrol.keyIntro')}</p>
          <p className="staff-key" translate="no">
            <code>{grouped}</code>
          </p>
          <p className="staff-actions">
            <CopyButton
              text={secret}
              label={t('staff.enrol.copy')}
              copied={t('staff.enrol.copied')}
              failed={t('staff.enrol.copyFailed')}
            />
          </p>
        </li>
        <li>
          <p>{t('staff.enrol.confirmIntro')}</p>
          <CodeForm
            idPrefix="staff-enrol"
            kind="app"
            submitLabel={t('staff.enrol.submit')}
            submittingLabel={t('staff.enrol.submitting')}
            pending={confirm.isPending}
            error={confirm.isError ? errorMessage(confirm.error) : undefined}
            refusals={refusals}
            onSubmit={(code) =>
              confirm.mutate(code, {
                onError: (error) => (isStepGone(error) ? onRestart(true) : setRefusals((n) => n + 1)),
              })
            }
            onInvalid={confirm.reset}
          />
        </li>
      </ol>
      {restartLink}
    </>
  );
}
