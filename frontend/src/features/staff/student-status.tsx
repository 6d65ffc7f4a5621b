import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { TermList, type TermRow } from '../../components/term-list.tsx';
import { formatDate, formatTime } from '../../lib/format-date.ts';
import { formatRetryTime } from '../../lib/retry-time.ts';
import { gradeLabel } from '../../lib/grade-label.ts';
import { directoryRow } from './setup-directory-state.tsx';
import type { StaffStudent } from './staff-queries.ts';
import './picture-strings.ts';

/** until words the end of a wait: the time today, else the date and the time. */
function until(at: string, language: string): string {
  const when = formatRetryTime(new Date(at), language);
  return when.date ? `${when.date} ${when.time}` : when.time;
}

function lastChange(student: StaffStudent, t: TFunction, language: string): string {
  if (!student.passwordChangedAt) return t('staff.student.never');
  const date = formatDate(student.passwordChangedAt, language);
  if (!student.passwordChangedThrough) return date;
  return t('staff.student.lastChangeValue', {
    date: `${date} ${formatTime(student.passwordChangedAt, language)}`,
    through: t(`staff.student.through.${student.passwordChangedThrough}`),
  });
}

function recovery(student: StaffStudent, t: TFunction, language: string): string {
  const { state, lockedUntil } = student.recovery;
  if (state === 'locked') {
    return lockedUntil ? t('staff.student.recoveryState.locked', { time: until(lockedUntil, language) }) : t('staff.student.recoveryState.lockedNoTime');
  }
  return t(`staff.student.recoveryState.${state}`);
}

function signIn(student: StaffStudent, t: TFunction, language: string): string {
  const { throttled, retryAt } = student.signInThrottled;
  if (!throttled) return t('staff.student.notThrottled');
  return retryAt ? t('staff.student.throttled', { time: until(retryAt, language) }) : t('staff.student.throttledNoTime');
}

function accessCode(student: StaffStudent, t: TFunction, language: string): string {
  const { state, expiresAt } = student.accessCode;
  if (state === 'active') {
    return expiresAt ? t('staff.student.accessCodeState.active', { date: formatDate(expiresAt, language) }) : t('staff.student.accessCodeState.activeNoDate');
  }
  return t(`staff.student.accessCodeState.${state}`);
}

/** pictures words a young student's picture password: its state, when set and last used, or since when locked. */
function pictures(status: NonNullable<StaffStudent['pictures']>, t: TFunction, language: string): string {
  if (status.state === 'locked') {
    return status.lockedAt
      ? t('staffPictures.status.locked', { time: until(status.lockedAt, language) })
      : t('staffPictures.state.locked');
  }
  if (status.state === 'none' || !status.setAt) return t(`staffPictures.state.${status.state}`);
  const date = formatDate(status.setAt, language);
  return status.lastUsedAt
    ? t('staffPictures.status.active', { date, used: formatDate(status.lastUsedAt, language) })
    : t('staffPictures.status.activeUnused', { date });
}

/** StudentStatus is everything the portal knows of a student's sign-in, in plain words; never a secret. */
export function StudentStatus({ student }: { student: StaffStudent }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const s = student.student;
  const rows: TermRow[] = [
    [t('staff.student.studentNumber'), <span translate="no">{s.studentNumber}</span>],
    [t('staff.student.username'), <span translate="no">{s.username}</span>],
    [t('staff.student.email'), <span className="staff-wrap">{s.email}</span>],
    [t('staff.student.grade'), gradeLabel(s.grade, t)],
    [t('staff.student.school'), s.schoolName],
    [
      t('staff.student.classes'),
      student.classes.length === 0 ? t('staff.student.noClasses') : student.classes.map((c) => `${c.name} (${c.classNumber})`).join(', '),
    ],
    [t('staff.student.lastChange'), lastChange(student, t, language)],
    [t('staff.student.mustChange'), student.mustChangePassword ? t('staff.student.yes') : t('staff.student.no')],
    [t('staff.student.pin'), student.pinSet ? t('staff.student.set') : t('staff.student.notSet')],
    [t('staff.student.questions'), student.questionsSet ? t('staff.student.set') : t('staff.student.notSet')],
    [t('staff.student.recovery'), recovery(student, t, language)],
    [t('staff.student.signIn'), signIn(student, t, language)],
    [t('staff.student.schoolPassword'), t(`staff.student.schoolPasswordState.${student.schoolIssuedPassword}`)],
    [
      t('staff.student.guardians'),
      student.guardians.length === 0 ? (
        t('staff.student.noGuardians')
      ) : (
        <ul className="staff-plain-list">
          {student.guardians.map((g) => (
            <li key={g.email}>
              {g.name} <span className="staff-wrap">({g.email})</span>
            </li>
          ))}
        </ul>
      ),
    ],
    [t('staff.student.accessCode'), accessCode(student, t, language)],
  ];
  if (student.pictures) rows.push([t('staffPictures.status.label'), pictures(student.pictures, t, language)]);
  const directory = directoryRow(student, t, language);
  if (directory) rows.push(directory);
  return (
    <section aria-labelledby="student-status-title">
      <h2 id="student-status-title">{t('staff.student.status')}</h2>
      <TermList rows={rows} className="summary staff-summary" />
      {student.nextSelfResetAt && <p>{t('staff.student.nextSelfReset', { date: formatDate(student.nextSelfResetAt, language) })}</p>}
      {student.youngStudent && <p className="notice">{t('staff.student.young')}</p>}
    </section>
  );
}
