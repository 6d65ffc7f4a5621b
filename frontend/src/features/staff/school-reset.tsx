import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { LoadError } from '../../components/load-error.tsx';
import { Loading } from '../../components/loading.tsx';
import { BulkReset } from './bulk-reset.tsx';
import { useClassErrorMessage } from './class-errors.ts';
import { useStartSchoolResetRequest } from './class-queries.ts';
import { useStaffSchools, type StaffSchool } from './report-queries.ts';
import { gradeName } from '../../lib/grade-label.ts';
import './class-strings.ts';

const wholeSchool = 'all';

function SchoolForm({ school }: { school: StaffSchool }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const start = useStartSchoolResetRequest(school.id);
  const [grade, setGrade] = useState(wholeSchool);
  const gradeNumber = grade === wholeSchool ? undefined : Number(grade);
  const question =
    gradeNumber === undefined
      ? t('staffClass.school.confirmSchool', { school: school.name })
      : t('staffClass.school.confirmGrade', { school: school.name, grade: gradeName(gradeNumber, t) });
  return (
    <>
      <div className="field">
        <label className="field__label" htmlFor="school-grade">
          {t('staffClass.school.grade')}
        </label>
        <div className="field__control">
          <select id="school-grade" className="field__input" value={grade} onChange={(e) => setGrade(e.target.value)}>
            <option value={wholeSchool}>{t('staffClass.school.wholeSchool')}</option>
            {school.grades.map((g) => (
              <option key={g} value={String(g)}>
                {gradeName(g, t)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <BulkReset
        students={[]}
        question={question}
        mayIssueCodes
        send={(body) => start({ ...body, ...(gradeNumber === undefined ? {} : { grade: gradeNumber }) })}
        onDone={(job) => void navigate(`/staff/jobs/${encodeURIComponent(job.id)}`)}
      />
    </>
  );
}

/**
 * SchoolReset resets a whole grade or school (school and district admins): pick the school and
 * the grade, then the same form as a class. It runs as a job; the page follows its progress.
 */
export function SchoolReset() {
  const { t } = useTranslation();
  const schools = useStaffSchools();
  const errorMessage = useClassErrorMessage();
  const [schoolId, setSchoolId] = useState('');
  if (schools.isPending) return <Loading />;
  if (schools.isError) {
    return (
      <LoadError
        what={t('staffClass.school.loadError')}
        message={errorMessage(schools.error)}
        retryLabel={t('staff.student.retry')}
        onRetry={() => void schools.refetch()}
      />
    );
  }
  if (schools.data.length === 0) return <p>{t('staffClass.school.none')}</p>;
  const school = schools.data.length === 1 ? schools.data[0] : schools.data.find((s) => s.id === schoolId);
  return (
    <>
      {schools.data.length > 1 && (
        <div className="field">
          <label className="field__label" htmlFor="school-pick">
            {t('staffClass.school.school')}
          </label>
          <div className="field__control">
            <select id="school-pick" className="field__input" value={schoolId} onChange={(e) => setSchoolId(e.target.value)}>
              <option value="">{t('staffClass.school.pick')}</option>
              {schools.data.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </div>
        </div>
      )}
      {schools.data.length === 1 && school && <p>{t('staffClass.school.only', { school: school.name })}</p>}
      {school && <SchoolForm key={school.id} school={school} />}
    </>
  );
}
