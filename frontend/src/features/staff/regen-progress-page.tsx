import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ConfirmPanel } from '../../components/confirm-panel.tsx';
import { LoadError } from '../../components/load-error.tsx';
import { Loading } from '../../components/loading.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { isRefusal } from '../../lib/api-error.ts';
import { DistrictAdminOnly } from './regen-page.tsx';
import { RegenCountsTable } from './regen-preview.tsx';
import { isLive, useCancelRegeneration, useRegeneration, type RegenerationStatus } from './regen-queries.ts';
import { durationWords, RegenFilters, rateWords, requestedWhen, timeLeftWords } from './regen-words.tsx';
import { RenewSecondFactor } from './renew-second-factor.tsx';
import { useStaffErrorMessage } from './staff-errors.ts';
import { RequireStaff, StaffPage } from './staff-frame.tsx';
import './regen-strings.ts';
import './regen.css';

function BackToHistory() {
  const { t } = useTranslation();
  return (
    <p>
      <Link to="/staff/district/regenerations">{t('staffRegen.progress.back')}</Link>
    </p>
  );
}

interface CancelProps {
  requestId: string;
  /** Where the focus goes once the request is cancelled and the button is gone. */
  onCancelled(): void;
}

/** CancelRequest stops a live request after asking; a second factor gone stale is asked for again. */
function CancelRequest({ requestId, onCancelled }: CancelProps) {
  const { t } = useTranslation();
  const cancel = useCancelRegeneration(requestId);
  const errorMessage = useStaffErrorMessage();
  const [step, setStep] = useState<'idle' | 'confirm' | 'renew'>('idle');
  const buttonRef = useRef<HTMLButtonElement>(null);
  const back = () => {
    cancel.reset();
    setStep('idle');
    requestAnimationFrame(() => buttonRef.current?.focus());
  };
  const send = () =>
    cancel.mutate(undefined, {
      onSuccess: onCancelled,
      onError: (error) => isRefusal(error, 403, 'second_factor_stale') && setStep('renew'),
    });
  const refusal =
    cancel.isError && !isRefusal(cancel.error, 403, 'second_factor_stale')
      ? isRefusal(cancel.error, 409, 'regeneration_ended')
        ? t('staffRegen.progress.ended')
        : errorMessage(cancel.error)
      : undefined;
  return (
    <>
      <p className="staff-actions">
        <button
          ref={buttonRef}
          type="button"
          className="button"
          aria-disabled={step !== 'idle' || undefined}
          onClick={() => step === 'idle' && setStep('confirm')}
        >
          {t('staffRegen.progress.cancel')}
        </button>
      </p>
      {step === 'confirm' && (
        <ConfirmPanel
          question={t('staffRegen.progress.cancelQuestion')}
          body={t('staffRegen.progress.cancelBody')}
          yes={t('staffRegen.progress.cancelYes')}
          busy={t('staffRegen.progress.cancelling')}
          cancel={t('staffRegen.progress.keep')}
          pending={cancel.isPending}
          error={refusal}
          onConfirm={send}
          onCancel={back}
        />
      )}
      {step === 'renew' && (
        <RenewSecondFactor
          onRenewed={() => {
            setStep('confirm');
            send();
          }}
          onCancel={back}
        />
      )}
    </>
  );
}

/** Ended says how a request ended: how many students changed, how long it took, who stopped it or why. */
function Ended({ request }: { request: RegenerationStatus }) {
  const { t } = useTranslation();
  return (
    <>
      <p className="staff-strong">{t('staffRegen.progress.summary', { done: request.done, total: request.total })}</p>
      {request.durationSeconds !== undefined && <p>{t('staffRegen.progress.duration', { duration: durationWords(request.durationSeconds, t) })}</p>}
      {request.status === 'cancelled' && request.cancelledBy && <p>{t('staffRegen.progress.cancelledBy', { name: request.cancelledBy })}</p>}
      {request.status === 'failed' && (
        <p className="alert">{t('staffRegen.progress.failed', { error: request.error ?? t('staff.errors.unknown') })}</p>
      )}
    </>
  );
}

/** Progress is the request's bar, its status in words (read out when it changes, not on every tick), rate and time left. */
function Progress({ request }: { request: RegenerationStatus }) {
  const { t, i18n } = useTranslation();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const live = isLive(request);
  const doneOf = t('staffRegen.progress.doneOf', { done: request.done, total: request.total });
  const share = request.total > 0 ? Math.min(100, (request.done / request.total) * 100) : live ? 0 : 100;
  return (
    <section aria-labelledby="regen-progress-title">
      <h2 id="regen-progress-title" ref={headingRef} tabIndex={-1}>
        {t('staffRegen.progress.bar')}
      </h2>
      <p role="status" aria-live="polite" aria-atomic="true" className="staff-strong">
        {t(`staffRegen.status.${request.status}`)}
      </p>
      <div
        className="regen-bar"
        role="progressbar"
        aria-labelledby="regen-progress-title"
        aria-valuemin={0}
        aria-valuemax={request.total}
        aria-valuenow={request.done}
        aria-valuetext={doneOf}
      >
        <div className="regen-bar__fill" style={{ width: `${share}%` }} />
      </div>
      <p>{doneOf}</p>
      {live && request.ratePerSecond !== undefined && <p>{rateWords(request.ratePerSecond, i18n.language, t)}</p>}
      {live && request.secondsLeft !== undefined && <p>{timeLeftWords(request.secondsLeft, t)}</p>}
      {live && <p>{t('staffRegen.progress.keepsRunning')}</p>}
      {live && <CancelRequest requestId={request.id} onCancelled={() => headingRef.current?.focus()} />}
      {!live && <Ended request={request} />}
    </section>
  );
}

function Request({ requestId }: { requestId: string }) {
  const { t, i18n } = useTranslation();
  const request = useRegeneration(requestId);
  const errorMessage = useStaffErrorMessage();
  if (request.isPending) return <Loading />;
  if (request.isError) {
    if (isRefusal(request.error, 404)) {
      return (
        <>
          <PageTitle>{t('staffRegen.progress.notFoundTitle')}</PageTitle>
          <p>{t('staffRegen.progress.notFoundBody')}</p>
          <BackToHistory />
        </>
      );
    }
    return (
      <LoadError
        what={t('staffRegen.progress.loadError')}
        message={errorMessage(request.error)}
        retryLabel={t('staffRegen.progress.retry')}
        onRetry={() => void request.refetch()}
      />
    );
  }
  const data = request.data;
  return (
    <>
      <BackToHistory />
      <PageTitle>{t('staffRegen.progress.title')}</PageTitle>
      <p>{t('staffRegen.progress.requested', { name: data.requestedBy.name, ...requestedWhen(data, i18n.language) })}</p>
      <Progress request={data} />
      <section aria-labelledby="regen-filters-title">
        <h2 id="regen-filters-title">{t('staffRegen.progress.filters')}</h2>
        <RegenFilters request={data} />
      </section>
      <section aria-labelledby="regen-counts-title">
        <h2 id="regen-counts-title">{t('staffRegen.progress.countsTitle')}</h2>
        <p>{t('staffRegen.progress.previewed', { count: data.dryRun.total })}</p>
        <RegenCountsTable counts={data.dryRun} caption={t('staffRegen.progress.counts')} />
      </section>
    </>
  );
}

/** RegenProgressPage follows a confirmed regeneration request: live progress, cancel, then how it ended. */
export function RegenProgressPage() {
  const { requestId = '' } = useParams();
  return (
    <StaffPage wide>
      <RequireStaff>
        <DistrictAdminOnly>
          <Request key={requestId} requestId={requestId} />
        </DistrictAdminOnly>
      </RequireStaff>
    </StaffPage>
  );
}
