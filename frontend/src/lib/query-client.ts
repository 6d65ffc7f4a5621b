import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiError } from './api-error.ts';
import { familySessionQueryKey, sessionQueryKey, staffSessionQueryKey } from './session.ts';

/**
 * The session a query or mutation speaks for: the family portal's queries say `session:
 * 'family'` in their meta and the staff area's `session: 'staff'`, so a 401 there ends that
 * session, not the student's.
 */
export type SessionMeta = { session?: 'family' | 'staff' };

function sessionKeyOf(meta: SessionMeta | undefined) {
  if (meta?.session === 'family') return familySessionQueryKey;
  if (meta?.session === 'staff') return staffSessionQueryKey;
  return sessionQueryKey;
}

declare module '@tanstack/react-query' {
  interface Register {
    queryMeta: SessionMeta;
    mutationMeta: SessionMeta;
  }
}

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
  const onError = (error: unknown, meta: SessionMeta | undefined) => {
    if (!(error instanceof ApiError)) return;
    const key = sessionKeyOf(meta);
    // Only not_signed_in means the session is gone; other 401s (a wrong
    // password, a failed forgot-password check) say nothing about it.
    if (error.status === 401 && error.code === 'not_signed_in') {
      const hadSession = queryClient.getQueryData(key) != null;
      if (hadSession) queryClient.setQueryData(key, null);
    } else if (error.code === 'password_change_required' && key === sessionQueryKey) {
      void queryClient.invalidateQueries({ queryKey: sessionQueryKey });
    }
  };
  const queryClient: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError: (error, query) => onError(error, query.meta) }),
    mutationCache: new MutationCache({
      onError: (error, _variables, _context, mutation) => onError(error, mutation.meta),
    }),
    defaultOptions: {
      queries: { retry: retry ? shouldRetry : false, refetchOnWindowFocus: false },
      mutations: { retry: false },
    },
  });
  return queryClient;
}
