import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { RosterCheckFailed } from './setup-queries.ts';
import './setup-strings.ts';

/**
 * RosterErrors is a refused set's errors as a table of file, row, column and problem, with how
 * many more there are. It takes the focus when it appears, so the reader starts on it.
 */
export function RosterErrors({ check }: { check: RosterCheckFailed }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), [check]);
  const total = check.errors.length + check.moreErrors;
  return (
    <section className="setup-result" aria-labelledby="setup-roster-errors-title">
      <h3 id="setup-roster-errors-title" ref={ref} tabIndex={-1}>
        {t('staffSetup.roster.errors.title')}
      </h3>
      <p className="alert">{t('staffSetup.roster.errors.summary', { count: total })}</p>
      {/* On a phone the table scrolls sideways: its box takes the focus so a keyboard can scroll it. */}
      <div className="staff-table-wrap" role="region" tabIndex={0} aria-labelledby="setup-roster-errors-caption">
        <table className="staff-table">
          <caption id="setup-roster-errors-caption" className="visually-hidden">
            {t('staffSetup.roster.errors.caption')}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('staffSetup.roster.errors.file')}</th>
              <th scope="col">{t('staffSetup.roster.errors.row')}</th>
              <th scope="col">{t('staffSetup.roster.errors.column')}</th>
              <th scope="col">{t('staffSetup.roster.errors.problem')}</th>
            </tr>
          </thead>
          <tbody>
            {check.errors.map((e, i) => (
              // The same file, row and column can hold two problems: the position in the list keys them.
              <tr key={i}>
                <th scope="row" translate="no">
                  {e.file}
                </th>
                <td>{e.row === 0 ? t('staffSetup.roster.errors.wholeFile') : e.row}</td>
                <td translate="no">{e.column || (e.row === 0 ? '' : t('staffSetup.roster.errors.wholeRow'))}</td>
                <td>{e.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {check.moreErrors > 0 && <p>{t('staffSetup.roster.errors.more', { count: check.moreErrors })}</p>}
    </section>
  );
}
