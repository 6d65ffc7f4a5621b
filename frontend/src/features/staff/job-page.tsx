import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { Loading } from '../../components/loading.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { isRefusal } from '../../lib/api-error.ts';
import { useClassErrorMessage } from './class-errors.ts';
import { BackToClasses, ClassLoadFailure } from './class-load-failure.tsx';
import { isRunning, useJob, useTakeJobResult, type BulkJob } from './class-queries.ts';
import { gradeName } from '../../lib/grade-label.ts';
import { JobSummary } from './job-summary.tsx';
import { ResetResult } from './reset-result.tsx';
import { RequireStaff, StaffPage } from './staff-frame.tsx';
import './class-strings.ts';
import './class.css';

function Progress({ job }: { job: BulkJob }) {
  const { t } = useTranslation();
  const running = isRunning(job);
  return (
    <section aria-labelledby="progress-title">
      <h2 id="progress-title">{t('staffClass.job.progress')}</h2>
      <progress id="job-progress" className="job-progress" max={Math.max(job.total, 1)} value={job.done} aria-labelledby="progress-title" />
      {/* Read out as it changes, without moving the focus; polite, so typing elsewhere is not cut off. */}
      <p role="status" aria-live="polite" aria-atomic="true">
        {t(`staffClass.jobs.state.${job.state}`, { done: job.done, total: job.total })}
      </p>
      {running && <p>{t('staffClass.job.keepsRunning')}</p>}
      {job.state === 'failed' && (
        <p role="alert" className="alert">
          {t('staffClass.job.failed', { error: job.error ?? t('staff.errors.unknown') })}
        </p>
      )}
    </section>
  );
}

function TakeResult({ job }: { job: BulkJob }) {
  const { t } = useTranslation();
  const take = useTakeJobResult(job.id);
  const errorMessage = useClassErrorMessage();
  if (take.isSuccess) {
    const result = take.data;
    const where = result.job.grade === undefined ? result.job.schoolName : `${result.job.schoolName} ${gradeName(result.job.grade, t)}`;
    return (
      <ResetResult
        rows={result.students}
        schoolName={result.job.schoolName}
        fileLabel={where}
        letters={result.letters}
        codesOnly={result.job.kind === 'access_codes'}
      />
    );
  }
  if (job.resultTaken || isRefusal(take.error, 410)) {
    return (
      <p role="status" className="notice">
        {t('staffClass.job.taken')}
      </p>
    );
  }
  return (
    <>
      {take.isError && (
        <p role="alert" className="alert">
          {errorMessage(take.error)}
        </p>
      )}
      <p>{t('staffClass.job.resultIntro')}</p>
      <p>
        <button type="button" className="button button--primary" aria-disabled={take.isPending || undefined} onClick={() => take.isPending || take.mutate()}>
          {take.isPending ? t('staffClass.job.taking') : t('staffClass.job.take')}
        </button>
      </p>
    </>
  );
}

function Job({ jobId }: { jobId: string }) {
  const { t } = useTranslation();
  const job = useJob(jobId);
  if (job.isPending) return <Loading />;
  if (job.isError) {
    return (
      <ClassLoadFailure
        error={job.error}
        notFoundTitle={t('staffClass.job.notFoundTitle')}
        notFoundBody={t('staffClass.job.notFoundBody')}
        loadError={t('staffClass.job.loadError')}
        onRetry={() => void job.refetch()}
      />
    );
  }
  const data = job.data;
  return (
    <>
      <BackToClasses />
      <PageTitle>{data.kind === 'access_codes' ? t('staffClass.job.codesTitle') : t('staffClass.job.title')}</PageTitle>
      <p className="staff-strong">
        <JobSummary job={data} />
      </p>
      <Progress job={data} />
      {data.state === 'done' && <TakeResult job={data} />}
    </>
  );
}

/** JobPage follows a grade or school job: its progress while it runs, then its result, once. */
export function JobPage() {
  const { jobId = '' } = useParams();
  return (
    <StaffPage wide>
      <RequireStaff>
        <Job key={jobId} jobId={jobId} />
      </RequireStaff>
    </StaffPage>
  );
}
