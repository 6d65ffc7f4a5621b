import { useTranslation } from 'react-i18next';
import { gradeName } from '../../lib/grade-label.ts';
import type { BulkJob } from './class-queries.ts';
import './class-strings.ts';

/** JobSummary names a bulk job: what it does, and for which school and grade. */
export function JobSummary({ job }: { job: BulkJob }) {
  const { t } = useTranslation();
  const where =
    job.grade === undefined
      ? t('staffClass.jobs.whereSchool', { school: job.schoolName })
      : t('staffClass.jobs.whereGrade', { school: job.schoolName, grade: gradeName(job.grade, t) });
  return <>{t(job.kind === 'reset' ? 'staffClass.jobs.kindReset' : 'staffClass.jobs.kindCodes', { where })}</>;
}
