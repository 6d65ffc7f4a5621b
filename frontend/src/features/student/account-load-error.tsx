import type { UseQueryResult } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useErrorMessage } from '../../lib/error-message.ts';

/** AccountLoadError says the account could not be loaded and offers to try again. */
export function AccountLoadError({ query }: { query: Pick<UseQueryResult, 'error' | 'refetch'> }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  return (
    <div role="alert" className="alert">
      <p>{t('account.loadError')}</p>
      <p>{errorMessage(query.error)}</p>
      <button type="button" className="button" onClick={() => void query.refetch()}>
        {t('account.retry')}
      </button>
    </div>
  );
}
