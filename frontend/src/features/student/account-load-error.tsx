import type { UseQueryResult } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { LoadError } from '../../components/load-error.tsx';
import { useErrorMessage } from '../../lib/error-message.ts';

/** AccountLoadError says the account could not be loaded and offers to try again. */
export function AccountLoadError({ query }: { query: Pick<UseQueryResult, 'error' | 'refetch'> }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  return (
    <LoadError
      what={t('account.loadError')}
      message={errorMessage(query.error)}
      retryLabel={t('account.retry')}
      onRetry={() => void query.refetch()}
    />
  );
}
