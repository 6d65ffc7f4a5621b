import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { gradeLabel } from '../../lib/grade-label.ts';
import type { BulkJob } from './class-queries.ts';
import './class-strings.ts';

/** gradeName words a grade on its own: "Grade 4", "Kindergarten", "Pre-K". */
export function gradeName(grade: number, t: TFunction): string {
  return grade >= 1 && grade <= 12 ? t('staffClass.school.gradeOption', { grade }) : gradeLabel(grade, t);
}

/** JobSummary names a bulk job: what it does, and for which school and grade. */
export function JobSummary({ job }: { job: BulkJob }) {
  const { t } = useTranslation();
  const where =
    job.grade === undefined
      ? t('staffClass.jobs.whereSchool', { school: job.schoolName })
      : t('staffClass.jobs.whereGrade', { school: job.schoolName, grade: gradeName(job.grade, t) });
  return <>{t(job.kind === 'reset' ? 'staffClass.jobs.kindReset' : 'staffClass.jobs.kindCodes', { where })}</>;
}
