import { useQuery } from '@tanstack/react-query';
import type { components } from '../../api/schema';
import { useApi } from '../../lib/api-context.tsx';
import { unwrap } from '../../lib/api-error.ts';

export type Account = components['schemas']['Account'];

export const myAccountQueryKey = ['me', 'account'] as const;

export function useMyAccount() {
  const api = useApi();
  return useQuery({
    queryKey: myAccountQueryKey,
    queryFn: () => unwrap(api.GET('/me/account')),
  });
}
