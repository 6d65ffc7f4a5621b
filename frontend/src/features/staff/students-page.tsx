import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import { LoadError } from '../../components/load-error.tsx';
import { Loading } from '../../components/loading.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { TextField } from '../../components/text-field.tsx';
import { gradeLabel } from '../../lib/grade-label.ts';
import { useStaffErrorMessage } from './staff-errors.ts';
import { fullName, RequireStaff, StaffPage } from './staff-frame.tsx';
import { useStudentSearch, type StudentSummary } from './staff-queries.ts';

function Results({ students, more }: { students: StudentSummary[]; more: boolean }) {
  const { t } = useTranslation();
  if (students.length === 0) return null;
  return (
    <>
      <div className="staff-table-wrap">
        <table className="staff-table">
          <caption className="visually-hidden">{t('staff.search.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('staff.search.name')}</th>
              <th scope="col">{t('staff.search.studentNumber')}</th>
              <th scope="col">{t('staff.search.username')}</th>
              <th scope="col">{t('staff.search.grade')}</th>
              <th scope="col">{t('staff.search.school')}</th>
            </tr>
          </thead>
          <tbody>
            {students.map((student) => (
              <tr key={student.id}>
                <th scope="row">
                  <Link to={`/staff/students/${encodeURIComponent(student.id)}`}>
                    {student.lastName}, {student.firstName}
                    <span className="visually-hidden"> ({fullName(student)})</span>
                  </Link>
                </th>
                <td translate="no">{student.studentNumber}</td>
                <td translate="no">{student.username}</td>
                <td>{gradeLabel(student.grade, t)}</td>
                <td>{student.schoolName}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {more && <p className="notice">{t('staff.search.more')}</p>}
    </>
  );
}

function Search({ q }: { q: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [typed, setTyped] = useState(q);
  const [tooShort, setTooShort] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const search = useStudentSearch(q);
  const errorMessage = useStaffErrorMessage();

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const value = typed.trim();
    const short = value.length < 2;
    setTooShort(short);
    if (short) {
      inputRef.current?.focus();
      return;
    }
    // The search lives in the history entry (not the address: it may be a student's name), so
    // Back from a student returns to these results.
    void navigate('/staff/students', { replace: true, state: { q: value } });
  };

  let count: string | undefined;
  if (search.isSuccess) {
    count = search.data.students.length === 0 ? t('staff.search.none') : t('staff.search.count', { count: search.data.students.length });
  }
  return (
    <>
      <form className="form staff-search" role="search" noValidate onSubmit={onSubmit}>
        <TextField
          ref={inputRef}
          id="staff-search"
          name="q"
          type="search"
          label={t('staff.search.label')}
          hint={t('staff.search.hint')}
          error={tooShort ? t('staff.search.tooShort') : undefined}
          autoComplete="off"
          autoCapitalize="none"
          autoCorrect="off"
          spellCheck={false}
          maxLength={100}
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
        />
        <button type="submit" className="button button--primary" aria-disabled={search.isFetching || undefined}>
          {search.isFetching ? t('staff.search.searching') : t('staff.search.submit')}
        </button>
      </form>
      <p role="status" aria-live="polite" className="staff-count">
        {count}
      </p>
      {search.isLoading && <Loading />}
      {search.isError && (
        <LoadError message={errorMessage(search.error)} retryLabel={t('staff.student.retry')} onRetry={() => void search.refetch()} />
      )}
      {search.isSuccess && <Results students={search.data.students} more={search.data.more} />}
    </>
  );
}

/** StudentsPage is By Student: one search field for an ID, a username, an email or a name. */
export function StudentsPage() {
  const { t } = useTranslation();
  const location = useLocation();
  const q = String((location.state as { q?: unknown } | null)?.q ?? '');
  return (
    <StaffPage wide>
      <RequireStaff>
        <PageTitle>{t('staff.search.title')}</PageTitle>
        <Search q={q} />
      </RequireStaff>
    </StaffPage>
  );
}
