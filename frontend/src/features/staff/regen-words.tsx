import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { TermList, type TermRow } from '../../components/term-list.tsx';
import { formatDate, formatTime } from '../../lib/format-date.ts';
import { gradeLabel } from '../../lib/grade-label.ts';
import type { RegenerationStatus } from './regen-queries.ts';
import './regen-strings.ts';

// How the regeneration pages word a request: its filters, when, how fast, how long.

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
  const rows: TermRow[] = [
    ...(compact ? [] : [[t('staffRegen.filters.psuCode'), request.psuCode] as TermRow]),
    [t('staffRegen.filters.campusCodes'), words.campusCodes],
    [t('staffRegen.filters.grades'), words.grades],
    [t('staffRegen.filters.alsoReset'), words.alsoReset],
    [t('staffRegen.filters.forceChange'), words.forceChange],
    ...(compact ? [] : [[t('staffRegen.filters.comments'), request.comments || t('staffRegen.filters.noComments')] as TermRow]),
  ];
  return <TermList rows={rows} className={compact ? 'regen-filters regen-filters--compact' : 'regen-filters'} />;
}

/** durationWords says how long a request took: "42 s", "3 min 5 s", "1 h 2 min". */
export function durationWords(seconds: number, t: TFunction): string {
  const whole = Math.max(0, Math.round(seconds));
  if (whole < 60) return t('staffRegen.duration.seconds', { seconds: whole });
  if (whole < 3600) return t('staffRegen.duration.minutes', { minutes: Math.floor(whole / 60), seconds: whole % 60 });
  return t('staffRegen.duration.hours', { hours: Math.floor(whole / 3600), minutes: Math.floor((whole % 3600) / 60) });
}

/**
 * timeLeftWords rounds the server's estimate the way people say it: "less than a minute",
 * "about 2 minutes", "about 1 hour" (an estimate to the second would promise too much).
 */
export function timeLeftWords(seconds: number, t: TFunction): string {
  if (seconds < 60) return t('staffRegen.timeLeft.underMinute');
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return t('staffRegen.timeLeft.minutes', { count: minutes });
  return t('staffRegen.timeLeft.hours', { count: Math.round(minutes / 60) });
}

/** rateWords is the students done a second, to one decimal below ten ("2.5"), whole above. */
export function rateWords(rate: number, language: string, t: TFunction): string {
  const digits = rate < 10 ? 1 : 0;
  const shown = new Intl.NumberFormat(language, { maximumFractionDigits: digits }).format(rate);
  // The plural follows the number as shown: "1 student a second", "1.5 students a second".
  return t('staffRegen.progress.rate', { count: Number(rate.toFixed(digits)) === 1 ? 1 : 2, rate: shown });
}

/** requestedWhen is a request's confirmation in the reader's time zone: its date and time. */
export function requestedWhen(request: Pick<RegenerationStatus, 'requestedAt'>, language: string): { date: string; time: string } {
  return { date: formatDate(request.requestedAt, language), time: formatTime(request.requestedAt, language) };
}
