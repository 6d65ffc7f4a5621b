import { useMutation, useQuery } from '@tanstack/react-query';
import type { components } from '../../api/schema';
import { useApi } from '../../lib/api-context.tsx';
import { unwrap } from '../../lib/api-error.ts';
import { staffMeta, staffQueryKey } from './staff-session.ts';

export type StaffClass = components['schemas']['StaffClass'];
export type ClassStudent = components['schemas']['ClassStudent'];
export type ClassResetRequest = components['schemas']['ClassResetRequest'];
export type ClassResetResult = components['schemas']['ClassResetResult'];
export type ResetRow = components['schemas']['ClassResetRow'];
export type SchoolResetRequest = components['schemas']['SchoolResetRequest'];
export type BulkJob = components['schemas']['BulkJob'];
export type BulkJobResult = components['schemas']['BulkJobResult'];

/** useClasses is the classes in scope, grouped by school. */
export function useClasses() {
  const api = useApi();
  return useQuery({
    queryKey: [...staffQueryKey, 'classes'],
    queryFn: () => unwrap(api.GET('/staff/classes')),
    staleTime: 30_000,
    meta: staffMeta,
  });
}

/** useClassRoster is a class and each student's status. */
export function useClassRoster(classId: string) {
  const api = useApi();
  return useQuery({
    queryKey: [...staffQueryKey, 'class', classId],
    queryFn: () => unwrap(api.GET('/staff/classes/{classId}', { params: { path: { classId } } })),
    // Students change their passwords meanwhile: the status is not cached for long.
    staleTime: 10_000,
    meta: staffMeta,
  });
}

/** useResetClassRequest sends a class reset (the bulk form keeps its answer only while shown). */
export function useResetClassRequest(classId: string) {
  const api = useApi();
  return (body: ClassResetRequest) =>
    unwrap(api.POST('/staff/classes/{classId}/reset', { params: { path: { classId } }, body }));
}

/** useStartSchoolResetRequest starts a grade or whole-school reset job. */
export function useStartSchoolResetRequest(schoolId: string) {
  const api = useApi();
  return (body: SchoolResetRequest) =>
    unwrap(api.POST('/staff/schools/{schoolId}/reset', { params: { path: { schoolId } }, body }));
}

/** useJobs is this staff member's recent bulk jobs. */
export function useJobs(enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: [...staffQueryKey, 'jobs'],
    queryFn: () => unwrap(api.GET('/staff/jobs')),
    staleTime: 0,
    enabled,
    meta: staffMeta,
  });
}

/** isRunning tells a job that is still to finish: its page keeps asking. */
export function isRunning(job: BulkJob): boolean {
  return job.state === 'queued' || job.state === 'running';
}

/** jobPollMs is how often a running job's page asks for its progress. */
export const jobPollMs = 1000;

/** useJob is a bulk job's progress, asked again about every second while it runs. */
export function useJob(jobId: string) {
  const api = useApi();
  return useQuery({
    queryKey: [...staffQueryKey, 'job', jobId],
    queryFn: () => unwrap(api.GET('/staff/jobs/{jobId}', { params: { path: { jobId } } })),
    refetchInterval: (query) => (query.state.data && !isRunning(query.state.data) ? false : jobPollMs),
    // A background tab keeps polling too: the teacher may come back to it when it ends.
    refetchIntervalInBackground: true,
    meta: staffMeta,
  });
}

/** useTakeJobResult takes a finished job's result: once, then the server forgets it. */
export function useTakeJobResult(jobId: string) {
  const api = useApi();
  return useMutation({
    mutationFn: () => unwrap(api.POST('/staff/jobs/{jobId}/result', { params: { path: { jobId } } })),
    gcTime: 0,
    meta: staffMeta,
  });
}
