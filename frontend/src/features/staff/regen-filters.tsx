import { useTranslation } from 'react-i18next';
import { gradeLabel } from '../../lib/grade-label.ts';
import type { RegenerationStatus } from './regen-queries.ts';
import './regen-strings.ts';

type Filters = Pick<RegenerationStatus, 'psuCode' | 'campusCodes' | 'grades' | 'alsoReset' | 'forceChange' | 'comments'>;

/** useFilterWords words a request's filters: its schools, its grades, and the two boxes. */
export function useFilterWords() {
  const { t } = useTranslation();
  // As the counts table says them: the pre-K levels all say "Pre-K", so their code follows.
  const grade = (g: number) => (g < 0 && g !== -9 ? `${gradeLabel(g, t)} (${g})` : gradeLabel(g, t));
  const yesNo = (value: boolean) => (value ? t('staffRegen.filters.yes') : t('staffRegen.filters.no'));
  return (request: Filters) => ({
    campusCodes: request.campusCodes.length === 0 ? t('staffRegen.filters.allSchools') : request.campusCodes.join(', '),
    grades: request.grades.length === 0 ? t('staffRegen.filters.allGrades') : request.grades.map(grade).join(', '),
    alsoReset: yesNo(request.alsoReset),
    forceChange: yesNo(request.forceChange),
  });
}

/** RegenFilters lists what a request asked for: PSU code, schools, grades, the boxes and the comments. */
export function RegenFilters({ request, compact = false }: { request: Filters; compact?: boolean }) {
  const { t } = useTranslation();
  const words = useFilterWords()(request);
  const rows: [string, string][] = [
    ...(compact ? [] : [[t('staffRegen.filters.psuCode'), request.psuCode] as [string, string]]),
    [t('staffRegen.filters.campusCodes'), words.campusCodes],
    [t('staffRegen.filters.grades'), words.grades],
    [t('staffRegen.filters.alsoReset'), words.alsoReset],
    [t('staffRegen.filters.forceChange'), words.forceChange],
    ...(compact ? [] : [[t('staffRegen.filters.comments'), request.comments || t('staffRegen.filters.noComments')] as [string, string]]),
  ];
  return (
    <dl className={compact ? 'regen-filters regen-filters--compact' : 'regen-filters'}>
      {rows.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
