import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { LoadError } from '../../components/load-error.tsx';
import { Loading } from '../../components/loading.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { ApiError } from '../../lib/api-error.ts';
import { gradeName } from '../../lib/grade-label.ts';
import { AccessCodeForm } from './access-code-form.tsx';
import { VoidBadges } from './void-badges.tsx';
import { useStaffErrorMessage } from './staff-errors.ts';
import { RequireStaff, StaffPage, useStaffMember } from './staff-frame.tsx';
import { useStaffSchools, useStartSchoolAccessCodes, type StaffSchool } from './report-queries.ts';
import './report-strings.ts';

function Refusal({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const errorMessage = useStaffErrorMessage();
  if (error instanceof ApiError && error.code === 'job_running') {
    return (
      <p>
        {t('staffReport.codes.jobRunning')} <Link to="/staff/classes">{t('staffReport.codes.jobs')}</Link>
      </p>
    );
  }
  return <p>{errorMessage(error)}</p>;
}

function SchoolForm({ school }: { school: StaffSchool }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const start = useStartSchoolAccessCodes(school.id);
  const [scope, setScope] = useState<'school' | 'grade'>('school');
  const [grade, setGrade] = useState(String(school.grades[0] ?? ''));
  const gradeId = useId();
  return (
    <AccessCodeForm
      submit={t('staffReport.codes.start')}
      busy={t('staffReport.codes.starting')}
      pending={start.isPending}
      error={start.isError ? <Refusal error={start.error} /> : undefined}
      onSubmit={(reissue) =>
        start.mutate(
          { reissue, ...(scope === 'grade' && grade !== '' ? { grade: Number(grade) } : {}) },
          // The job page follows the work and takes the codes once it ends.
          { onSuccess: (job) => void navigate(`/staff/jobs/${encodeURIComponent(job.id)}`) },
        )
      }
    >
      <fieldset className="choice-group">
        <legend>{t('staffReport.codes.scope')}</legend>
        {(['school', 'grade'] as const).map((s) => (
          <div className="choice-group__option" key={s}>
            <input type="radio" id={`codes-scope-${s}`} name="codes-scope" value={s} checked={scope === s} onChange={() => setScope(s)} />
            <label htmlFor={`codes-scope-${s}`}>{s === 'school' ? t('staffReport.codes.wholeSchool') : t('staffReport.codes.oneGrade')}</label>
          </div>
        ))}
        {scope === 'grade' && (
          <div className="field">
            <label className="field__label" htmlFor={gradeId}>
              {t('staffReport.codes.gradeLabel')}
            </label>
            <div className="field__control">
              <select id={gradeId} className="field__input" value={grade} onChange={(e) => setGrade(e.target.value)}>
                {school.grades.map((g) => (
                  <option key={g} value={String(g)}>
                    {gradeName(g, t)}
                  </option>
                ))}
              </select>
            </div>
          </div>
        )}
      </fieldset>
    </AccessCodeForm>
  );
}

function SchoolCodes({ schoolId }: { schoolId: string }) {
  const { t } = useTranslation();
  const staff = useStaffMember();
  const schools = useStaffSchools();
  const errorMessage = useStaffErrorMessage();
  const school = schools.data?.find((s) => s.id === schoolId);
  const back = (
    <p>
      <Link to={`/staff/report?school=${encodeURIComponent(schoolId)}`}>{t('staffReport.codes.back')}</Link>
    </p>
  );
  if (schools.isPending) return <Loading />;
  if (schools.isError) {
    return (
      <LoadError
        what={t('staffReport.codes.loadError')}
        message={errorMessage(schools.error)}
        retryLabel={t('staffReport.report.retry')}
        onRetry={() => void schools.refetch()}
      />
    );
  }
  if (!school) {
    return (
      <>
        <PageTitle>{t('staffReport.codes.classTitle')}</PageTitle>
        <p>{t('staffReport.codes.schoolNotFound')}</p>
        {back}
      </>
    );
  }
  return (
    <>
      <PageTitle>{t('staffReport.codes.schoolTitle', { school: school.name })}</PageTitle>
      <p>{t('staffReport.codes.schoolIntro')}</p>
      {staff.role === 'teacher' ? (
        <p className="notice">{t('staffReport.codes.teacherNotAllowed')}</p>
      ) : (
        <>
          <SchoolForm school={school} />
          {/* Beside the school's access codes: both are year-start and year-end work for the office. */}
          <VoidBadges school={school} />
        </>
      )}
      {back}
    </>
  );
}

/** SchoolAccessCodesPage starts a job issuing parent access codes for a grade or a whole school, and voids the school's badges at year end. */
export function SchoolAccessCodesPage() {
  const { schoolId = '' } = useParams();
  return (
    <StaffPage>
      <RequireStaff>
        <SchoolCodes key={schoolId} schoolId={schoolId} />
      </RequireStaff>
    </StaffPage>
  );
}
