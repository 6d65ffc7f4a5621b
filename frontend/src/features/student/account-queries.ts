import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { components } from '../../api/schema';
import type { ApiClient } from '../../lib/api-client.ts';
import { useApi } from '../../lib/api-context.tsx';
import { unwrap } from '../../lib/api-error.ts';
import { sessionQueryKey } from '../../lib/session.ts';

export type Account = components['schemas']['Account'];
export type Question = components['schemas']['Question'];
export type SetPinRequest = components['schemas']['SetPINRequest'];
export type SetQuestionsRequest = components['schemas']['SetQuestionsRequest'];
export type ChangePasswordRequest = components['schemas']['StudentChangePasswordRequest'];

export const myAccountQueryKey = ['me', 'account'] as const;

/** myAccountQuery is the signed-in student's account, for useMyAccount and for prefetching it. */
export function myAccountQuery(api: ApiClient) {
  return queryOptions({
    queryKey: myAccountQueryKey,
    queryFn: () => unwrap(api.GET('/me/account')),
    // Only this student's own changes move it, and each of them invalidates it.
    staleTime: 60_000,
  });
}

export function useMyAccount({ enabled = true }: { enabled?: boolean } = {}) {
  const api = useApi();
  return useQuery({ ...myAccountQuery(api), enabled });
}

/** useQuestionCatalogue is the list of security questions in the given language. */
export function useQuestionCatalogue(lang: 'en' | 'es') {
  const api = useApi();
  return useQuery({
    queryKey: ['security-questions', lang],
    queryFn: async () => (await unwrap(api.GET('/security-questions', { params: { query: { lang } } }))).questions,
    staleTime: Infinity,
    // While the other language loads, keep showing the questions in the last one.
    placeholderData: keepPreviousData,
  });
}

export function useSetPin() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SetPinRequest) => unwrap(api.PUT('/me/pin', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: myAccountQueryKey }),
  });
}

export function useSetQuestions() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SetQuestionsRequest) => unwrap(api.PUT('/me/security-questions', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: myAccountQueryKey }),
  });
}

/**
 * useChangePassword changes the password. The change ends every session, this
 * one included; the answer is the fresh session (with a new CSRF token), which
 * replaces the cached one so the next request is not refused.
 */
export function useChangePassword() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ChangePasswordRequest) => unwrap(api.POST('/me/password', { body })),
    onSuccess: (session) => {
      queryClient.setQueryData(sessionQueryKey, session);
      return queryClient.invalidateQueries({ queryKey: myAccountQueryKey });
    },
  });
}
