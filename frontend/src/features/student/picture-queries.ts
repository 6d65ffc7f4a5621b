import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { components } from '../../api/schema';
import { useApi } from '../../lib/api-context.tsx';
import { unwrap } from '../../lib/api-error.ts';
import { sessionQueryKey } from '../../lib/session.ts';

export type PictureClass = components['schemas']['PictureClass'];
export type PictureSignInRequest = components['schemas']['PictureSignInRequest'];

/**
 * useOpenPictureClass asks for a class picture-sign-in page's list by its code (POST, so the
 * code stays out of addresses and server logs).
 */
export function useOpenPictureClass() {
  const api = useApi();
  return useMutation({
    mutationFn: (code: string) => unwrap(api.POST('/pictures/class', { body: { code } })),
  });
}

/**
 * usePictureSignIn signs a young student in with the 3 pictures tapped (POST /session/pictures):
 * a young student's session, like a badge's, with account.signedInWith 'pictures'.
 */
export function usePictureSignIn() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: PictureSignInRequest) => unwrap(api.POST('/session/pictures', { body })),
    onSuccess: (session) => {
      // Nothing cached for a previous account may leak into this one.
      queryClient.removeQueries();
      queryClient.setQueryData(sessionQueryKey, session);
    },
  });
}
