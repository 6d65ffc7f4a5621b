import { queryOptions, useMutation, useQuery, useQueryClient, type QueryClient, type QueryKey } from '@tanstack/react-query';
import type { components } from '../api/schema';
import type { ApiClient } from './api-client.ts';
import { useApi } from './api-context.tsx';
import { ApiError, unwrap } from './api-error.ts';
import type { SessionMeta } from './query-client.ts';

export type Session = components['schemas']['Session'];
export type GuardianSession = components['schemas']['GuardianSession'];
export type SignInRequest = components['schemas']['SignInRequest'];

export const sessionQueryKey = ['session'] as const;

/**
 * The family portal's session (GET /family/session) is cached under this key by the family
 * feature. It is a separate cookie with a CSRF token of its own: a parent and a child may both
 * be signed in on one computer.
 */
export const familySessionQueryKey = ['family', 'session'] as const;

/**
 * The staff area's session (GET /staff/session), a third cookie with a CSRF token of its own,
 * and the sign-in waiting for its second factor (GET /staff/session/pending), whose token the
 * second-factor requests carry until the session exists.
 */
export const staffSessionQueryKey = ['staff', 'session'] as const;
export const staffPendingQueryKey = ['staff', 'pending'] as const;

type SessionKey = typeof sessionQueryKey | typeof familySessionQueryKey | typeof staffSessionQueryKey | typeof staffPendingQueryKey;

/**
 * sessionQueryKeysFor is the keys of the cached sessions whose CSRF token a request to path
 * needs, the first one cached winning.
 */
export function sessionQueryKeysFor(path: string): readonly SessionKey[] {
  if (path.startsWith('/staff/')) return [staffSessionQueryKey, staffPendingQueryKey];
  return [path.startsWith('/family/') ? familySessionQueryKey : sessionQueryKey];
}

/** csrfTokenFor is the CSRF token a request to path carries, from the session it belongs to. */
export function csrfTokenFor(queryClient: QueryClient, path: string): string | undefined {
  for (const key of sessionQueryKeysFor(path)) {
    const token = queryClient.getQueryData<{ csrfToken: string } | null>(key)?.csrfToken;
    if (token) return token;
  }
  return undefined;
}

/** The server answers 204 with no body when signed out: an answer, not an error in the console. */
async function fetchFamilySession(api: ApiClient): Promise<GuardianSession | null> {
  return (await unwrap(api.GET('/family/session'))) ?? null;
}

/**
 * familySessionQuery is the guardian's session (with its CSRF token), or null when signed out of
 * the family portal. The family feature's hooks use it; it is here so the first page load can
 * ask for it together with a family page's code (app/routes.tsx).
 */
export function familySessionQuery(api: ApiClient) {
  return queryOptions({
    queryKey: familySessionQueryKey,
    queryFn: () => fetchFamilySession(api),
    staleTime: 5 * 60_000,
    meta: { session: 'family' },
    // A guardian who confirms the email in another tab comes back to a page that knows it.
    refetchOnWindowFocus: (query) => query.state.data?.guardian.emailVerified === false,
  });
}

export type StaffSession = components['schemas']['StaffSession'];

/**
 * staffSessionQuery is the staff member's session (with its CSRF token), or null when signed
 * out of the staff area. The staff feature's hooks use it; it is here so the first page load
 * can ask for it together with a staff page's code (app/routes.tsx).
 */
export function staffSessionQuery(api: ApiClient) {
  return queryOptions({
    queryKey: staffSessionQueryKey,
    queryFn: async (): Promise<StaffSession | null> => (await unwrap(api.GET('/staff/session'))) ?? null,
    staleTime: 5 * 60_000,
    meta: { session: 'staff' },
    // A staff session ends after 30 idle minutes: coming back to the tab after that, ask whether
    // it still lives (another tab's requests may have kept it), so the page says it ended at once.
    refetchOnWindowFocus: (query) => {
      const idleEnd = query.state.data?.idleExpiresAt;
      return idleEnd !== undefined && Date.now() >= Date.parse(idleEnd) ? 'always' : false;
    },
  });
}

async function fetchSession(api: ApiClient): Promise<Session | null> {
  return (await unwrap(api.GET('/session'))) ?? null;
}

/** sessionQuery is the signed-in session (with its CSRF token), or null when signed out. */
export function sessionQuery(api: ApiClient) {
  return queryOptions({
    queryKey: sessionQueryKey,
    queryFn: () => fetchSession(api),
    staleTime: 5 * 60_000,
  });
}

/** useSession is the signed-in session (with its CSRF token), or null when signed out. */
export function useSession() {
  const api = useApi();
  return useQuery(sessionQuery(api));
}

export function useSignIn() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SignInRequest) => unwrap(api.POST('/session', { body })),
    onSuccess: (session) => {
      // Nothing cached for a previous account may leak into this one.
      queryClient.removeQueries();
      queryClient.setQueryData(sessionQueryKey, session);
    },
  });
}

/**
 * useBadgeSignIn signs a young student in with the token of a QR badge (POST /session/badge):
 * the same session as a password sign-in, with account.signedInWith 'badge'.
 */
export function useBadgeSignIn() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (token: string) => unwrap(api.POST('/session/badge', { body: { token } })),
    onSuccess: (session) => {
      queryClient.removeQueries();
      queryClient.setQueryData(sessionQueryKey, session);
    },
  });
}

const signedOutQueryKey = ['signed-out'] as const;

/** What differs between the sign-outs of the three kinds of session (student, family, staff). */
export interface SignOutOf {
  /** Ends the session on the server. */
  end(api: ApiClient): Promise<unknown>;
  /** Where this kind of session caches its queries; every query for the student's session. */
  scope?: QueryKey | undefined;
  sessionKey: QueryKey;
  /** The flag useSignedOutFlag reads for this kind of session. */
  signedOutKey: QueryKey;
  meta?: SessionMeta | undefined;
}

/**
 * useSessionSignOut ends a session of one kind and says so: its cached data goes, its session
 * is null and its "just signed out" flag is up. Another kind of session (a separate cookie) stays.
 */
export function useSessionSignOut({ end, scope, sessionKey, signedOutKey, meta }: SignOutOf) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      try {
        await end(api);
      } catch (error) {
        // A session that already ended is the outcome asked for.
        if (!(error instanceof ApiError && error.status === 401)) throw error;
      }
    },
    meta,
    onSuccess: () => {
      // Data still on screen goes when its page unmounts; signing in again clears the rest.
      queryClient.removeQueries({ queryKey: scope, type: 'inactive' });
      queryClient.setQueryData(sessionKey, null);
      queryClient.setQueryData(signedOutKey, true);
    },
  });
}

/**
 * useSignOut ends the session. The route guard then sends the user to the
 * sign-in page, which says they are signed out (see useJustSignedOut).
 */
export function useSignOut() {
  return useSessionSignOut({
    end: (api) => unwrap(api.DELETE('/session')),
    sessionKey: sessionQueryKey,
    signedOutKey: signedOutQueryKey,
  });
}

/** useJustSignedOut is true after the user signed out, until someone signs in. */
export function useJustSignedOut(): boolean {
  return useSignedOutFlag(signedOutQueryKey);
}

/**
 * useSignedOutFlag reads a "just signed out" flag kept in the query cache under queryKey (one
 * per kind of session): set by a sign-out, cleared by the next sign-in.
 */
export function useSignedOutFlag(queryKey: QueryKey): boolean {
  const { data } = useQuery({
    queryKey,
    queryFn: () => false,
    // Known from the start: no fetch, and no second render when it "arrives".
    initialData: false,
    staleTime: Infinity,
    gcTime: Infinity,
  });
  return data === true;
}
