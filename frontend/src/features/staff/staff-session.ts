import { queryOptions, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { components } from '../../api/schema';
import type { ApiClient } from '../../lib/api-client.ts';
import { useApi } from '../../lib/api-context.tsx';
import { unwrap } from '../../lib/api-error.ts';
import type { SessionMeta } from '../../lib/query-client.ts';
import {
  staffPendingQueryKey,
  staffSessionQuery,
  staffSessionQueryKey,
  useSessionSignOut,
  useSignedOutFlag,
} from '../../lib/session.ts';

export type StaffSession = components['schemas']['StaffSession'];
export type StaffMember = components['schemas']['StaffMember'];
export type StaffSignInStep = components['schemas']['StaffSignInStep'];
export type StaffEnrolled = components['schemas']['StaffEnrolled'];
export type TotpEnrolment = components['schemas']['TotpEnrolment'];

/** Every staff query and mutation says so: a 401 there ends the staff session (query-client.ts). */
export const staffMeta: SessionMeta = { session: 'staff' };

/** Every staff query key starts with this, so signing in or out drops them together. */
export const staffQueryKey = ['staff'] as const;

/** The server answers 204 with no body when there is nothing: an answer, not an error. */
async function orNull<T>(request: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T | null> {
  return (await unwrap(request)) ?? null;
}

export function useStaffSession() {
  const api = useApi();
  return useQuery(staffSessionQuery(api));
}

/** staffPendingQuery is the sign-in waiting for its second factor (after a reload too), or null. */
function staffPendingQuery(api: ApiClient) {
  return queryOptions({
    queryKey: staffPendingQueryKey,
    queryFn: () => orNull(api.GET('/staff/session/pending')),
    staleTime: Infinity,
    meta: staffMeta,
  });
}

export function useStaffPending(enabled: boolean) {
  const api = useApi();
  return useQuery({ ...staffPendingQuery(api), enabled });
}

/** startStaffSession keeps a fresh session: nothing cached for another account stays, no step waits. */
export function startStaffSession(queryClient: QueryClient, session: StaffSession) {
  // The session and the step stay as queries (the sign-in page watches them) with new data.
  const kept = new Set<unknown>([staffSessionQueryKey[1], staffPendingQueryKey[1]]);
  queryClient.removeQueries({ queryKey: staffQueryKey, predicate: (query) => !kept.has(query.queryKey[1]) });
  queryClient.setQueryData(staffPendingQueryKey, null);
  queryClient.setQueryData(staffSessionQueryKey, session);
}

/** setStaffSession replaces the cached session (a renewed one with a new CSRF token). */
export function setStaffSession(queryClient: QueryClient, session: StaffSession | null) {
  queryClient.setQueryData(staffSessionQueryKey, session);
}

/** useStaffSignIn sends the email and password; the answer is the next step, kept as the pending one. */
export function useStaffSignIn() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: components['schemas']['StaffSignInRequest']) => unwrap(api.POST('/staff/session', { body })),
    gcTime: 0,
    meta: staffMeta,
    onSuccess: (step) => queryClient.setQueryData(staffPendingQueryKey, step),
  });
}

/** useCancelPending forgets the waiting step in this page (the cookie lapses on its own). */
export function useCancelPending() {
  const queryClient = useQueryClient();
  return () => queryClient.setQueryData(staffPendingQueryKey, null);
}

const signedOutQueryKey = [...staffQueryKey, 'signed-out'] as const;

/** useStaffSignOut ends the staff session; the sign-in page then says so. */
export function useStaffSignOut() {
  return useSessionSignOut({
    end: (api) => unwrap(api.DELETE('/staff/session')),
    scope: staffQueryKey,
    sessionKey: staffSessionQueryKey,
    signedOutKey: signedOutQueryKey,
    meta: staffMeta,
  });
}

/** useStaffJustSignedOut is true after the staff member signed out, until someone signs in. */
export function useStaffJustSignedOut(): boolean {
  return useSignedOutFlag(signedOutQueryKey);
}

/**
 * useTotpEnrolment asks once for a new authenticator secret (each call makes a new one; the last
 * is the one confirmed). It is kept in memory only while the page shows it.
 */
export function useTotpEnrolment() {
  const api = useApi();
  return useQuery({
    queryKey: [...staffQueryKey, 'enrolment'],
    queryFn: () => unwrap(api.POST('/staff/session/totp/enrol')),
    staleTime: Infinity,
    gcTime: 0,
    retry: false,
    meta: staffMeta,
  });
}

/** useConfirmEnrolment confirms the app with a code; the answer holds the session and the recovery codes. */
export function useConfirmEnrolment() {
  const api = useApi();
  return useMutation({
    mutationFn: (code: string) => unwrap(api.POST('/staff/session/totp/confirm', { body: { code } })),
    gcTime: 0,
    meta: staffMeta,
  });
}

/**
 * useSecondFactorCode sends a code from the app or a recovery code, the answer being the session:
 * to finish a sign-in (a fresh session: nothing cached for another account stays) or to prove
 * the second factor again in this one (the renewed session replaces it).
 */
export function useSecondFactorCode(purpose: 'sign-in' | 'renew') {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => unwrap(api.POST('/staff/session/second-factor', { body: { code } })),
    gcTime: 0,
    meta: staffMeta,
    onSuccess: (session) =>
      purpose === 'sign-in' ? startStaffSession(queryClient, session) : setStaffSession(queryClient, session),
  });
}

/** usePasskeySignIn finishes a sign-in (or renews a session) with a passkey: options, the browser, the assertion. */
export function usePasskeySignIn(get: (publicKey: Record<string, unknown>) => Promise<Record<string, unknown>>) {
  const api = useApi();
  return useMutation({
    mutationFn: async () => {
      const options = await unwrap(api.POST('/staff/session/passkey/options'));
      const credential = await get(options.publicKey);
      return unwrap(api.POST('/staff/session/passkey', { body: { credential } }));
    },
    gcTime: 0,
    meta: staffMeta,
  });
}
