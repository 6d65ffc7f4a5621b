import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmPanel } from '../../components/confirm-panel.tsx';
import { isRefusal } from '../../lib/api-error.ts';
import { formatTime } from '../../lib/format-date.ts';
import { useConfirmStep } from './confirm-step.ts';
import { RenewSecondFactor } from './renew-second-factor.tsx';
import { isApplying, useApplyRosterImport, useRosterImport, type RosterFilePlan, type RosterImport } from './setup-queries.ts';
import { useStaffErrorMessage } from './staff-errors.ts';
import './setup-strings.ts';

/** PlanTable is what applying a set would change, a row per file. */
export function PlanTable({ files, caption }: { files: RosterFilePlan[]; caption: string }) {
  const { t } = useTranslation();
  return (
    // On a phone the table scrolls sideways: its box takes the focus so a keyboard can scroll it.
    <div className="staff-table-wrap" role="region" tabIndex={0} aria-labelledby="setup-roster-plan-caption">
      <table className="staff-table setup-plan">
        <caption id="setup-roster-plan-caption" className="visually-hidden">
          {caption}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('staffSetup.roster.plan.file')}</th>
            <th scope="col">{t('staffSetup.roster.plan.added')}</th>
            <th scope="col">{t('staffSetup.roster.plan.changed')}</th>
            <th scope="col">{t('staffSetup.roster.plan.retired')}</th>
            <th scope="col">{t('staffSetup.roster.plan.unchanged')}</th>
          </tr>
        </thead>
        <tbody>
          {files.map((f) => (
            <tr key={f.file}>
              <th scope="row" translate="no">
                {f.file}
              </th>
              <td>{f.added}</td>
              <td>{f.changed}</td>
              <td>{f.retired}</td>
              <td>{f.unchanged}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** peopleRetired is how many people (users.csv rows of the district absent from the set) applying retires. */
function peopleRetired(entry: RosterImport): number {
  return entry.plan.files.find((f) => f.file === 'users.csv')?.retired ?? 0;
}

/** Outcome follows an applied import until it ends, and says how it ended; each change is read out. */
function Outcome({ importId }: { importId: string }) {
  const { t } = useTranslation();
  const entry = useRosterImport(importId);
  const errorMessage = useStaffErrorMessage();
  let words: string = t('staffSetup.roster.outcome.applying');
  let className = 'notice';
  if (entry.isError) {
    words = errorMessage(entry.error);
    className = 'alert';
  } else if (entry.data && !isApplying(entry.data)) {
    if (entry.data.state === 'applied') {
      words = t('staffSetup.roster.outcome.applied');
      className = 'notice notice--ok';
    } else {
      words = t('staffSetup.roster.outcome.failed', { failure: entry.data.failure ?? '' }).trim();
      className = 'alert';
    }
  }
  return (
    <div role="status" aria-live="polite" aria-atomic="true">
      <p className={className}>{words}</p>
    </div>
  );
}

interface ApplyRefusalProps {
  error: unknown;
  onCheckAgain(): void;
}

/** ApplyRefusal says why applying was refused, in words, with the way on; it takes the focus. */
function ApplyRefusal({ error, onCheckAgain }: ApplyRefusalProps) {
  const { t } = useTranslation();
  const errorMessage = useStaffErrorMessage();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), [error]);
  const known: Record<string, string> = {
    dry_run_expired: t('staffSetup.roster.apply.expired'),
    roster_import_applied: t('staffSetup.roster.apply.applied'),
    roster_import_running: t('staffSetup.roster.apply.running'),
    roster_plan_stale: t('staffSetup.roster.apply.stale'),
  };
  const code = isRefusal(error, 409) ? error.code : '';
  const words = known[code] ?? errorMessage(error);
  // Checking again gives a fresh draft: the way on after an old one, or once the other import ends.
  const again = code === 'dry_run_expired' || code === 'roster_plan_stale' || code === 'roster_import_running';
  return (
    <div ref={ref} role="alert" className="alert" tabIndex={-1}>
      <p>{words}</p>
      {again && (
        <p>
          <button type="button" className="button" onClick={onCheckAgain}>
            {t('staffSetup.roster.apply.checkAgain')}
          </button>
        </p>
      )}
    </div>
  );
}

export interface RosterPlanProps {
  entry: RosterImport;
  /** The name of the file checked, as the admin chose it. */
  fileName: string;
  /** Checks the same file again (a draft too old, or overtaken by another import). */
  onCheckAgain(): void;
}

/**
 * RosterPlan is a clean set's dry run: what applying it would change per file, a plain warning
 * when people would be retired, and "Apply this import" with a confirm step. Applying runs the
 * dry run's stored draft (its importId), then the page follows it until it ends. A stale second
 * factor is asked for again and the apply retried.
 */
export function RosterPlan({ entry, fileName, onCheckAgain }: RosterPlanProps) {
  const { t, i18n } = useTranslation();
  const apply = useApplyRosterImport();
  const { step, setStep, buttonRef, refused, back } = useConfirmStep<'applied'>(() => apply.reset());
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), [entry]);
  const retiring = peopleRetired(entry);

  const start = () =>
    apply.mutate(entry.importId, {
      onSuccess: () => {
        setStep('applied');
        // The confirm panel and its button are gone: the reader goes back to the plan's heading, the outcome follows it.
        requestAnimationFrame(() => headingRef.current?.focus());
      },
      onError: refused,
    });

  return (
    <section className="setup-result" aria-labelledby="setup-roster-plan-title">
      <h3 id="setup-roster-plan-title" ref={headingRef} tabIndex={-1}>
        {t('staffSetup.roster.plan.title')}
      </h3>
      <p>{t('staffSetup.roster.plan.checked', { name: fileName })}</p>
      <PlanTable files={entry.plan.files} caption={t('staffSetup.roster.plan.caption')} />
      {step !== 'applied' &&
        (retiring > 0 ? (
          <p className="notice setup-warning">{t('staffSetup.roster.plan.retiring', { count: retiring })}</p>
        ) : (
          <p>{t('staffSetup.roster.plan.noRetiring')}</p>
        ))}
      {step === 'applied' ? (
        <Outcome importId={entry.importId} />
      ) : (
        <>
          <p>
            {t('staffSetup.roster.plan.nothingChanged')} {t('staffSetup.roster.plan.until', { time: formatTime(entry.expiresAt, i18n.language) })}
          </p>
          {step === 'idle' && apply.isError && <ApplyRefusal error={apply.error} onCheckAgain={onCheckAgain} />}
          <p className="staff-actions">
            <button
              ref={buttonRef}
              type="button"
              className="button button--primary"
              aria-disabled={step !== 'idle' || undefined}
              onClick={() => {
                if (step !== 'idle') return;
                apply.reset();
                setStep('confirm');
              }}
            >
              {t('staffSetup.roster.apply.submit')}
            </button>
          </p>
        </>
      )}
      {step === 'confirm' && (
        <ConfirmPanel
          question={t('staffSetup.roster.apply.question')}
          body={t('staffSetup.roster.apply.body')}
          yes={t('staffSetup.roster.apply.yes')}
          busy={t('staffSetup.roster.apply.busy')}
          cancel={t('staffSetup.roster.apply.cancel')}
          pending={apply.isPending}
          onConfirm={start}
          onCancel={back}
        >
          {retiring > 0 && <p>{t('staffSetup.roster.plan.retiring', { count: retiring })}</p>}
        </ConfirmPanel>
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
