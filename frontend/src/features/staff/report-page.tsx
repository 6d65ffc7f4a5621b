import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { LoadError } from '../../components/load-error.tsx';
import { Loading } from '../../components/loading.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { gradeLabel } from '../../lib/grade-label.ts';
import { useStaffErrorMessage } from './staff-errors.ts';
import { RequireStaff, StaffPage, useStaffMember } from './staff-frame.tsx';
import { useRoster, useStaffSchools, type StaffSchool } from './report-queries.ts';
import { RosterTable } from './roster-table.tsx';
import { filterRoster, nextSort, sortRoster, type RosterSort } from './roster-view.ts';
import './report-strings.ts';
import './report.css';

/** rosterFileHref is the roster export in a format: a plain link, the session cookie goes along. */
export function rosterFileHref(schoolId: string, format: 'csv' | 'xlsx'): string {
  return `/api/v1/staff/schools/${encodeURIComponent(schoolId)}/roster.${format}`;
}

/** studentAccountsHref is the school's Student Accounts report (default passwords) in a format. */
export function studentAccountsHref(schoolId: string, format: 'csv' | 'xlsx'): string {
  return `/api/v1/staff/schools/${encodeURIComponent(schoolId)}/student-accounts.${format}`;
}

/** StudentAccounts offers an admin the school's Student Accounts report: it holds passwords, so it says so. */
function StudentAccounts({ school }: { school: StaffSchool }) {
  const { t } = useTranslation();
  const titleId = useId();
  const hintId = useId();
  return (
    <div className="staff-report-accounts" role="group" aria-labelledby={titleId} aria-describedby={hintId}>
      <p id={titleId} className="staff-report-accounts__title">
        {t('staffReport.report.accountsTitle')}
      </p>
      <p id={hintId}>{t('staffReport.report.accountsHint')}</p>
      <div className="staff-actions">
        <a className="button" href={studentAccountsHref(school.id, 'csv')} download>
          {t('staffReport.report.accountsCsv')}
        </a>
        <a className="button" href={studentAccountsHref(school.id, 'xlsx')} download>
          {t('staffReport.report.accountsXlsx')}
        </a>
      </div>
    </div>
  );
}

function Roster({ school }: { school: StaffSchool }) {
  const { t, i18n } = useTranslation();
  const staff = useStaffMember();
  const roster = useRoster(school.id);
  const errorMessage = useStaffErrorMessage();
  const [text, setText] = useState('');
  const [grade, setGrade] = useState('');
  const [sort, setSort] = useState<RosterSort>();
  const textId = useId();
  const gradeId = useId();

  const all = roster.data;
  const shown = useMemo(() => {
    if (!all) return [];
    const kept = filterRoster(all, { text, grade: grade === '' ? undefined : Number(grade) });
    return sort ? sortRoster(kept, sort, i18n.language) : kept;
  }, [all, text, grade, sort, i18n.language]);

  const admin = staff.role === 'school_admin' || staff.role === 'district_admin';
  return (
    <>
      <div className="staff-actions staff-report-tools" role="group" aria-label={t('staffReport.report.downloads')}>
        <a className="button" href={rosterFileHref(school.id, 'csv')} download>
          {t('staffReport.report.csv')}
        </a>
        <a className="button" href={rosterFileHref(school.id, 'xlsx')} download>
          {t('staffReport.report.xlsx')}
        </a>
      </div>
      {admin && (
        <>
          <StudentAccounts school={school} />
          <p>
            <Link to={`/staff/schools/${encodeURIComponent(school.id)}/access-codes`}>{t('staffReport.report.accessCodes')}</Link>
          </p>
        </>
      )}
      <form className="staff-roster-filters" role="search" aria-label={t('staffReport.report.filters')} onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label className="field__label" htmlFor={textId}>
            {t('staffReport.report.filter')}
          </label>
          <div className="field__control">
            <input
              id={textId}
              className="field__input"
              type="search"
              autoComplete="off"
              maxLength={64}
              value={text}
              onChange={(e) => setText(e.target.value)}
            />
          </div>
        </div>
        <div className="field">
          <label className="field__label" htmlFor={gradeId}>
            {t('staffReport.report.grade')}
          </label>
          <div className="field__control">
            <select id={gradeId} className="field__input" value={grade} onChange={(e) => setGrade(e.target.value)}>
              <option value="">{t('staffReport.report.anyGrade')}</option>
              {school.grades.map((g) => (
                <option key={g} value={String(g)}>
                  {gradeLabel(g, t)}
                </option>
              ))}
            </select>
          </div>
        </div>
      </form>
      <p role="status" aria-live="polite" className="staff-count">
        {all &&
          (all.length === 0
            ? t('staffReport.report.noData')
            : shown.length === 0
              ? t('staffReport.report.noMatch')
              : t('staffReport.report.shown', { count: shown.length, total: all.length }))}
      </p>
      {roster.isPending && <Loading />}
      {roster.isError && (
        <LoadError
          what={t('staffReport.report.loadError')}
          message={errorMessage(roster.error)}
          retryLabel={t('staffReport.report.retry')}
          onRetry={() => void roster.refetch()}
        />
      )}
      {shown.length > 0 && (
        <RosterTable schoolName={school.name} entries={shown} sort={sort} onSort={(column) => setSort((s) => nextSort(s, column))} />
      )}
    </>
  );
}

function Report() {
  const { t } = useTranslation();
  const schools = useStaffSchools();
  const errorMessage = useStaffErrorMessage();
  const [params, setParams] = useSearchParams();
  const schoolSelectId = useId();
  const list = schools.data ?? [];
  // Kept in the address, so Back from a student or a download returns to the same school.
  const chosenId = params.get('school') ?? (list.length === 1 ? (list[0]?.id ?? '') : '');
  const chosen = list.find((s) => s.id === chosenId);

  return (
    <>
      <PageTitle>{t('staffReport.report.title')}</PageTitle>
      <p>{t('staffReport.report.intro')}</p>
      {schools.isPending && <Loading />}
      {schools.isError && (
        <LoadError
          what={t('staffReport.report.loadError')}
          message={errorMessage(schools.error)}
          retryLabel={t('staffReport.report.retry')}
          onRetry={() => void schools.refetch()}
        />
      )}
      {schools.isSuccess && list.length === 0 && <p>{t('staffReport.report.noSchools')}</p>}
      {list.length > 0 && (
        <div className="field staff-report-school">
          <label className="field__label" htmlFor={schoolSelectId}>
            {t('staffReport.report.school')}
          </label>
          <div className="field__control">
            <select
              id={schoolSelectId}
              className="field__input"
              value={chosen?.id ?? ''}
              onChange={(e) => setParams(e.target.value ? { school: e.target.value } : {}, { replace: true })}
            >
              {!chosen && <option value="">{t('staffReport.report.chooseSchool')}</option>}
              {list.map((school) => (
                <option key={school.id} value={school.id}>
                  {school.name} ({school.displayCode})
                </option>
              ))}
            </select>
          </div>
        </div>
      )}
      {chosen && <Roster key={chosen.id} school={chosen} />}
    </>
  );
}

/** ReportPage is View Report: a school's roster in scope, sortable and filterable, and its exports. */
export function ReportPage() {
  return (
    <StaffPage wide>
      <RequireStaff>
        <Report />
      </RequireStaff>
    </StaffPage>
  );
}
