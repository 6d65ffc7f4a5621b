import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { components } from '../../api/schema';
import { useApi } from '../../lib/api-context.tsx';
import { unwrap } from '../../lib/api-error.ts';
import type { Language } from '../../lib/i18n.ts';
import { sessionQueryKey } from '../../lib/session.ts';

export type Question = components['schemas']['Question'];
export type Answer = components['schemas']['Answer'];
export type ForgotVerifyRequest = components['schemas']['ForgotVerifyRequest'];

export function useStartForgot() {
  const api = useApi();
  return useMutation({
    mutationFn: ({ username, lang }: { username: string; lang: Language }) =>
      unwrap(api.POST('/forgot/start', { params: { query: { lang } }, body: { username } })),
  });
}

export function useVerifyForgot() {
  const api = useApi();
  return useMutation({
    mutationFn: (body: ForgotVerifyRequest) => unwrap(api.POST('/forgot/verify', { body })),
  });
}

export function useResetForgot() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: components['schemas']['ForgotResetRequest']) => unwrap(api.POST('/forgot/reset', { body })),
    // The change ended every session of that account, perhaps one this browser holds: ask again.
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: sessionQueryKey });
    },
  });
}

/**
 * useQuestionTexts gives the catalogue's wording of each question in the
 * current language, for a student who switches language after the questions
 * were shown; until it loads (or when it fails) the flow's own wording stays.
 */
export function useQuestionTexts(lang: Language, enabled: boolean): ReadonlyMap<string, string> | undefined {
  const api = useApi();
  const { data } = useQuery({
    queryKey: ['security-questions', lang],
    queryFn: () => unwrap(api.GET('/security-questions', { params: { query: { lang } } })),
    enabled,
    staleTime: Infinity,
    select: (body) => new Map(body.questions.map((q) => [q.id, q.text])),
  });
  return data;
}
