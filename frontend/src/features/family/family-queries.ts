import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { components } from '../../api/schema';
import { type ChangePasswordBody, withCurrent } from '../../components/change-password-form.tsx';
import type { ApiClient } from '../../lib/api-client.ts';
import { useApi } from '../../lib/api-context.tsx';
import { unwrap } from '../../lib/api-error.ts';
import type { Language } from '../../lib/i18n.ts';
import { familySessionQueryKey } from '../../lib/session.ts';
import { familyMeta, familyQueryKey, setFamilySession, updateGuardian } from './family-session.ts';

export type Child = components['schemas']['Child'];
export type RegisterGuardianRequest = components['schemas']['RegisterGuardianRequest'];
export type LinkChildRequest = components['schemas']['LinkChildRequest'];
export type ChildResetRequest = components['schemas']['ChildResetRequest'];
export type ChildReset = components['schemas']['ChildReset'];
export type GuardianResetRequest = components['schemas']['GuardianResetRequest'];

export const childrenQueryKey = [...familyQueryKey, 'children'] as const;
const childQueryKey = (id: string) => [...childrenQueryKey, id] as const;

/** childrenQuery is the guardian's linked children, for the dashboard and for prefetching it. */
export function childrenQuery(api: ApiClient) {
  return queryOptions({
    queryKey: childrenQueryKey,
    queryFn: async () => (await unwrap(api.GET('/family/children'))).children,
    // A child's status also moves when the child or the school acts: not cached for long.
    staleTime: 30_000,
    meta: familyMeta,
  });
}

export function useChildren() {
  const api = useApi();
  return useQuery(childrenQuery(api));
}

/** useChild is one linked child; the dashboard's copy shows while the fresh one loads. */
export function useChild(id: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: childQueryKey(id),
    queryFn: () => unwrap(api.GET('/family/children/{childId}', { params: { path: { childId: id } } })),
    placeholderData: () => queryClient.getQueryData<Child[]>(childrenQueryKey)?.find((c) => c.id === id),
    staleTime: 30_000,
    meta: familyMeta,
  });
}

export function useRegister() {
  const api = useApi();
  return useMutation({
    mutationFn: (body: RegisterGuardianRequest) => unwrap(api.POST('/family/register', { body })),
    gcTime: 0,
    meta: familyMeta,
  });
}

export function useVerifyEmail() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (token: string) => unwrap(api.POST('/family/verify-email', { body: { token } })),
    meta: familyMeta,
    // The link may be another account's than the one signed in here: ask the server again. A
    // first read of the session may still be on its way, from before the email was confirmed.
    onSuccess: async () => {
      await queryClient.cancelQueries({ queryKey: familySessionQueryKey, exact: true });
      await queryClient.invalidateQueries({ queryKey: familySessionQueryKey, exact: true });
    },
  });
}

export function useResendVerification() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST('/family/verify-email/resend')),
    meta: familyMeta,
    // The answer is the same when the email was confirmed meanwhile: ask the session which it is.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: familySessionQueryKey, exact: true }),
  });
}

export function useForgotFamilyPassword() {
  const api = useApi();
  return useMutation({
    mutationFn: (email: string) => unwrap(api.POST('/family/forgot', { body: { email } })),
    meta: familyMeta,
  });
}

/**
 * useResetLinkCheck asks, once, whether an emailed reset link still works, without spending
 * it: a dead link is reported when the page opens, not after a new password was typed. The
 * token stays in memory (gcTime 0), as on the rest of the page.
 */
export function useResetLinkCheck(token: string | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: [...familyQueryKey, 'reset-link', token],
    queryFn: async () => {
      await unwrap(api.POST('/family/forgot/check', { body: { token: token ?? '' } }));
      return true;
    },
    enabled: token !== undefined,
    gcTime: 0,
    staleTime: Infinity,
    retry: false,
    meta: familyMeta,
  });
}

export function useResetFamilyPassword() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: GuardianResetRequest) => unwrap(api.POST('/family/forgot/reset', { body })),
    gcTime: 0,
    meta: familyMeta,
    onSuccess: () => {
      // The reset ended every family session of the account, maybe this browser's too.
      queryClient.removeQueries({ queryKey: familyQueryKey, type: 'inactive' });
      setFamilySession(queryClient, null);
    },
  });
}

/**
 * useChangeFamilyPassword changes the guardian's password. The change ends every other
 * session; the answer is this browser's fresh session (with a new CSRF token), which replaces
 * the cached one so the next request is not refused.
 */
export function useChangeFamilyPassword() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ChangePasswordBody) => unwrap(api.POST('/family/me/password', { body: withCurrent(body) })),
    gcTime: 0,
    meta: familyMeta,
    onSuccess: (session) => setFamilySession(queryClient, session),
  });
}

export function useSetGuardianLanguage() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (locale: Language) => unwrap(api.PUT('/family/me/language', { body: { locale } })),
    meta: familyMeta,
    onSuccess: (_data, locale) => updateGuardian(queryClient, { locale }),
  });
}

export function useLinkChild() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: LinkChildRequest) => unwrap(api.POST('/family/children', { body })),
    meta: familyMeta,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: childrenQueryKey }),
  });
}

export function useUnlinkChild() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (child: Child) =>
      unwrap(api.DELETE('/family/children/{childId}', { params: { path: { childId: child.id } } })),
    meta: familyMeta,
    onSettled: () => queryClient.invalidateQueries({ queryKey: childrenQueryKey }),
  });
}

export function useResetChildPassword(id: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ChildResetRequest) =>
      unwrap(api.POST('/family/children/{childId}/password', { params: { path: { childId: id } }, body })),
    meta: familyMeta,
    // The generated password lives in this mutation's answer: gone with the page that shows it.
    gcTime: 0,
    onSuccess: (result) => {
      // Only the child's status: the generated password stays in the page's memory alone.
      queryClient.setQueryData(childQueryKey(id), result.child);
      return queryClient.invalidateQueries({ queryKey: childrenQueryKey, exact: true });
    },
  });
}
