import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { familyQueryKey } from './family-session.ts';

/** A change the dashboard confirms once, after the page that made it sends the guardian there. */
export type FamilyNotice = { kind: 'linked'; name: string } | { kind: 'password' };

const noticeQueryKey = [...familyQueryKey, 'notice'] as const;

/** useRememberNotice notes a change for the dashboard, in memory only: a reload does not repeat it. */
export function useRememberNotice(): (notice: FamilyNotice) => void {
  const queryClient = useQueryClient();
  return (notice) => queryClient.setQueryData(noticeQueryKey, notice);
}

/**
 * useNotice returns the change to confirm, and forgets it. It arrives one render after
 * mounting, so a status region that is already on the page announces it.
 */
export function useNotice(): FamilyNotice | undefined {
  const queryClient = useQueryClient();
  const [notice, setNotice] = useState<FamilyNotice>();
  useEffect(() => {
    const pending = queryClient.getQueryData<FamilyNotice>(noticeQueryKey);
    if (pending) {
      setNotice(pending);
      queryClient.removeQueries({ queryKey: noticeQueryKey, exact: true });
    }
  }, [queryClient]);
  return notice;
}
