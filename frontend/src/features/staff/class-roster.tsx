import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ClassStudent } from './class-queries.ts';
import './class-strings.ts';
import './picture-strings.ts';

/** How much of a roster is selected: the "Select all" box is checked, mixed or clear. */
export type SelectAllState = 'all' | 'some' | 'none';

export function selectAllState(selected: ReadonlySet<string>, ids: readonly string[]): SelectAllState {
  const count = ids.filter((id) => selected.has(id)).length;
  if (count === 0) return 'none';
  return count === ids.length ? 'all' : 'some';
}

/** toggleAll is what "Select all" does: select everyone, or, when everyone is selected, no one. */
export function toggleAll(selected: ReadonlySet<string>, ids: readonly string[]): Set<string> {
  return selectAllState(selected, ids) === 'all' ? new Set() : new Set(ids);
}

/** toggleOne selects or clears one student. */
export function toggleOne(selected: ReadonlySet<string>, id: string): Set<string> {
  const next = new Set(selected);
  if (next.has(id)) next.delete(id);
  else next.add(id);
  return next;
}

function SelectAll({ state, onToggle }: { state: SelectAllState; onToggle(): void }) {
  const ref = useRef<HTMLInputElement>(null);
  // "Some selected" is the box's mixed state, which only the DOM property sets.
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = state === 'some';
  }, [state]);
  return (
    <input
      ref={ref}
      type="checkbox"
      id="select-all"
      checked={state === 'all'}
      onChange={onToggle}
    />
  );
}

export interface ClassRosterProps {
  students: readonly ClassStudent[];
  selected: ReadonlySet<string>;
  onSelect(next: Set<string>): void;
}

/** ClassRoster is the class as a table: a box a student to select, and each one's status in words. */
export function ClassRoster({ students, selected, onSelect }: ClassRosterProps) {
  const { t } = useTranslation();
  const ids = students.map((s) => s.id);
  const yesNo = (value: boolean) => (value ? t('staffClass.roster.yes') : t('staffClass.roster.no'));
  // Young students' sign-ins (the badge grades'), shown when the class has any.
  const young = students.some((s) => s.badge !== undefined || s.pictures !== undefined);
  const notEligible = (
    <>
      <span aria-hidden="true">–</span>
      <span className="visually-hidden">{t('staffPictures.roster.notEligible')}</span>
    </>
  );
  return (
    <div className="staff-table-wrap">
      <table className="staff-table class-roster">
        <caption className="visually-hidden">{t('staffClass.roster.caption')}</caption>
        <thead>
          <tr>
            <th scope="col" className="class-roster__select">
              <SelectAll state={selectAllState(selected, ids)} onToggle={() => onSelect(toggleAll(selected, ids))} />
              <label htmlFor="select-all">{t('staffClass.roster.selectAll')}</label>
            </th>
            <th scope="col">{t('staffClass.roster.name')}</th>
            <th scope="col">{t('staffClass.roster.username')}</th>
            <th scope="col">{t('staffClass.roster.pin')}</th>
            <th scope="col">{t('staffClass.roster.questions')}</th>
            <th scope="col">{t('staffClass.roster.mustChange')}</th>
            <th scope="col">{t('staffClass.roster.recovery')}</th>
            <th scope="col">{t('staffClass.roster.schoolPassword')}</th>
            {young && <th scope="col">{t('staffPictures.roster.badge')}</th>}
            {young && <th scope="col">{t('staffPictures.roster.pictures')}</th>}
          </tr>
        </thead>
        <tbody>
          {students.map((s) => {
            const name = `${s.firstName} ${s.lastName}`;
            return (
              <tr key={s.id}>
                <td className="class-roster__select">
                  <input
                    type="checkbox"
                    id={`select-${s.id}`}
                    aria-label={t('staffClass.roster.select', { name })}
                    checked={selected.has(s.id)}
                    onChange={() => onSelect(toggleOne(selected, s.id))}
                  />
                </td>
                <th scope="row">
                  <Link to={`/staff/students/${encodeURIComponent(s.id)}`}>{name}</Link>
                </th>
                <td translate="no">{s.username}</td>
                <td>{s.pinSet ? t('staffClass.roster.set') : t('staffClass.roster.notSet')}</td>
                <td>{s.questionsSet ? t('staffClass.roster.set') : t('staffClass.roster.notSet')}</td>
                <td>{yesNo(s.mustChangePassword)}</td>
                <td>{s.recoveryLocked ? t('staffClass.roster.locked') : t('staffClass.roster.open')}</td>
                <td>{s.schoolIssuedPasswordAvailable ? t('staffClass.roster.available') : t('staffClass.roster.none')}</td>
                {young && (
                  <td>{s.badge === undefined ? notEligible : s.badge ? t('staffPictures.roster.hasBadge') : t('staffPictures.roster.noBadge')}</td>
                )}
                {young && <td>{s.pictures === undefined ? notEligible : t(`staffPictures.roster.${s.pictures}`)}</td>}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
