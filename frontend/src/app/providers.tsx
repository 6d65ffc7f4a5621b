import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import type { i18n as I18n } from 'i18next';
import type { ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { createApiClient, type ApiClient } from '../lib/api-client.ts';
import { ApiProvider } from '../lib/api-context.tsx';
import { createI18n } from '../lib/i18n.ts';
import { createQueryClient } from '../lib/query-client.ts';
import { csrfTokenFor } from '../lib/session.ts';

export interface AppServices {
  i18n: I18n;
  queryClient: QueryClient;
  api: ApiClient;
}

export function createAppServices({ retry = true }: { retry?: boolean } = {}): AppServices {
  const i18n = createI18n();
  const queryClient = createQueryClient({ retry });
  const api = createApiClient({
    // The token lives only in memory, in the cached session; a reload fetches it again. The
    // student, the family and the staff sessions are separate cookies with tokens of their own.
    getCsrfToken: (path) => csrfTokenFor(queryClient, path),
    getLanguage: () => i18n.language,
  });
  return { i18n, queryClient, api };
}

export function AppProviders({ services, children }: { services: AppServices; children: ReactNode }) {
  return (
    <I18nextProvider i18n={services.i18n}>
      <QueryClientProvider client={services.queryClient}>
        <ApiProvider client={services.api}>{children}</ApiProvider>
      </QueryClientProvider>
    </I18nextProvider>
  );
}
