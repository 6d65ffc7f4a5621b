import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiError } from './api-error.ts';
import { sessionQueryKey } from './session.ts';

function shouldRetry(failureCount: number, error: unknown): boolean {
  // A 4xx answer will not change by asking again.
  if (error instanceof ApiError && error.status < 500) return false;
  return failureCount < 2;
}

/**
 * createQueryClient wires one rule for the whole app: when the server says
 * the session is gone (401) or must first change its password (403
 * password_change_required), refresh what we know about the session so the
 * route guard sends the user to the right page.
 */
export function createQueryClient({ retry = true }: { retry?: boolean } = {}): QueryClient {
  const onError = (error: unknown) => {
    if (!(error instanceof ApiError)) return;
    // Only not_signed_in means the session is gone; other 401s (a wrong
    // password, a failed forgot-password check) say nothing about it.
    if (error.status === 401 && error.code === 'not_signed_in') {
      const hadSession = queryClient.getQueryData(sessionQueryKey) != null;
      if (hadSession) queryClient.setQueryData(sessionQueryKey, null);
    } else if (error.code === 'password_change_required') {
      void queryClient.invalidateQueries({ queryKey: sessionQueryKey });
    }
  };
  const queryClient: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: { retry: retry ? shouldRetry : false, refetchOnWindowFocus: false },
      mutations: { retry: false },
    },
  });
  return queryClient;
}
