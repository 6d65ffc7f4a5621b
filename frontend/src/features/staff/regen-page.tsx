import { useCallback, useRef, useState, type ChangeEvent, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate } from 'react-router';
import { PageTitle } from '../../components/page-title.tsx';
import { TextField } from '../../components/text-field.tsx';
import { ApiError, isRefusal, type RuleViolation } from '../../lib/api-error.ts';
import { useRefusalFocus } from '../../lib/refusal-focus.ts';
import { RegenConfirm } from './regen-confirm.tsx';
import { RegenPreview } from './regen-preview.tsx';
import { useDryRun, type RegenerationRequest } from './regen-queries.ts';
import { staffRegenEnglish } from './regen-strings.ts';
import { RenewSecondFactor } from './renew-second-factor.tsx';
import { useStaffErrorMessage } from './staff-errors.ts';
import { RequireStaff, StaffPage, useStaffMember } from './staff-frame.tsx';
import '../../components/choice-group.css';
import './regen.css';

/** The fields of the form, as the request names them: a refusal's detail names one of these. */
type Field = 'psuCode' | 'campusCodes' | 'grades' | 'alsoReset' | 'forceChange' | 'comments';
const fields: readonly Field[] = ['psuCode', 'campusCodes', 'grades', 'alsoReset', 'forceChange', 'comments'];

function isField(field: string | undefined): field is Field {
  return (fields as readonly string[]).includes(field ?? '');
}

type KnownRule = keyof typeof staffRegenEnglish.rules;

function isKnownRule(rule: string): rule is KnownRule {
  return Object.hasOwn(staffRegenEnglish.rules, rule);
}

/** fieldErrors groups a regeneration_rules refusal by field, each detail in words that name its value. */
function useFieldErrors(error: unknown): Partial<Record<Field, string>> {
  const { t } = useTranslation();
  if (!(error instanceof ApiError) || error.status !== 422) return {};
  const out: Partial<Record<Field, string[]>> = {};
  for (const detail of error.details as readonly RuleViolation[]) {
    if (!isField(detail.field)) continue;
    // An empty PSU code breaks its format too: the page asks for it rather than quoting nothing.
    const rule = detail.rule === 'psu_format' && !detail.value?.trim() ? 'required' : detail.rule;
    let words = isKnownRule(rule) ? t(`staffRegen.rules.${rule}`, { value: detail.value ?? '' }) : detail.message;
    // The refusal explains in the very words of the box's hint, then says what to do.
    if (rule === 'force_without_reset') words = `${t('staffRegen.form.forceChangeHint')} ${words}`;
    (out[detail.field] ??= []).push(words);
  }
  return Object.fromEntries(Object.entries(out).map(([field, list]) => [field, list.join(' ')]));
}

interface CheckFieldProps {
  id: string;
  label: string;
  hint: string;
  error: string | undefined;
  checked: boolean;
  onChange(checked: boolean): void;
}

/** CheckField is a labelled checkbox whose hint and refusal are tied to it. */
function CheckField({ id, label, hint, error, checked, onChange }: CheckFieldProps) {
  const describers = [...(error ? [`${id}-error`] : []), `${id}-hint`];
  return (
    <div className="check-row">
      <input
        type="checkbox"
        id={id}
        checked={checked}
        aria-invalid={error ? true : undefined}
        aria-describedby={describers.join(' ')}
        onChange={(e) => onChange(e.target.checked)}
      />
      <label htmlFor={id}>{label}</label>
      <p className="field__hint" id={`${id}-hint`}>
        {hint}
      </p>
      {error && (
        <p className="field__error" id={`${id}-error`} role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

const emptyRequest: RegenerationRequest = { psuCode: '', campusCodes: '', grades: '', alsoReset: false, forceChange: false, comments: '' };

/**
 * RegenForm is the district regeneration's form, its dry run and (under the preview) its
 * confirmation. Every field is sent as typed and the server checks it: each refusal shows at
 * its field, naming the value, and the focus moves to the first. "Force password change" stays enabled: ticked without "Also reset", the
 * server refuses it and the page says why at that box, in its hint's words. Changing any field
 * clears a preview, so what is shown, and what confirming runs, always matches the form; while
 * the confirm step is open the form is still.
 */
function RegenForm() {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<RegenerationRequest>(emptyRequest);
  const [renewing, setRenewing] = useState(false);
  const [asking, setAsking] = useState(false);
  const onAsking = useCallback((value: boolean) => setAsking(value), []);
  const sent = useRef<RegenerationRequest>(emptyRequest);
  const dryRun = useDryRun();
  const errorMessage = useStaffErrorMessage();
  const { formRef, alertRef, refused } = useRefusalFocus();
  const errors = useFieldErrors(dryRun.error);
  const hasFieldErrors = Object.keys(errors).length > 0;
  const stale = isRefusal(dryRun.error, 403, 'second_factor_stale');

  const send = (body: RegenerationRequest) => {
    sent.current = body;
    dryRun.mutate(body, {
      onError: (error) => {
        if (isRefusal(error, 403, 'second_factor_stale')) setRenewing(true);
        else refused();
      },
    });
  };
  const set = <K extends Field>(field: K, value: RegenerationRequest[K]) => {
    setDraft((d) => ({ ...d, [field]: value }));
    // A preview is of the form as it was sent: any change clears it.
    if (dryRun.isSuccess) dryRun.reset();
  };
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (dryRun.isPending) return;
    send({ ...draft, psuCode: draft.psuCode.trim() });
  };
  const text = (field: 'psuCode' | 'campusCodes' | 'grades') => ({
    id: `regen-${field}`,
    name: field,
    value: draft[field] ?? '',
    error: errors[field],
    onChange: (e: ChangeEvent<HTMLInputElement>) => set(field, e.target.value),
  });

  return (
    <>
      <PageTitle>{t('staffRegen.title')}</PageTitle>
      <p>{t('staffRegen.intro')}</p>
      <p>
        <Link to="/staff/district/regenerations">{t('staffRegen.form.history')}</Link>
      </p>
      {dryRun.isError && !hasFieldErrors && !stale && (
        <div ref={alertRef} role="alert" className="alert" tabIndex={-1}>
          <p>{errorMessage(dryRun.error)}</p>
        </div>
      )}
      <div inert={renewing || asking}>
        <form ref={formRef} className="form" noValidate onSubmit={onSubmit}>
          <TextField
            {...text('psuCode')}
            label={t('staffRegen.form.psuCode')}
            hint={t('staffRegen.form.psuCodeHint')}
            inputMode="numeric"
            autoComplete="off"
            maxLength={16}
          />
          <TextField
            {...text('campusCodes')}
            label={t('staffRegen.form.campusCodes')}
            hint={t('staffRegen.form.campusCodesHint')}
            autoComplete="off"
            maxLength={2000}
          />
          <TextField
            {...text('grades')}
            label={t('staffRegen.form.grades')}
            hint={t('staffRegen.form.gradesHint')}
            autoComplete="off"
            maxLength={200}
          />
          <CheckField
            id="regen-alsoReset"
            label={t('staffRegen.form.alsoReset')}
            hint={t('staffRegen.form.alsoResetHint')}
            error={errors.alsoReset}
            checked={draft.alsoReset}
            onChange={(checked) => set('alsoReset', checked)}
          />
          <CheckField
            id="regen-forceChange"
            label={t('staffRegen.form.forceChange')}
            hint={t('staffRegen.form.forceChangeHint')}
            error={errors.forceChange}
            checked={draft.forceChange}
            onChange={(checked) => set('forceChange', checked)}
          />
          <div className={errors.comments ? 'field field--error' : 'field'}>
            <label className="field__label" htmlFor="regen-comments">
              {t('staffRegen.form.comments')}
            </label>
            <p className="field__hint" id="regen-comments-hint">
              {t('staffRegen.form.commentsHint')}
            </p>
            {errors.comments && (
              <p className="field__error" id="regen-comments-error" role="alert">
                {errors.comments}
              </p>
            )}
            <div className="field__control">
              <textarea
                id="regen-comments"
                name="comments"
                className="field__input"
                rows={3}
                maxLength={1000}
                value={draft.comments ?? ''}
                aria-invalid={errors.comments ? true : undefined}
                aria-describedby={errors.comments ? 'regen-comments-error regen-comments-hint' : 'regen-comments-hint'}
                onChange={(e) => set('comments', e.target.value)}
              />
            </div>
          </div>
          <p className="staff-actions">
            <button type="submit" className="button button--primary" aria-disabled={dryRun.isPending || undefined}>
              {dryRun.isPending ? t('staffRegen.form.previewing') : t('staffRegen.form.preview')}
            </button>
          </p>
        </form>
      </div>
      {renewing && (
        <RenewSecondFactor
          onRenewed={() => {
            setRenewing(false);
            send(sent.current);
          }}
          onCancel={() => {
            setRenewing(false);
            dryRun.reset();
            requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('button[type="submit"]')?.focus());
          }}
        />
      )}
      {dryRun.isSuccess && (
        <RegenPreview dryRun={dryRun.data}>
          <RegenConfirm
            key={dryRun.data.requestId}
            dryRun={dryRun.data}
            request={dryRun.variables}
            onPreviewAgain={() => send(dryRun.variables)}
            onAsking={onAsking}
          />
        </RegenPreview>
      )}
    </>
  );
}

/** DistrictAdminOnly shows a regeneration page to district admins; anyone else goes to By Student. */
export function DistrictAdminOnly({ children }: { children: ReactNode }) {
  const me = useStaffMember();
  if (me.role !== 'district_admin') return <Navigate to="/staff/students" replace />;
  return children;
}

/** RegenPage is the district admin's "Regenerate default passwords": the form, its dry run and its confirmation. */
export function RegenPage() {
  return (
    <StaffPage wide>
      <RequireStaff>
        <DistrictAdminOnly>
          <RegenForm />
        </DistrictAdminOnly>
      </RequireStaff>
    </StaffPage>
  );
}
