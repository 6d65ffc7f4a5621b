import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ConfirmPanel } from '../../components/confirm-panel.tsx';
import { isRefusal } from '../../lib/api-error.ts';
import { useConfirmStep } from './confirm-step.ts';
import { isLive, regenPath, useRegenerations, useRunRegeneration, type RegenerationDryRun, type RegenerationRequest } from './regen-queries.ts';
import { RenewSecondFactor } from './renew-second-factor.tsx';
import { useStaffErrorMessage } from './staff-errors.ts';
import './regen-strings.ts';

/** RunningLink leads to the district's request that is still running, found in the history. */
function RunningLink() {
  const { t } = useTranslation();
  const history = useRegenerations();
  const running = history.data?.find(isLive);
  if (history.isPending) return null;
  return running ? <Link to={regenPath(running.id)}>{t('staffRegen.run.seeRunning')}</Link> : <HistoryLink />;
}

function HistoryLink() {
  const { t } = useTranslation();
  return <Link to="/staff/district/regenerations">{t('staffRegen.run.seeHistory')}</Link>;
}

interface RunRefusalProps {
  error: unknown;
  requestId: string;
  onPreviewAgain(): void;
}

/** RunRefusal says why confirming was refused, in words, with the way on; it takes the focus. */
function RunRefusal({ error, requestId, onPreviewAgain }: RunRefusalProps) {
  const { t } = useTranslation();
  const errorMessage = useStaffErrorMessage();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), [error]);
  let words = errorMessage(error);
  let way = null;
  if (isRefusal(error, 409, 'dry_run_expired')) {
    words = t('staffRegen.run.expired');
    way = (
      <button type="button" className="button" onClick={onPreviewAgain}>
        {t('staffRegen.run.previewAgain')}
      </button>
    );
  } else if (isRefusal(error, 409, 'regeneration_running')) {
    words = t('staffRegen.run.running');
    way = <RunningLink />;
  } else if (isRefusal(error, 409, 'regeneration_confirmed')) {
    words = t('staffRegen.run.confirmed');
    way = <Link to={regenPath(requestId)}>{t('staffRegen.run.seeConfirmed')}</Link>;
  }
  return (
    <div ref={ref} role="alert" className="alert" tabIndex={-1}>
      <p>{words}</p>
      {way && <p>{way}</p>}
    </div>
  );
}

export interface RegenConfirmProps {
  dryRun: RegenerationDryRun;
  /** The request as previewed: the recap words its boxes. */
  request: RegenerationRequest;
  /** Runs the same request's dry run again (the draft expired). */
  onPreviewAgain(): void;
  /** The confirm step is open: the page keeps the form still, so what runs is what was previewed. */
  onAsking(asking: boolean): void;
}

/**
 * RegenConfirm runs a previewed request: a recap of what will happen in plain words, a button
 * naming how many passwords change, and a confirm step. It runs the dry run's stored draft (its
 * requestId), never the form as it is now, then goes to the request's progress page. A stale
 * second factor is asked for again and the run retried; every other refusal is said in words.
 */
export function RegenConfirm({ dryRun, request, onPreviewAgain, onAsking }: RegenConfirmProps) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const run = useRunRegeneration();
  const { step, setStep, buttonRef, refused, back } = useConfirmStep(() => run.reset());
  const count = dryRun.total;
  const reset = request.alsoReset;
  useEffect(() => {
    onAsking(step !== 'idle');
    // Gone (a new preview, another page), it no longer holds the form still.
    return () => onAsking(false);
  }, [step, onAsking]);

  const start = () =>
    run.mutate(dryRun.requestId, {
      onSuccess: (status) => void navigate(regenPath(status.id)),
      onError: refused,
    });

  return (
    <section className="regen-confirm" aria-labelledby="regen-confirm-title">
      <h3 id="regen-confirm-title">{t('staffRegen.run.title')}</h3>
      <ul>
        <li>{t('staffRegen.run.each', { count })}</li>
        <li>{reset ? t('staffRegen.run.reset') : t('staffRegen.run.noReset')}</li>
        {reset && <li>{request.forceChange ? t('staffRegen.run.force') : t('staffRegen.run.noForce')}</li>}
        <li>{t('staffRegen.run.background')}</li>
      </ul>
      {step === 'idle' && run.isError && <RunRefusal error={run.error} requestId={dryRun.requestId} onPreviewAgain={onPreviewAgain} />}
      {count === 0 && (
        <p id="regen-nothing" className="field__hint">
          {t('staffRegen.run.nothing')}
        </p>
      )}
      <p className="staff-actions">
        <button
          ref={buttonRef}
          type="button"
          className="button button--primary"
          aria-disabled={count === 0 || step !== 'idle' || undefined}
          aria-describedby={count === 0 ? 'regen-nothing' : undefined}
          onClick={() => {
            if (count === 0 || step !== 'idle') return;
            run.reset();
            setStep('confirm');
          }}
        >
          {t('staffRegen.run.submit', { count })}
        </button>
      </p>
      {step === 'confirm' && (
        <ConfirmPanel
          question={t('staffRegen.run.question', { count })}
          body={t('staffRegen.run.confirmBody')}
          yes={t('staffRegen.run.yes')}
          busy={t('staffRegen.run.starting')}
          cancel={t('staffRegen.run.cancel')}
          pending={run.isPending}
          onConfirm={start}
          onCancel={back}
        />
      )}
      {step === 'renew' && (
        <RenewSecondFactor
          onRenewed={() => {
            setStep('confirm');
            start();
          }}
          onCancel={back}
        />
      )}
    </section>
  );
}
