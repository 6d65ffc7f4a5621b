import { useTranslation } from 'react-i18next';
import { useRosterImports, type RosterImport } from './setup-queries.ts';
import { Loaded, useWhen } from './setup-settings.tsx';
import './setup-strings.ts';

/** totals adds up an import's plan over its files. */
function totals(entry: RosterImport) {
  return entry.plan.files.reduce(
    (sum, f) => ({ added: sum.added + f.added, changed: sum.changed + f.changed, retired: sum.retired + f.retired }),
    { added: 0, changed: 0, retired: 0 },
  );
}

function HistoryRow({ entry }: { entry: RosterImport }) {
  const { t } = useTranslation();
  const when = useWhen();
  const source = t(`staffSetup.roster.history.${entry.source}`);
  return (
    <tr>
      <th scope="row">{when(entry.appliedAt ?? entry.createdAt)}</th>
      <td>{entry.createdBy.name}</td>
      <td>
        {source}
        {entry.fileName && (
          <>
            {' '}
            (<span translate="no">{entry.fileName}</span>)
          </>
        )}
      </td>
      <td>
        {t(`staffSetup.roster.state.${entry.state}`)}
        {entry.state === 'failed' && entry.failure && <span className="setup-failure">{entry.failure}</span>}
      </td>
      <td>{t('staffSetup.roster.history.countsValue', totals(entry))}</td>
    </tr>
  );
}

/** RosterHistory is the district's past imports, newest first: when, who, from where, how they ended, what they changed. */
export function RosterHistory() {
  const { t } = useTranslation();
  const imports = useRosterImports();
  return (
    <>
      <h3 id="setup-roster-history">{t('staffSetup.roster.history.title')}</h3>
      <Loaded query={imports}>
        {(list) =>
          list.length === 0 ? (
            <p>{t('staffSetup.roster.history.empty')}</p>
          ) : (
            // On a phone the table scrolls sideways: its box takes the focus so a keyboard can scroll it.
            <div className="staff-table-wrap" role="region" tabIndex={0} aria-labelledby="setup-roster-history-caption">
              <table className="staff-table">
                <caption id="setup-roster-history-caption" className="visually-hidden">
                  {t('staffSetup.roster.history.caption')}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t('staffSetup.roster.history.when')}</th>
                    <th scope="col">{t('staffSetup.roster.history.who')}</th>
                    <th scope="col">{t('staffSetup.roster.history.source')}</th>
                    <th scope="col">{t('staffSetup.roster.history.state')}</th>
                    <th scope="col">{t('staffSetup.roster.history.counts')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((entry) => (
                    <HistoryRow key={entry.importId} entry={entry} />
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loaded>
    </>
  );
}
