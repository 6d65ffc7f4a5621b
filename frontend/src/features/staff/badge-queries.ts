import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { components } from '../../api/schema';
import { useApi } from '../../lib/api-context.tsx';
import { unwrap } from '../../lib/api-error.ts';
import { staffMeta, staffQueryKey } from './staff-session.ts';

export type IssuedBadge = components['schemas']['IssuedBadge'];
export type ClassBadges = components['schemas']['ClassBadges'];

const studentKey = (id: string) => [...staffQueryKey, 'student', id] as const;

// A badge's token is shown once: the mutations keep no result in the cache (gcTime 0), and the
// student's status is asked for again so it shows the new badge id and dates.

/** useIssueBadge issues (or reissues) one student's badge. */
export function useIssueBadge(studentId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST('/staff/students/{studentId}/badge', { params: { path: { studentId } } })),
    gcTime: 0,
    meta: staffMeta,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: studentKey(studentId) }),
  });
}

/** useRevokeBadge ends one student's badge. */
export function useRevokeBadge(studentId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.DELETE('/staff/students/{studentId}/badge', { params: { path: { studentId } } })),
    meta: staffMeta,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: studentKey(studentId) }),
  });
}

/** useIssueClassBadges issues badges for a class: to those without one, or (reissue) to all. */
export function useIssueClassBadges(classId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (reissue: boolean) =>
      unwrap(api.POST('/staff/classes/{classId}/badges', { params: { path: { classId } }, body: { reissue } })),
    gcTime: 0,
    meta: staffMeta,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: [...staffQueryKey, 'class', classId] }),
  });
}

/** useVoidSchoolBadges ends every badge of a school (year end), confirmed by its typed code. */
export function useVoidSchoolBadges(schoolId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (confirmSchoolCode: string) =>
      unwrap(api.POST('/staff/schools/{schoolId}/badges/void', { params: { path: { schoolId } }, body: { confirmSchoolCode } })),
    meta: staffMeta,
    // Every student's and class's status may show a badge that is gone now.
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: staffQueryKey }),
  });
}
