import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { components } from '../../api/schema';
import type { PictureId } from '../../components/picture.tsx';
import { useApi } from '../../lib/api-context.tsx';
import { unwrap } from '../../lib/api-error.ts';
import { staffMeta, staffQueryKey } from './staff-session.ts';

export type IssuedPictures = components['schemas']['IssuedPictures'];
export type ClassPictures = components['schemas']['ClassPictures'];
export type ClassPictureSignIn = components['schemas']['ClassPictureSignIn'];

const studentKey = (id: string) => [...staffQueryKey, 'student', id] as const;
const classKey = (id: string) => [...staffQueryKey, 'class', id] as const;
const signInKey = (id: string) => [...staffQueryKey, 'class', id, 'picture-sign-in'] as const;

// A picture password is shown once, as a badge's token is: the mutations that make one keep no
// result in the cache (gcTime 0), and the status is asked for again.

/** useSetPictures sets one student's pictures: the 3 chosen, in order, or (none given) drawn by the portal. */
export function useSetPictures(studentId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (pictures?: readonly PictureId[]) =>
      unwrap(
        api.POST('/staff/students/{studentId}/pictures', {
          params: { path: { studentId } },
          body: pictures ? { pictures: [...pictures] } : {},
        }),
      ),
    gcTime: 0,
    meta: staffMeta,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: studentKey(studentId) }),
  });
}

/** useRemovePictures ends one student's picture password. */
export function useRemovePictures(studentId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.DELETE('/staff/students/{studentId}/pictures', { params: { path: { studentId } } })),
    meta: staffMeta,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: studentKey(studentId) }),
  });
}

/** useUnlockPictures unlocks one student's pictures after 5 wrong tries; the answer is the student as shown. */
export function useUnlockPictures(studentId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST('/staff/students/{studentId}/pictures/unlock', { params: { path: { studentId } } })),
    meta: staffMeta,
    onSuccess: (student) => queryClient.setQueryData(studentKey(studentId), student),
  });
}

/** useSetClassPictures sets pictures for a class: for those without (reissue false) or for all. */
export function useSetClassPictures(classId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (reissue: boolean) =>
      unwrap(api.POST('/staff/classes/{classId}/pictures', { params: { path: { classId } }, body: { reissue } })),
    gcTime: 0,
    meta: staffMeta,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: classKey(classId), exact: true }),
  });
}

/** useClassPictureSignIn is the class's picture-sign-in code and address (made on the first ask). */
export function useClassPictureSignIn(classId: string, enabled = true) {
  const api = useApi();
  return useQuery({
    queryKey: signInKey(classId),
    queryFn: () => unwrap(api.GET('/staff/classes/{classId}/picture-sign-in', { params: { path: { classId } } })),
    staleTime: 60_000,
    enabled,
    meta: staffMeta,
  });
}

/** useRenewClassPictureSignIn replaces the class's code: the old one and its printed sheets stop working. */
export function useRenewClassPictureSignIn(classId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST('/staff/classes/{classId}/picture-sign-in', { params: { path: { classId } } })),
    meta: staffMeta,
    onSuccess: (signIn) => queryClient.setQueryData(signInKey(classId), signIn),
  });
}
