import type { TFunction } from 'i18next';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type RuleViolation } from '../../lib/api-error.ts';
import { staffClassEnglish } from './class-strings.ts';

/** A student a bulk reset may name in a refusal. */
export interface NamedStudent {
  id: string;
  firstName: string;
  lastName: string;
}

const studentField = 'students/';

/**
 * isBulkRefusal tells the refusal of a whole bulk reset because of some students (a password
 * that breaks their rules, students not in the class): 422 with details on `students/{id}`.
 */
export function isBulkRefusal(error: unknown): error is ApiError {
  return error instanceof ApiError && error.status === 422 && error.details.some((d) => d.field?.startsWith(studentField));
}

type KnownRule = keyof typeof staffClassEnglish.rules;

function isKnownRule(rule: string): rule is KnownRule {
  return Object.hasOwn(staffClassEnglish.rules, rule);
}

/** One student of a refusal and what is wrong for them, in words. */
export interface RefusedStudent {
  id: string;
  name: string;
  problems: string[];
}

/**
 * refusedStudents groups a bulk refusal's details by student. The server writes each message as
 * "First Last (username): why"; the page names a student it knows from the roster, else by that
 * message, and says the rules it knows in the page's language.
 */
export function refusedStudents(details: readonly RuleViolation[], known: readonly NamedStudent[], t: TFunction): RefusedStudent[] {
  const byId = new Map(known.map((s) => [s.id, s]));
  const out = new Map<string, RefusedStudent>();
  for (const detail of details) {
    if (!detail.field?.startsWith(studentField)) continue;
    const id = detail.field.slice(studentField.length);
    const colon = detail.message.indexOf(': ');
    const student = byId.get(id);
    const name = student ? `${student.firstName} ${student.lastName}` : colon > 0 ? detail.message.slice(0, colon) : id;
    const problem = isKnownRule(detail.rule) ? t(`staffClass.rules.${detail.rule}`) : colon > 0 ? detail.message.slice(colon + 2) : detail.message;
    const entry = out.get(id) ?? { id, name, problems: [] };
    if (!entry.problems.includes(problem)) entry.problems.push(problem);
    out.set(id, entry);
  }
  return [...out.values()];
}

/**
 * BulkRefusal lists, per student, why a bulk reset was refused; it takes the focus each time a
 * refusal comes back, so a keyboard or screen-reader user starts there.
 */
export function BulkRefusal({ error, students }: { error: ApiError; students: readonly NamedStudent[] }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), [error]);
  const refused = refusedStudents(error.details, students, t);
  const notInClass = error.code === 'student_not_in_class';
  return (
    <div ref={ref} tabIndex={-1} role="alert" className="alert" aria-labelledby="bulk-refusal-title">
      <p id="bulk-refusal-title" className="staff-strong">
        {notInClass ? t('staffClass.refusal.notInClass', { count: refused.length }) : t('staffClass.refusal.rules', { count: refused.length })}
      </p>
      <ul>
        {refused.map((student) => (
          <li key={student.id}>
            <strong>{student.name}</strong>: {student.problems.join(' ')}
          </li>
        ))}
      </ul>
      <p>{notInClass ? t('staffClass.refusal.notInClassNext') : t('staffClass.refusal.rulesNext')}</p>
    </div>
  );
}
