import { useMutation, useQuery } from '@tanstack/react-query';
import type { components } from '../../api/schema';
import { useApi } from '../../lib/api-context.tsx';
import { unwrap } from '../../lib/api-error.ts';
import { staffMeta, staffQueryKey } from './staff-session.ts';

export type StaffSchool = components['schemas']['StaffSchool'];
export type AccessCodeBatch = components['schemas']['AccessCodeBatch'];
export type AccessCodeRow = components['schemas']['AccessCodeRow'];
export type SchoolAccessCodeRequest = components['schemas']['SchoolAccessCodeRequest'];

/**
 * useStaffSchools is the schools in scope, each with its grades: View Report picks one, grade
 * and school work (admins only, hence `enabled`) picks one and a grade.
 */
export function useStaffSchools(enabled = true) {
  const api = useApi();
  return useQuery({
    queryKey: [...staffQueryKey, 'schools'],
    queryFn: () => unwrap(api.GET('/staff/schools')),
    staleTime: 60_000,
    enabled,
    meta: staffMeta,
  });
}

/** useRoster is a school's roster; nothing is asked before a school is chosen. */
export function useRoster(schoolId: string) {
  const api = useApi();
  return useQuery({
    queryKey: [...staffQueryKey, 'roster', schoolId],
    queryFn: () => unwrap(api.GET('/staff/schools/{schoolId}/roster', { params: { path: { schoolId } } })),
    enabled: schoolId !== '',
    // Students, guardians and other staff change statuses meanwhile: not kept for long.
    staleTime: 10_000,
    meta: staffMeta,
  });
}

/** useIssueClassAccessCodes issues codes for a class; the answer is shown once and not cached. */
export function useIssueClassAccessCodes(classId: string) {
  const api = useApi();
  return useMutation({
    mutationFn: (reissue: boolean) =>
      unwrap(api.POST('/staff/classes/{classId}/access-codes', { params: { path: { classId } }, body: { reissue } })),
    gcTime: 0,
    meta: staffMeta,
  });
}

/** useStartSchoolAccessCodes starts the job issuing codes for a grade or a whole school. */
export function useStartSchoolAccessCodes(schoolId: string) {
  const api = useApi();
  return useMutation({
    mutationFn: (body: SchoolAccessCodeRequest) =>
      unwrap(api.POST('/staff/schools/{schoolId}/access-codes', { params: { path: { schoolId } }, body })),
    meta: staffMeta,
  });
}
