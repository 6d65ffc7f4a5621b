import { useTranslation } from 'react-i18next';
import { formatDate } from '../../lib/format-date.ts';
import { gradeLabel } from '../../lib/grade-label.ts';
import { rosterColumns, type RosterColumn, type RosterEntry, type RosterSort } from './roster-view.ts';
import './report-strings.ts';
import './report.css';

export interface RosterTableProps {
  schoolName: string;
  entries: readonly RosterEntry[];
  sort: RosterSort | undefined;
  onSort(column: RosterColumn): void;
}

/**
 * RosterTable is a school's roster, a row a student. Each column header is a button that sorts
 * by it (again: the other way); `aria-sort` on the header says which column orders the rows.
 */
export function RosterTable({ schoolName, entries, sort, onSort }: RosterTableProps) {
  const { t, i18n } = useTranslation();
  const yesNo = (value: boolean) => (value ? t('staffReport.report.yes') : t('staffReport.report.no'));
  return (
    <div className="staff-table-wrap">
      <table className="staff-table staff-roster">
        <caption className="visually-hidden">{t('staffReport.report.caption', { school: schoolName })}</caption>
        <thead>
          <tr>
            {rosterColumns.map((column) => {
              const direction = sort?.column === column ? sort.direction : undefined;
              return (
                <th key={column} scope="col" aria-sort={direction}>
                  <button type="button" className="staff-sort" onClick={() => onSort(column)}>
                    {t(`staffReport.report.columns.${column}`)}
                    <span className="staff-sort__arrow" aria-hidden="true">
                      {direction === 'ascending' ? '▲' : direction === 'descending' ? '▼' : ''}
                    </span>
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.studentNumber}>
              <th scope="row" translate="no">
                {entry.studentNumber}
              </th>
              <td>{entry.lastName}</td>
              <td>{entry.firstName}</td>
              <td>{gradeLabel(entry.grade, t)}</td>
              <td className="staff-nowrap" translate="no">
                {entry.email}
              </td>
              <td>{yesNo(entry.pinSet)}</td>
              <td>{yesNo(entry.questionsSet)}</td>
              <td className="staff-nowrap">
                {entry.passwordChangedAt ? formatDate(entry.passwordChangedAt, i18n.language) : t('staffReport.report.schoolIssued')}
              </td>
              <td>{yesNo(entry.mustChangePassword)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
