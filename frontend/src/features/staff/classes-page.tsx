import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LoadError } from '../../components/load-error.tsx';
import { Loading } from '../../components/loading.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { formatDate, formatTime } from '../../lib/format-date.ts';
import { useClassErrorMessage } from './class-errors.ts';
import { useClasses, useJobs } from './class-queries.ts';
import { JobSummary } from './job-summary.tsx';
import { SchoolReset } from './school-reset.tsx';
import { RequireStaff, StaffPage, useStaffMember } from './staff-frame.tsx';
import './class-strings.ts';
import './class.css';

function ClassList() {
  const { t } = useTranslation();
  const classes = useClasses();
  const errorMessage = useClassErrorMessage();
  if (classes.isPending) return <Loading />;
  if (classes.isError) {
    return (
      <LoadError
        what={t('staffClass.classes.loadError')}
        message={errorMessage(classes.error)}
        retryLabel={t('staff.student.retry')}
        onRetry={() => void classes.refetch()}
      />
    );
  }
  if (classes.data.schools.length === 0) return <p>{t('staffClass.classes.none')}</p>;
  return (
    <>
      {classes.data.schools.map((school) => (
        <section key={school.schoolId} aria-labelledby={`school-${school.schoolId}`}>
          <h2 id={`school-${school.schoolId}`}>{school.schoolName}</h2>
          <ul className="class-list">
            {school.classes.map((c) => (
              <li key={c.id}>
                <Link to={`/staff/classes/${encodeURIComponent(c.id)}`}>{t('staffClass.class.title', { name: c.name, number: c.classNumber })}</Link>{' '}
                <span className="staff-muted">{t('staffClass.classes.count', { count: c.studentCount })}</span>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}

function RecentJobs() {
  const { t, i18n } = useTranslation();
  const jobs = useJobs(true);
  const errorMessage = useClassErrorMessage();
  return (
    <section aria-labelledby="jobs-title">
      <h2 id="jobs-title">{t('staffClass.jobs.title')}</h2>
      {jobs.isPending ? (
        <Loading />
      ) : jobs.isError ? (
        <LoadError
          what={t('staffClass.jobs.loadError')}
          message={errorMessage(jobs.error)}
          retryLabel={t('staff.student.retry')}
          onRetry={() => void jobs.refetch()}
        />
      ) : jobs.data.length === 0 ? (
        <p>{t('staffClass.jobs.none')}</p>
      ) : (
        <ul className="class-list">
          {jobs.data.map((job) => (
            <li key={job.id}>
              <Link to={`/staff/jobs/${encodeURIComponent(job.id)}`}>
                <JobSummary job={job} />
              </Link>{' '}
              <span className="staff-muted">
                {formatDate(job.createdAt, i18n.language)} {formatTime(job.createdAt, i18n.language)} ·{' '}
                {t(`staffClass.jobs.state.${job.state}`, { done: job.done, total: job.total })}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Classes() {
  const { t } = useTranslation();
  const staff = useStaffMember();
  const isAdmin = staff.role !== 'teacher';
  return (
    <>
      <PageTitle>{t('staffClass.classes.title')}</PageTitle>
      <p>{t('staffClass.classes.intro')}</p>
      <ClassList />
      {isAdmin && (
        <>
          <section aria-labelledby="school-reset-title" className="staff-action">
            <h2 id="school-reset-title">{t('staffClass.school.title')}</h2>
            <p>{t('staffClass.school.intro')}</p>
            <SchoolReset />
          </section>
          <RecentJobs />
        </>
      )}
    </>
  );
}

/** ClassesPage lists the classes in scope by school; admins also reset a grade or school. */
export function ClassesPage() {
  return (
    <StaffPage>
      <RequireStaff>
        <Classes />
      </RequireStaff>
    </StaffPage>
  );
}
