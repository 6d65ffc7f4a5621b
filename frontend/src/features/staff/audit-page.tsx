import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { LoadError } from '../../components/load-error.tsx';
import { Loading } from '../../components/loading.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { TextField } from '../../components/text-field.tsx';
import { formatDate, formatTime } from '../../lib/format-date.ts';
import { useStaffErrorMessage } from './staff-errors.ts';
import { detailsOf } from '../../lib/api-error.ts';
import { RequireStaff, StaffPage } from './staff-frame.tsx';
import { useAudit, useOlderAudit, type AuditEntry, type AuditFilters, type AuditPage as Page } from './staff-queries.ts';

const paths = ['signed_in', 'self_reset', 'guardian', 'staff', 'district'] as const;
type AuditPath = (typeof paths)[number];
const textFilters = ['student', 'staff', 'action'] as const;

type Draft = Record<(typeof textFilters)[number] | 'path' | 'from' | 'to', string>;
const emptyDraft: Draft = { student: '', staff: '', action: '', path: '', from: '', to: '' };

/** filtersOf keeps the filled-in filters, trimmed; an empty one filters nothing. */
export function filtersOf(draft: Draft): AuditFilters {
  const filters: AuditFilters = {};
  for (const key of textFilters) {
    const value = draft[key].trim();
    if (value) filters[key] = value;
  }
  if ((paths as readonly string[]).includes(draft.path)) filters.path = draft.path as AuditPath;
  if (draft.from) filters.from = draft.from;
  if (draft.to) filters.to = draft.to;
  return filters;
}

/** csvHref is the CSV export of the same events: a plain link, so the browser downloads it itself. */
export function csvHref(filters: AuditFilters): string {
  const query = new URLSearchParams(Object.entries(filters).map(([key, value]) => [key, String(value)])).toString();
  return `/api/v1/staff/audit.csv${query ? `?${query}` : ''}`;
}

function draftOf(filters: AuditFilters): Draft {
  return { ...emptyDraft, ...filters };
}

function Events({ events }: { events: AuditEntry[] }) {
  const { t, i18n } = useTranslation();
  return (
    <div className="staff-table-wrap">
      <table className="staff-table">
        <caption className="visually-hidden">{t('staff.audit.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('staff.audit.when')}</th>
            <th scope="col">{t('staff.audit.actor')}</th>
            <th scope="col">{t('staff.audit.subject')}</th>
            <th scope="col">{t('staff.audit.actionColumn')}</th>
            <th scope="col">{t('staff.audit.pathColumn')}</th>
            <th scope="col">{t('staff.audit.outcome')}</th>
          </tr>
        </thead>
        <tbody>
          {events.map((event) => (
            <tr key={event.id}>
              <td className="staff-nowrap">
                {formatDate(event.occurredAt, i18n.language)} {formatTime(event.occurredAt, i18n.language)}
              </td>
              <td className="staff-wrap">{event.actor || event.actorKind}</td>
              <td className="staff-wrap">
                {event.subject}
                {event.studentNumber && <span translate="no"> ({event.studentNumber})</span>}
              </td>
              <td translate="no">{event.action}</td>
              <td>{(paths as readonly string[]).includes(event.path) ? t(`staff.audit.paths.${event.path as AuditPath}`) : event.path}</td>
              <td>
                {t(`staff.audit.outcomes.${event.outcome}`)}
                {event.reason && <span className="staff-muted"> ({event.reason})</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Results are the events of the applied filters: the newest page, then the older ones asked for. */
function Results({ filters, audit }: { filters: AuditFilters; audit: ReturnType<typeof useAudit> }) {
  const { t } = useTranslation();
  const older = useOlderAudit(filters);
  const [pages, setPages] = useState<Page[]>([]);
  const errorMessage = useStaffErrorMessage();

  const all = audit.data ? [audit.data, ...pages] : [];
  const events = all.flatMap((page) => page.events);
  const nextBefore = all.at(-1)?.nextBefore;
  const failed = (detailsOf(audit.error).length === 0 ? audit.error : null) ?? older.error;
  return (
    <>
      <p role="status" aria-live="polite" className="staff-count">
        {audit.isSuccess && (events.length === 0 ? t('staff.audit.none') : t('staff.audit.count', { count: events.length }))}
      </p>
      {audit.isPending && <Loading />}
      {failed && (
        <LoadError
          what={t('staff.audit.loadError')}
          message={errorMessage(failed)}
          retryLabel={t('staff.audit.retry')}
          onRetry={() => (audit.error ? void audit.refetch() : older.reset())}
        />
      )}
      {events.length > 0 && <Events events={events} />}
      {nextBefore !== undefined && !older.isError && (
        <p>
          <button
            type="button"
            className="button"
            aria-disabled={older.isPending || undefined}
            onClick={() => older.isPending || older.mutate(nextBefore, { onSuccess: (page) => setPages((p) => [...p, page]) })}
          >
            {older.isPending ? t('staff.audit.loading') : t('staff.audit.older')}
          </button>
        </p>
      )}
    </>
  );
}

function Audit() {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const filters = ((location.state as { audit?: AuditFilters } | null)?.audit ?? {}) satisfies AuditFilters;
  const [draft, setDraft] = useState<Draft>(() => draftOf(filters));
  const audit = useAudit(filters);
  const formRef = useRef<HTMLFormElement>(null);
  // A filter the server refused (422 invalid_filter) is said next to its field, which takes focus.
  const refused = detailsOf(audit.error);
  useEffect(() => {
    if (refused.length > 0) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [refused]);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    // Kept in the history entry, so Back from elsewhere returns to the same events.
    void navigate('/staff/audit', { replace: true, state: { audit: filtersOf(draft) } });
  };
  const field = (key: keyof Draft) => ({
    id: `audit-${key}`,
    name: key,
    value: draft[key],
    onChange: (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [key]: e.target.value })),
  });
  const refusalOf = (key: keyof Draft) => refused.find((d) => d.field === key)?.message;

  return (
    <>
      <PageTitle>{t('staff.audit.title')}</PageTitle>
      <p>{t('staff.audit.intro')}</p>
      <form ref={formRef} className="staff-filters" noValidate onSubmit={onSubmit} aria-labelledby="audit-filters-title">
        <h2 id="audit-filters-title" className="visually-hidden">
          {t('staff.audit.filters')}
        </h2>
        <TextField {...field('student')} error={refusalOf('student')} label={t('staff.audit.student')} autoComplete="off" maxLength={64} />
        <TextField {...field('staff')} error={refusalOf('staff')} label={t('staff.audit.staff')} type="email" autoComplete="off" maxLength={254} />
        <TextField {...field('action')} error={refusalOf('action')} label={t('staff.audit.action')} hint={t('staff.audit.actionHint')} autoComplete="off" maxLength={64} />
        <div className="field">
          <label className="field__label" htmlFor="audit-path">
            {t('staff.audit.path')}
          </label>
          <div className="field__control">
            <select className="field__input" {...field('path')}>
              <option value="">{t('staff.audit.anyPath')}</option>
              {paths.map((p) => (
                <option key={p} value={p}>
                  {t(`staff.audit.paths.${p}`)}
                </option>
              ))}
            </select>
          </div>
        </div>
        <TextField {...field('from')} error={refusalOf('from')} label={t('staff.audit.from')} type="date" />
        <TextField {...field('to')} error={refusalOf('to')} label={t('staff.audit.to')} type="date" />
        <p className="staff-actions">
          <button type="submit" className="button button--primary">
            {t('staff.audit.apply')}
          </button>
          <a className="button" href={csvHref(filters)} download>
            {t('staff.audit.download')}
          </a>
        </p>
      </form>
      {/* Other filters start again from the newest page. */}
      <Results key={JSON.stringify(filters)} filters={filters} audit={audit} />
    </>
  );
}

/** AuditPage lists the audit events in the staff member's scope, with filters and a CSV export. */
export function AuditPage() {
  return (
    <StaffPage wide>
      <RequireStaff>
        <Audit />
      </RequireStaff>
    </StaffPage>
  );
}
