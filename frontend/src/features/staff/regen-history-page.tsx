import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LoadError } from '../../components/load-error.tsx';
import { Loading } from '../../components/loading.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { DistrictAdminOnly } from './regen-page.tsx';
import { regenHistoryCsvHref, regenPath, useRegenerations, type RegenerationStatus } from './regen-queries.ts';
import { durationWords, RegenFilters, requestedWhen } from './regen-words.tsx';
import { useStaffErrorMessage } from './staff-errors.ts';
import { RequireStaff, StaffPage } from './staff-frame.tsx';
import './regen-strings.ts';
import './regen.css';

function HistoryRow({ request }: { request: RegenerationStatus }) {
  const { t, i18n } = useTranslation();
  const when = requestedWhen(request, i18n.language);
  return (
    <tr>
      <th scope="row">
        <Link to={regenPath(request.id)}>{`${when.date}, ${when.time}`}</Link>
      </th>
      <td>{request.requestedBy.name}</td>
      <td>
        <RegenFilters request={request} compact />
      </td>
      <td>{request.comments}</td>
      <td>{request.dryRun.total}</td>
      <td>{t(`staffRegen.statusShort.${request.status}`)}</td>
      <td>{t('staffRegen.history.doneOf', { done: request.done, total: request.total })}</td>
      <td>{request.durationSeconds === undefined ? '' : durationWords(request.durationSeconds, t)}</td>
    </tr>
  );
}

function History() {
  const { t } = useTranslation();
  const history = useRegenerations();
  const errorMessage = useStaffErrorMessage();
  return (
    <>
      <PageTitle>{t('staffRegen.history.title')}</PageTitle>
      <p>{t('staffRegen.history.intro')}</p>
      <p className="staff-actions">
        <Link to="/staff/district/regenerate">{t('staffRegen.history.newRequest')}</Link>
        <a className="button" href={regenHistoryCsvHref} download>
          {t('staffRegen.history.csv')}
        </a>
      </p>
      {history.isPending && <Loading />}
      {history.isError && (
        <LoadError
          what={t('staffRegen.history.loadError')}
          message={errorMessage(history.error)}
          retryLabel={t('staffRegen.progress.retry')}
          onRetry={() => void history.refetch()}
        />
      )}
      {history.isSuccess && history.data.length === 0 && <p>{t('staffRegen.history.empty')}</p>}
      {history.isSuccess && history.data.length > 0 && (
        // On a phone the table scrolls sideways: its box takes the focus so a keyboard can scroll it.
        <div className="staff-table-wrap" role="region" tabIndex={0} aria-labelledby="regen-history-caption">
          <table className="staff-table regen-history">
            <caption id="regen-history-caption" className="visually-hidden">
              {t('staffRegen.history.caption')}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('staffRegen.history.requestedAt')}</th>
                <th scope="col">{t('staffRegen.history.by')}</th>
                <th scope="col">{t('staffRegen.history.filters')}</th>
                <th scope="col">{t('staffRegen.history.comments')}</th>
                <th scope="col">{t('staffRegen.history.dryRun')}</th>
                <th scope="col">{t('staffRegen.history.status')}</th>
                <th scope="col">{t('staffRegen.history.done')}</th>
                <th scope="col">{t('staffRegen.history.duration')}</th>
              </tr>
            </thead>
            <tbody>
              {history.data.map((request) => (
                <HistoryRow key={request.id} request={request} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

/** RegenHistoryPage is the district's regeneration requests, each leading to its progress page, and their CSV. */
export function RegenHistoryPage() {
  return (
    <StaffPage wide>
      <RequireStaff>
        <DistrictAdminOnly>
          <History />
        </DistrictAdminOnly>
      </RequireStaff>
    </StaffPage>
  );
}
