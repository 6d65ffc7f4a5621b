import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { gradeLabel } from '../../lib/grade-label.ts';
import type { RegenerationCounts } from './regen-queries.ts';
import './regen-strings.ts';

/** gradeCell words a grade for the table; the pre-K levels all say "Pre-K", so their code follows. */
function useGradeCell() {
  const { t } = useTranslation();
  return (grade: number) => (grade < 0 && grade !== -9 ? `${gradeLabel(grade, t)} (${grade})` : gradeLabel(grade, t));
}

/**
 * RegenCountsTable is a dry run's counts by school and grade, with each school's total and the
 * total: the preview shows it before confirming, the progress page shows what was confirmed.
 */
export function RegenCountsTable({ counts, caption }: { counts: RegenerationCounts; caption: string }) {
  const { t } = useTranslation();
  const grade = useGradeCell();
  const captionId = useId();
  if (counts.schools.length === 0) return null;
  return (
    // On a phone the table scrolls sideways: its box takes the focus so a keyboard can scroll it.
    <div className="staff-table-wrap" role="region" tabIndex={0} aria-labelledby={captionId}>
      <table className="staff-table">
        <caption id={captionId} className="visually-hidden">
          {caption}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('staffRegen.result.campusCode')}</th>
            <th scope="col">{t('staffRegen.result.school')}</th>
            <th scope="col">{t('staffRegen.result.grade')}</th>
            <th scope="col">{t('staffRegen.result.students')}</th>
          </tr>
        </thead>
        {counts.schools.map((school) => (
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
            <td>{counts.total}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

/**
 * RegenPreview is a dry run's answer: the students the request would touch, by school and grade,
 * and the plain word that nothing has changed; what confirms it comes after (children). It takes
 * the focus when it appears, so a keyboard or screen-reader user starts there.
 */
export function RegenPreview({ dryRun, children }: { dryRun: RegenerationCounts; children?: ReactNode }) {
  const { t } = useTranslation();
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
      <RegenCountsTable counts={dryRun} caption={t('staffRegen.result.caption')} />
      <p>{t('staffRegen.result.unchanged')}</p>
      {children}
    </section>
  );
}
