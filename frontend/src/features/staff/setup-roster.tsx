import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { TextField } from '../../components/text-field.tsx';
import { isRefusal } from '../../lib/api-error.ts';
import { useRefusalFocus } from '../../lib/refusal-focus.ts';
import { RenewSecondFactor } from './renew-second-factor.tsx';
import { RosterErrors } from './setup-roster-errors.tsx';
import { RosterHistory } from './setup-roster-history.tsx';
import { RosterPlan } from './setup-roster-plan.tsx';
import { RosterCheckError, rosterUploadLimit, useRosterDryRun } from './setup-queries.ts';
import { useStaffErrorMessage } from './staff-errors.ts';
import './setup-strings.ts';

/** useFileError words a refusal that is about the file itself, shown at the field; undefined for any other. */
function useFileError() {
  const { t } = useTranslation();
  return (error: unknown): string | undefined => {
    if (isRefusal(error, 400, 'not_a_zip')) return t('staffSetup.roster.notZip');
    if (isRefusal(error, 413)) return t('staffSetup.roster.tooLarge');
    return undefined;
  };
}

/**
 * SetupRoster is the OneRoster upload: choose a zip, check it (a dry run that changes nothing),
 * then either every error of the set by file, row and column, or what applying it would change
 * with the way to apply it; and the district's past imports. A file too large is refused before
 * it is sent; a stale second factor is asked for again and the same file checked.
 */
export function SetupRoster() {
  const { t } = useTranslation();
  const [file, setFile] = useState<File>();
  const [localError, setLocalError] = useState<string>();
  const [renewing, setRenewing] = useState(false);
  const sent = useRef<File | null>(null);
  const dryRun = useRosterDryRun();
  const errorMessage = useStaffErrorMessage();
  const fileError = useFileError();
  const { formRef, alertRef, refused } = useRefusalFocus();

  const serverFieldError = dryRun.isError ? fileError(dryRun.error) : undefined;
  const fieldError = localError ?? serverFieldError;
  const check = dryRun.error instanceof RosterCheckError ? dryRun.error.check : undefined;
  const stale = isRefusal(dryRun.error, 403, 'second_factor_stale');
  const formAlert = dryRun.isError && !serverFieldError && !check && !stale ? errorMessage(dryRun.error) : undefined;

  const send = (chosen: File) => {
    sent.current = chosen;
    dryRun.mutate(chosen, {
      onError: (error) => {
        if (isRefusal(error, 403, 'second_factor_stale')) setRenewing(true);
        else if (!(error instanceof RosterCheckError)) refused();
      },
    });
  };
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (dryRun.isPending) return;
    dryRun.reset();
    if (!file) {
      setLocalError(t('staffSetup.roster.noFile'));
      refused();
      return;
    }
    if (file.size > rosterUploadLimit) {
      setLocalError(t('staffSetup.roster.tooLarge'));
      refused();
      return;
    }
    setLocalError(undefined);
    send(file);
  };

  return (
    <section className="setup-section" aria-labelledby="setup-roster-title">
      <h2 id="setup-roster-title">{t('staffSetup.roster.title')}</h2>
      <p>{t('staffSetup.roster.intro')}</p>
      <form ref={formRef} noValidate onSubmit={onSubmit} aria-labelledby="setup-roster-title">
        {formAlert && (
          <div ref={alertRef} role="alert" className="alert" tabIndex={-1}>
            <p>{formAlert}</p>
          </div>
        )}
        <TextField
          id="setup-roster-file"
          name="file"
          type="file"
          accept=".zip,application/zip"
          label={t('staffSetup.roster.file')}
          hint={t('staffSetup.roster.fileHint')}
          error={fieldError}
          onChange={(e) => {
            setFile(e.target.files?.[0]);
            setLocalError(undefined);
            // What is shown is always of the file chosen: a new choice clears the last answer.
            dryRun.reset();
          }}
        />
        <p className="staff-actions">
          <button type="submit" className="button button--primary" aria-disabled={dryRun.isPending || undefined}>
            {dryRun.isPending ? t('staffSetup.roster.checking') : t('staffSetup.roster.check')}
          </button>
        </p>
      </form>
      {renewing && (
        <RenewSecondFactor
          onRenewed={() => {
            setRenewing(false);
            if (sent.current) send(sent.current);
          }}
          onCancel={() => {
            setRenewing(false);
            dryRun.reset();
            requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('button[type="submit"]')?.focus());
          }}
        />
      )}
      {check && <RosterErrors check={check} />}
      {dryRun.isSuccess && (
        <RosterPlan
          key={dryRun.data.importId}
          entry={dryRun.data}
          fileName={dryRun.variables.name}
          onCheckAgain={() => {
            if (sent.current) send(sent.current);
          }}
        />
      )}
      <RosterHistory />
    </section>
  );
}
