import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { components } from '../../api/schema';
import { useApi } from '../../lib/api-context.tsx';
import { unwrap } from '../../lib/api-error.ts';
import type { SessionMeta } from '../../lib/query-client.ts';
import {
  familySessionQuery,
  familySessionQueryKey,
  useSessionSignOut,
  useSignedOutFlag,
  type GuardianSession,
} from '../../lib/session.ts';

export type { GuardianSession };
export type Guardian = components['schemas']['Guardian'];
export type GuardianSignInRequest = components['schemas']['GuardianSignInRequest'];

/** Every family query and mutation says so: a 401 there ends the family session (query-client.ts). */
export const familyMeta: SessionMeta = { session: 'family' };

/** Every family query key starts with this, so signing in or out drops them together. */
export const familyQueryKey = ['family'] as const;

/** useFamilySession is the guardian's session, or null when signed out of the family portal. */
export function useFamilySession() {
  const api = useApi();
  return useQuery(familySessionQuery(api));
}

/** setFamilySession replaces the cached family session (a fresh one, or null once it ended). */
export function setFamilySession(queryClient: QueryClient, session: GuardianSession | null) {
  queryClient.setQueryData(familySessionQueryKey, session);
}

/** updateGuardian changes what the cached session knows of the guardian, if signed in. */
export function updateGuardian(queryClient: QueryClient, change: Partial<Guardian>) {
  queryClient.setQueryData<GuardianSession | null>(familySessionQueryKey, (session) =>
    session ? { ...session, guardian: { ...session.guardian, ...change } } : session,
  );
}

export function useFamilySignIn() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: GuardianSignInRequest) => unwrap(api.POST('/family/session', { body })),
    meta: familyMeta,
    gcTime: 0,
    onSuccess: (session) => {
      // Nothing cached for a previous guardian may leak into this one. A student's session,
      // a separate cookie, stays as it is.
      queryClient.removeQueries({ queryKey: familyQueryKey });
      setFamilySession(queryClient, session);
    },
  });
}

const signedOutQueryKey = [...familyQueryKey, 'signed-out'] as const;

/** useFamilySignOut ends the family session; the sign-in page then says so (useFamilyJustSignedOut). */
export function useFamilySignOut() {
  return useSessionSignOut({
    end: (api) => unwrap(api.DELETE('/family/session')),
    scope: familyQueryKey,
    sessionKey: familySessionQueryKey,
    signedOutKey: signedOutQueryKey,
    meta: familyMeta,
  });
}

/** useFamilyJustSignedOut is true after the guardian signed out, until someone signs in. */
export function useFamilyJustSignedOut(): boolean {
  return useSignedOutFlag(signedOutQueryKey);
}
