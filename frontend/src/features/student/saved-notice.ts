import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';

export type SavedChange = 'pin' | 'questions' | 'password';

const savedQueryKey = ['student', 'saved'] as const;

/**
 * useRememberSaved returns a function that notes a change for the account page
 * to confirm once. It lives in memory only, so a reload does not repeat it.
 */
export function useRememberSaved(): (change: SavedChange) => void {
  const queryClient = useQueryClient();
  return (change) => queryClient.setQueryData(savedQueryKey, change);
}

/**
 * useSavedChange returns the change to confirm, and forgets it. The value
 * arrives one render after mounting, so a status region that is already on
 * the page announces it.
 */
export function useSavedChange(): SavedChange | undefined {
  const queryClient = useQueryClient();
  const [change, setChange] = useState<SavedChange>();
  useEffect(() => {
    const pending = queryClient.getQueryData<SavedChange>(savedQueryKey);
    if (pending) {
      setChange(pending);
      queryClient.removeQueries({ queryKey: savedQueryKey, exact: true });
    }
  }, [queryClient]);
  return change;
}
