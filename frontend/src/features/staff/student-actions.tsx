import type { TFunction } from 'i18next';
import { useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { NewPasswordFields, usePasswordVerdict } from '../../components/new-password-fields.tsx';
import { SecretBox } from '../../components/secret-box.tsx';
import { formatDate } from '../../lib/format-date.ts';
import { useRefusalFocus } from '../../lib/refusal-focus.ts';
import { ConfirmPanel } from './confirm-panel.tsx';
import { detailsOf, isRefusal, useStaffErrorMessage } from './staff-errors.ts';
import {
  useIssueAccessCode,
  useResetStudentPassword,
  useRevealSchoolPassword,
  useUnlockStudent,
  type StaffStudent,
  type UnlockWhat,
} from './staff-queries.ts';

type Mode = 'typed' | 'generated';
const modes: readonly Mode[] = ['typed', 'generated'];

function secretLabels(t: TFunction) {
  return { copy: t('staff.reset.copy'), copied: t('staff.reset.copied'), copyFailed: t('staff.reset.copyFailed') };
}

/** ResetPassword resets the student's password: typed with the live checklist, or generated and shown once. */
export function ResetPassword({ student }: { student: StaffStudent }) {
  const { t } = useTranslation();
  const s = student.student;
  const reset = useResetStudentPassword(s.id);
  const errorMessage = useStaffErrorMessage();
  const [mode, setMode] = useState<Mode>('generated');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [mustChange, setMustChange] = useState(true);
  const [submitted, setSubmitted] = useState(false);
  const { formRef, alertRef, refused } = useRefusalFocus();
  const context = useMemo(() => ({ username: s.username, names: [s.firstName, s.lastName] }), [s.username, s.firstName, s.lastName]);
  const verdict = usePasswordVerdict(password, confirm, context);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (reset.isPending) return;
    setSubmitted(true);
    if (mode === 'typed' && !verdict.ok) {
      reset.reset();
      refused();
      return;
    }
    const body = mode === 'typed' ? { mode, newPassword: password, confirmPassword: confirm, mustChange } : { mode, mustChange };
    reset.mutate(body, {
      onError: refused,
      onSuccess: () => {
        setPassword('');
        setConfirm('');
        setSubmitted(false);
      },
    });
  };

  const details = mode === 'typed' ? detailsOf(reset.error) : detailsOf(undefined);
  const formError = reset.isError && details.length === 0 ? errorMessage(reset.error) : undefined;
  return (
    <section aria-labelledby="reset-title" className="staff-action">
      <h3 id="reset-title">{t('staff.reset.title')}</h3>
      {reset.isSuccess && (
        <div role="status">
          <p className="notice notice--ok">{t('staff.reset.done', { name: s.firstName })}</p>
          {reset.data.generatedPassword && (
            <SecretBox level={4} title={t('staff.reset.generatedTitle')} secret={reset.data.generatedPassword} labels={secretLabels(t)} note={t('staff.reset.shownOnce')} />
          )}
        </div>
      )}
      {formError && (
        <div id="reset-error" ref={alertRef} role="alert" tabIndex={-1} className="alert">
          {formError}
        </div>
      )}
      <form ref={formRef} className="form" noValidate onSubmit={onSubmit}>
        <fieldset className="staff-choice">
          <legend>{t('staff.reset.how')}</legend>
          {modes.map((m) => (
            <div className="staff-choice__option" key={m}>
              <input
                type="radio"
                id={`reset-mode-${m}`}
                name="mode"
                value={m}
                checked={mode === m}
                aria-describedby={`reset-mode-${m}-hint`}
                onChange={() => setMode(m)}
              />
              <label htmlFor={`reset-mode-${m}`}>{t(`staff.reset.${m}`)}</label>
              <p className="field__hint" id={`reset-mode-${m}-hint`}>
                {t(`staff.reset.${m}Hint`)}
              </p>
            </div>
          ))}
        </fieldset>
        {mode === 'typed' && (
          <NewPasswordFields
            idPrefix="staff-reset"
            password={password}
            onPasswordChange={setPassword}
            confirm={confirm}
            onConfirmChange={setConfirm}
            context={context}
            serverErrors={details}
            submitted={submitted}
            labels={{ password: t('staff.reset.newPassword', { name: s.firstName }), confirm: t('staff.reset.confirm') }}
            audience={{ kind: 'child', name: s.firstName }}
          />
        )}
        <div className="staff-check">
          <input
            type="checkbox"
            id="reset-must-change"
            name="mustChange"
            checked={mustChange}
            aria-describedby="reset-must-change-hint"
            onChange={(e) => setMustChange(e.target.checked)}
          />
          <label htmlFor="reset-must-change">{t('staff.reset.mustChange')}</label>
          <p className="field__hint" id="reset-must-change-hint">
            {t('staff.reset.mustChangeHint')}
          </p>
        </div>
        <button type="submit" className="button button--primary" aria-disabled={reset.isPending || undefined}>
          {reset.isPending ? t('staff.reset.submitting') : t('staff.reset.submit')}
        </button>
      </form>
    </section>
  );
}

/** RevealPassword shows the school-issued password while the student still uses it. */
export function RevealPassword({ student }: { student: StaffStudent }) {
  const { t, i18n } = useTranslation();
  const reveal = useRevealSchoolPassword(student.student.id);
  const errorMessage = useStaffErrorMessage();
  const replaced = student.schoolIssuedPassword === 'replaced' || isRefusal(reveal.error, 410);
  return (
    <section aria-labelledby="reveal-title" className="staff-action">
      <h3 id="reveal-title">{t('staff.reveal.title')}</h3>
      {replaced ? (
        <p role="status">{t('staff.reveal.replaced')}</p>
      ) : reveal.isSuccess ? (
        <SecretBox level={4} title={t('staff.reveal.title')} secret={reveal.data.password} labels={secretLabels(t)}>
          <p>{t('staff.reveal.issued', { date: formatDate(reveal.data.issuedAt, i18n.language) })}</p>
          {reveal.data.mustChange && <p>{t('staff.reveal.mustChange')}</p>}
          <p>
            <button type="button" className="button" onClick={() => reveal.reset()}>
              {t('staff.reveal.hide')}
            </button>
          </p>
        </SecretBox>
      ) : (
        <>
          {reveal.isError && (
            <p role="alert" className="alert">
              {errorMessage(reveal.error)}
            </p>
          )}
          <p>
            <button type="button" className="button" aria-disabled={reveal.isPending || undefined} onClick={() => reveal.isPending || reveal.mutate()}>
              {reveal.isPending ? t('staff.reveal.showing') : t('staff.reveal.show')}
            </button>
          </p>
        </>
      )}
    </section>
  );
}

/** Unlock opens what is locked: the PIN and questions path, the sign-in pause, or both. */
export function Unlock({ student }: { student: StaffStudent }) {
  const { t } = useTranslation();
  const unlock = useUnlockStudent(student.student.id);
  const errorMessage = useStaffErrorMessage();
  const [done, setDone] = useState(false);
  const locked: UnlockWhat[] = [
    ...(student.recovery.state === 'locked' || student.recovery.state === 'disabled' ? (['recovery'] as const) : []),
    ...(student.signInThrottled.throttled ? (['sign_in'] as const) : []),
  ];
  if (locked.length === 0 && !done) return null;
  return (
    <section aria-labelledby="unlock-title" className="staff-action">
      <h3 id="unlock-title">{t('staff.unlock.title')}</h3>
      <p role="status">{done && t('staff.unlock.done')}</p>
      {unlock.isError && (
        <p role="alert" className="alert">
          {errorMessage(unlock.error)}
        </p>
      )}
      <p className="staff-actions">
        {locked.map((what) => (
          <button
            key={what}
            type="button"
            className="button"
            aria-disabled={unlock.isPending || undefined}
            onClick={() => unlock.isPending || unlock.mutate([what], { onSuccess: () => setDone(true) })}
          >
            {unlock.isPending && unlock.variables[0] === what
              ? t('staff.unlock.working')
              : t(what === 'recovery' ? 'staff.unlock.recovery' : 'staff.unlock.signIn')}
          </button>
        ))}
      </p>
    </section>
  );
}

/** AccessCode issues a new parent access code after a confirmation, then opens the family letter. */
export function AccessCode({ student }: { student: StaffStudent }) {
  const { t } = useTranslation();
  const issue = useIssueAccessCode(student.student.id);
  const errorMessage = useStaffErrorMessage();
  const [confirming, setConfirming] = useState(false);
  const openRef = useRef<HTMLButtonElement>(null);
  const hasCode = student.accessCode.state === 'active';
  const letterPath = `/staff/students/${encodeURIComponent(student.student.id)}/letter`;
  return (
    <section aria-labelledby="access-code-title" className="staff-action">
      <h3 id="access-code-title">{t('staff.accessCode.title')}</h3>
      <p>{t('staff.accessCode.intro')}</p>
      {issue.isSuccess && !confirming && (
        <div role="status" className="notice notice--ok">
          <p>{t('staff.accessCode.done')}</p>
          <p>
            <Link className="button button--primary" to={letterPath}>
              {t('staff.accessCode.openLetter')}
            </Link>
          </p>
        </div>
      )}
      {confirming ? (
        <ConfirmPanel
          question={t('staff.accessCode.confirm')}
          yes={t('staff.accessCode.confirmYes')}
          busy={t('staff.accessCode.issuing')}
          cancel={t('staff.accessCode.cancel')}
          pending={issue.isPending}
          error={issue.isError ? errorMessage(issue.error) : undefined}
          onConfirm={() => issue.mutate(undefined, { onSuccess: () => setConfirming(false) })}
          onCancel={() => {
            setConfirming(false);
            issue.reset();
            requestAnimationFrame(() => openRef.current?.focus());
          }}
        />
      ) : (
        <p>
          <button ref={openRef} type="button" className="button" onClick={() => setConfirming(true)}>
            {hasCode || issue.isSuccess ? t('staff.accessCode.reissue') : t('staff.accessCode.issue')}
          </button>
        </p>
      )}
    </section>
  );
}
