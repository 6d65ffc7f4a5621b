import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { components } from '../../api/schema';
import { gradeLabel } from '../../lib/grade-label.ts';
import './regen-strings.ts';

export type RegenerationDryRun = components['schemas']['RegenerationDryRun'];

/** gradeCell words a grade for the table; the pre-K levels all say "Pre-K", so their code follows. */
function useGradeCell() {
  const { t } = useTranslation();
  return (grade: number) => (grade < 0 && grade !== -9 ? `${gradeLabel(grade, t)} (${grade})` : gradeLabel(grade, t));
}

/**
 * RegenPreview is a dry run's answer: the students the request would touch, by school and grade,
 * with each school's total and the total, and the plain word that nothing has changed. It takes
 * the focus when it appears, so a keyboard or screen-reader user starts there.
 */
export function RegenPreview({ dryRun }: { dryRun: RegenerationDryRun }) {
  const { t } = useTranslation();
  const grade = useGradeCell();
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), [dryRun]);
  return (
    <section className="regen-preview" aria-labelledby="regen-preview-title">
      <h2 id="regen-preview-title" ref={ref} tabIndex={-1}>
        {t('staffRegen.result.title')}
      </h2>
      <p className="staff-strong">
        {dryRun.total === 0 ? t('staffRegen.result.none') : t('staffRegen.result.summary', { count: dryRun.total })}
      </p>
      {dryRun.schools.length > 0 && (
        // On a phone the table scrolls sideways: its box takes the focus so a keyboard can scroll it.
        <div className="staff-table-wrap" role="region" tabIndex={0} aria-labelledby="regen-preview-caption">
          <table className="staff-table">
            <caption id="regen-preview-caption" className="visually-hidden">
              {t('staffRegen.result.caption')}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('staffRegen.result.campusCode')}</th>
                <th scope="col">{t('staffRegen.result.school')}</th>
                <th scope="col">{t('staffRegen.result.grade')}</th>
                <th scope="col">{t('staffRegen.result.students')}</th>
              </tr>
            </thead>
            {dryRun.schools.map((school) => (
              <tbody key={school.campusCode}>
                {school.grades.map((g) => (
                  <tr key={g.grade}>
                    <td translate="no">{school.campusCode}</td>
                    <th scope="row">{school.name}</th>
                    <td>{grade(g.grade)}</td>
                    <td>{g.count}</td>
                  </tr>
                ))}
                <tr className="staff-strong">
                  <td translate="no">{school.campusCode}</td>
                  <th scope="row">{school.name}</th>
                  <td>{t('staffRegen.result.schoolTotal')}</td>
                  <td>{school.total}</td>
                </tr>
              </tbody>
            ))}
            <tfoot>
              <tr className="staff-strong">
                <th scope="row" colSpan={3}>
                  {t('staffRegen.result.total')}
                </th>
                <td>{dryRun.total}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      )}
      <p>{t('staffRegen.result.unchanged')}</p>
      <p>{t('staffRegen.result.notYet')}</p>
    </section>
  );
}
