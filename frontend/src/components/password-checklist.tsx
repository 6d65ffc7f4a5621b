import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PasswordRule } from '../lib/password-rules.ts';
import './password-checklist.css';

/** One line of the checklist and the server rules it stands for. */
const items = [
  { key: 'lowercase', rules: ['lowercase'] },
  { key: 'uppercase', rules: ['uppercase'] },
  { key: 'digit', rules: ['digit'] },
  { key: 'minLength', rules: ['min_length'] },
  { key: 'maxLength', rules: ['max_length'] },
  { key: 'common', rules: ['common'] },
  { key: 'personal', rules: ['contains_username', 'contains_name'] },
] as const satisfies readonly { key: string; rules: readonly PasswordRule[] }[];

export type ChecklistItemState = 'met' | 'notMet' | 'missing' | 'checking';

const icons: Record<ChecklistItemState, string> = { met: '✓', notMet: '○', missing: '✗', checking: '…' };

/** How long typing must pause before the summary is announced to screen readers. */
export const announceDelayMs = 1500;

export interface PasswordChecklistProps {
  /** The list's id; its title is `${id}-title` and its summary `${id}-summary` (for aria-describedby). */
  id: string;
  password: string;
  /** The rules the password fails (checkPassword). */
  failed: readonly PasswordRule[];
  /** False while the common-password list is loading: that line shows as being checked. */
  commonReady: boolean;
  /** After a submit attempt, unmet lines show as errors. */
  submitted?: boolean | undefined;
  /**
   * The list's title and its "no name or username" line in the words of whose password it is;
   * by default the student's own.
   */
  title?: string | undefined;
  personalLabel?: string | undefined;
}

/**
 * PasswordChecklist shows the password rules as a list that turns green as the student types.
 * Each line says its state in words too (hidden text for screen readers, an icon for the eye),
 * never by colour alone. Nothing is announced on each keystroke: a polite summary is announced
 * once typing pauses.
 */
export function PasswordChecklist({
  id,
  password,
  failed,
  commonReady,
  submitted = false,
  title,
  personalLabel,
}: PasswordChecklistProps) {
  const { t } = useTranslation();
  const failing = new Set<PasswordRule>(failed);
  const states = items.map(({ key, rules }): ChecklistItemState => {
    if (password !== '' && key === 'common' && !commonReady && !failing.has('common')) return 'checking';
    const met = password !== '' && rules.every((rule) => !failing.has(rule));
    if (met) return 'met';
    return submitted ? 'missing' : 'notMet';
  });
  const metCount = states.filter((s) => s === 'met').length;
  const summary =
    metCount === items.length
      ? t('password.checklist.allDone')
      : t('password.checklist.summary', { met: metCount, total: items.length });

  // The live region gets the summary only after typing pauses, and only once something is typed.
  const [announced, setAnnounced] = useState('');
  useEffect(() => {
    if (password === '') return;
    const timer = setTimeout(() => setAnnounced(summary), announceDelayMs);
    return () => clearTimeout(timer);
  }, [password, summary]);

  return (
    <div className="password-checklist" id={id}>
      <p className="password-checklist__title" id={`${id}-title`}>
        {title ?? t('password.checklist.title')}
      </p>
      <ul className="password-checklist__list">
        {items.map(({ key }, i) => {
          const state = states[i] ?? 'notMet';
          return (
            <li key={key} className={`password-checklist__item password-checklist__item--${state}`} data-state={state}>
              <span className="password-checklist__icon" aria-hidden="true">
                {icons[state]}
              </span>
              <span>
                {key === 'personal' && personalLabel ? personalLabel : t(`password.rules.${key}`)}
                <span className="password-checklist__sr">{`, ${t(`password.checklist.${state}`)}`}</span>
              </span>
            </li>
          );
        })}
      </ul>
      <p className="password-checklist__summary" id={`${id}-summary`}>
        {summary}
      </p>
      <div className="password-checklist__sr" role="status" aria-live="polite" aria-atomic="true">
        {announced}
      </div>
    </div>
  );
}
