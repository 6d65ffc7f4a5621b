import type { TFunction } from 'i18next';
import type { TermRow } from '../../components/term-list.tsx';
import { formatDate, formatTime } from '../../lib/format-date.ts';
import type { StaffStudent } from './staff-queries.ts';
import './setup-strings.ts';

/**
 * directoryRow is the By Student page's line on whether the district's directory has the
 * student's current password; none when the district has no directory (or the server did not say).
 */
export function directoryRow(student: StaffStudent, t: TFunction, language: string): TermRow | undefined {
  const directory = student.directory;
  if (!directory || directory.state === 'not_configured') return undefined;
  let words: string;
  if (directory.state === 'current') words = t('staffSetup.directory.student.current');
  else if (directory.state === 'failed') words = t('staffSetup.directory.student.failed', { reason: directory.reason ?? '' });
  else if (directory.since) {
    words = t('staffSetup.directory.student.pendingSince', { time: `${formatDate(directory.since, language)} ${formatTime(directory.since, language)}` });
  } else words = t('staffSetup.directory.student.pending');
  return [t('staffSetup.directory.student.label'), words];
}
