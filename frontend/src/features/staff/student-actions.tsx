import type { TFunction } from 'i18next';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { SecretBox } from '../../components/secret-box.tsx';
import { StudentResetForm } from '../../components/student-reset-form.tsx';
import { formatDate } from '../../lib/format-date.ts';
import { ConfirmPanel } from '../../components/confirm-panel.tsx';
import { useStaffErrorMessage } from './staff-errors.ts';
import { isRefusal } from '../../lib/api-error.ts';
import {
  useIssueAccessCode,
  useResetStudentPassword,
  useRevealSchoolPassword,
  useUnlockStudent,
  type StaffStudent,
  type UnlockWhat,
} from './staff-queries.ts';

function secretLabels(t: TFunction) {
  return { copy: t('staff.reset.copy'), copied: t('staff.reset.copied'), copyFailed: t('staff.reset.copyFailed') };
}

/** ResetPassword resets the student's password: typed with the live checklist, or generated and shown once. */
export function ResetPassword({ student }: { student: StaffStudent }) {
  const { t } = useTranslation();
  const s = student.student;
  const reset = useResetStudentPassword(s.id);
  const errorMessage = useStaffErrorMessage();
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
      <StudentResetForm
        student={s}
        reset={reset}
        words={{
          how: t('staff.reset.how'),
          typed: t('staff.reset.typed'),
          typedHint: t('staff.reset.typedHint'),
          generated: t('staff.reset.generated'),
          generatedHint: t('staff.reset.generatedHint'),
          mustChange: t('staff.reset.mustChange'),
          mustChangeHint: t('staff.reset.mustChangeHint'),
          submit: t('staff.reset.submit'),
          submitting: t('staff.reset.submitting'),
          newPassword: t('staff.reset.newPassword', { name: s.firstName }),
          confirm: t('staff.reset.confirm'),
        }}
        initial={{ mode: 'generated', mustChange: true }}
        idPrefix="staff-reset"
        errorId="reset-error"
        errorMessage={errorMessage}
      />
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
