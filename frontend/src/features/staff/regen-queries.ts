import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { components } from '../../api/schema';
import { useApi } from '../../lib/api-context.tsx';
import { unwrap } from '../../lib/api-error.ts';
import { staffMeta, staffQueryKey } from './staff-session.ts';

export type RegenerationRequest = components['schemas']['RegenerationRequest'];
export type RegenerationDryRun = components['schemas']['RegenerationDryRun'];
export type RegenerationStatus = components['schemas']['RegenerationStatus'];
/** RegenerationCounts is what a dry run counted, by school and grade: a preview's or a confirmed request's. */
export type RegenerationCounts = RegenerationStatus['dryRun'];

/** The history as a spreadsheet: a plain link, the session cookie goes along. */
export const regenHistoryCsvHref = '/api/v1/staff/district/regenerations.csv';

/** The progress page asks again about once a second while the request is queued or running. */
export const regenPollMs = 1000;

const historyKey = [...staffQueryKey, 'regenerations'] as const;
const requestKey = (requestId: string) => [...staffQueryKey, 'regeneration', requestId] as const;

/** regenPath is a confirmed request's progress page. */
export function regenPath(requestId: string): string {
  return `/staff/district/regenerate/${encodeURIComponent(requestId)}`;
}

/** isLive tells a request still to end: its page keeps asking and offers to cancel it. */
export function isLive(request: Pick<RegenerationStatus, 'status'>): boolean {
  return request.status === 'queued' || request.status === 'running';
}

/** useDryRun counts what a request would touch and stores it as a draft to confirm. */
export function useDryRun() {
  const api = useApi();
  return useMutation({
    mutationFn: (body: RegenerationRequest) => unwrap(api.POST('/staff/district/regenerations/dry-run', { body })),
    meta: staffMeta,
  });
}

/** useRunRegeneration confirms a dry run's draft: its selection, and no other, is queued. */
export function useRunRegeneration() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (requestId: string) =>
      unwrap(api.POST('/staff/district/regenerations/{requestId}/run', { params: { path: { requestId } } })),
    meta: staffMeta,
    onSuccess: (status) => {
      queryClient.setQueryData(requestKey(status.id), status);
      void queryClient.invalidateQueries({ queryKey: historyKey });
    },
  });
}

/** useRegeneration is a confirmed request with its progress, asked again every second while it is live. */
export function useRegeneration(requestId: string) {
  const api = useApi();
  return useQuery({
    queryKey: requestKey(requestId),
    queryFn: () => unwrap(api.GET('/staff/district/regenerations/{requestId}', { params: { path: { requestId } } })),
    refetchInterval: (query) => (query.state.data && !isLive(query.state.data) ? false : regenPollMs),
    // A background tab keeps asking too: the admin may come back to it when it ends.
    refetchIntervalInBackground: true,
    meta: staffMeta,
  });
}

/** useRegenerations is the district's history of confirmed requests, newest first. */
export function useRegenerations(enabled = true) {
  const api = useApi();
  return useQuery({
    queryKey: historyKey,
    queryFn: async () => (await unwrap(api.GET('/staff/district/regenerations'))).requests,
    staleTime: 0,
    enabled,
    meta: staffMeta,
  });
}

/** useCancelRegeneration stops a live request; its answer is final, so the page shows it at once. */
export function useCancelRegeneration(requestId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST('/staff/district/regenerations/{requestId}/cancel', { params: { path: { requestId } } })),
    meta: staffMeta,
    onSuccess: (status) => {
      queryClient.setQueryData(requestKey(requestId), status);
      void queryClient.invalidateQueries({ queryKey: historyKey });
    },
    onError: () => void queryClient.invalidateQueries({ queryKey: requestKey(requestId) }),
  });
}
