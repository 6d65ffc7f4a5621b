import { useMutation } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmPanel } from '../../components/confirm-panel.tsx';
import { StudentResetForm, type StudentResetBody } from '../../components/student-reset-form.tsx';
import { isRefusal } from '../../lib/api-error.ts';
import { BulkRefusal, isBulkRefusal, type NamedStudent } from './bulk-refusal.tsx';
import { useClassErrorMessage } from './class-errors.ts';
import { RenewSecondFactor } from './renew-second-factor.tsx';
import { staffMeta } from './staff-session.ts';
import './class-strings.ts';

/** What a class, grade or school reset sends (ClassResetRequest without the selection). */
export interface BulkResetBody {
  mode: 'one' | 'generated';
  newPassword?: string;
  confirmPassword?: string;
  mustChange: boolean;
  issueAccessCodes?: boolean;
}

/** A selected student: the typed password is checked against each one's name and username. */
export interface BulkStudent extends NamedStudent {
  username: string;
}

export interface BulkResetProps<R> {
  /** The selected students when the page knows them (a class); none for a grade or school. */
  students: readonly BulkStudent[];
  /** The confirmation's question, saying how many students change. */
  question: string;
  /** Nothing is selected: the form says so rather than asking. */
  empty?: boolean;
  /** School and district admins may issue parent access codes with the reset. */
  mayIssueCodes: boolean;
  send(body: BulkResetBody): Promise<R>;
  onDone(result: R): void;
}

/** FocusedAlert is a refusal that takes the focus when it appears (key it to show it again). */
function FocusedAlert({ children }: { children: string }) {
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <p ref={ref} role="alert" className="alert" tabIndex={-1}>
      {children}
    </p>
  );
}

function toBulk(body: StudentResetBody, issueAccessCodes: boolean): BulkResetBody {
  const out: BulkResetBody =
    body.mode === 'typed'
      ? { mode: 'one', newPassword: body.newPassword ?? '', confirmPassword: body.confirmPassword ?? '', mustChange: body.mustChange }
      : { mode: 'generated', mustChange: body.mustChange };
  if (issueAccessCodes) out.issueAccessCodes = true;
  return out;
}

/**
 * BulkReset is the reset form of a class, a grade or a school: one typed password for
 * everyone (checked live against every selected student) or a generated one each, must-change,
 * and for admins parent access codes. It asks before sending, asks for the second factor again
 * when the server wants a fresh one and then retries, and lists per student why a reset was
 * refused. The same form as one student's reset (components/student-reset-form.tsx).
 */
export function BulkReset<R>({ students, question, empty = false, mayIssueCodes, send, onDone }: BulkResetProps<R>) {
  const { t } = useTranslation();
  const errorMessage = useClassErrorMessage();
  const [issueCodes, setIssueCodes] = useState(false);
  const [step, setStep] = useState<'form' | 'confirm' | 'renew' | 'empty'>('form');
  const [emptyTries, setEmptyTries] = useState(0);
  const sendRef = useRef<() => void>(undefined);
  const wrapRef = useRef<HTMLDivElement>(null);
  const group = useMemo(() => ({ group: students }), [students]);
  const reset = useMutation({
    mutationFn: (body: StudentResetBody) => send(toBulk(body, mayIssueCodes && issueCodes)),
    // The answer holds new passwords: kept no longer than the page shows it.
    gcTime: 0,
    meta: staffMeta,
    onSuccess: onDone,
    onError: (error) => setStep(isRefusal(error, 403, 'second_factor_stale') ? 'renew' : 'form'),
  });
  const backToForm = () => {
    setStep('form');
    requestAnimationFrame(() => wrapRef.current?.querySelector<HTMLElement>('button[type="submit"]')?.focus());
  };
  const pageShows = (error: unknown) => isBulkRefusal(error) || isRefusal(error, 403, 'second_factor_stale');

  return (
    <div ref={wrapRef} className="bulk-reset">
      {step === 'form' && isBulkRefusal(reset.error) && <BulkRefusal error={reset.error} students={students} />}
      {step === 'empty' && empty && <FocusedAlert key={emptyTries}>{t('staffClass.form.nothingSelected')}</FocusedAlert>}
      {/* While it asks, the form is still: what is confirmed is what is sent. */}
      <div inert={step === 'confirm' || step === 'renew'}>
        <StudentResetForm
          student={group}
          reset={reset}
          words={{
            how: t('staffClass.form.how'),
            typed: t('staffClass.form.one'),
            typedHint: t('staffClass.form.oneHint'),
            generated: t('staffClass.form.generated'),
            generatedHint: t('staffClass.form.generatedHint'),
            mustChange: t('staffClass.form.mustChange'),
            mustChangeHint: t('staffClass.form.mustChangeHint'),
            submit: t('staffClass.form.submit'),
            submitting: t('staffClass.form.submitting'),
            newPassword: t('staffClass.form.newPassword'),
            confirm: t('staffClass.form.confirm'),
          }}
          initial={{ mode: 'generated', mustChange: true }}
          idPrefix="bulk-reset"
          errorId="bulk-reset-error"
          errorMessage={errorMessage}
          pageShows={pageShows}
          beforeSend={(sendNow) => {
            sendRef.current = sendNow;
            if (empty) {
              setEmptyTries((n) => n + 1);
              setStep('empty');
              return;
            }
            reset.reset();
            setStep('confirm');
          }}
          extra={
            mayIssueCodes && (
              <div className="check-row">
                <input
                  type="checkbox"
                  id="bulk-issue-codes"
                  checked={issueCodes}
                  aria-describedby="bulk-issue-codes-hint"
                  onChange={(e) => setIssueCodes(e.target.checked)}
                />
                <label htmlFor="bulk-issue-codes">{t('staffClass.form.issueCodes')}</label>
                <p className="field__hint" id="bulk-issue-codes-hint">
                  {t('staffClass.form.issueCodesHint')}
                </p>
              </div>
            )
          }
        />
      </div>
      {step === 'confirm' && (
        <ConfirmPanel
          question={question}
          body={t('staffClass.form.confirmBody')}
          yes={t('staffClass.form.confirmYes')}
          busy={t('staffClass.form.submitting')}
          cancel={t('staffClass.form.cancel')}
          pending={reset.isPending}
          onConfirm={() => sendRef.current?.()}
          onCancel={backToForm}
        />
      )}
      {step === 'renew' && (
        <RenewSecondFactor
          onRenewed={() => {
            setStep('confirm');
            sendRef.current?.();
          }}
          onCancel={() => {
            reset.reset();
            backToForm();
          }}
        />
      )}
    </div>
  );
}
