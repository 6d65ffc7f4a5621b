import { queryOptions, useQuery } from '@tanstack/react-query';
import type { components } from '../api/schema';
import type { ApiClient } from './api-client.ts';
import { useApi } from './api-context.tsx';
import { unwrap } from './api-error.ts';

export type District = components['schemas']['District'];
export type DistrictNotice = components['schemas']['DistrictNotice'];

/**
 * districtQuery is the district's name, logo, colour, help contact and notices
 * (GET /district). They are settings of the deployment, so one answer serves the whole visit.
 */
export function districtQuery(api: ApiClient) {
  return queryOptions({
    queryKey: ['district'] as const,
    queryFn: () => unwrap(api.GET('/district')),
    staleTime: Infinity,
    gcTime: Infinity,
  });
}

/**
 * districtFromPage is the district the server wrote into index.html (a meta element named
 * portal-district holding GET /district's answer), so the header names it from the first
 * paint; undefined when the page has none (the Vite dev server, tests).
 */
export function districtFromPage(doc: Document): District | undefined {
  const content = doc.querySelector('meta[name="portal-district"]')?.getAttribute('content');
  if (!content) return undefined;
  try {
    return JSON.parse(content) as District;
  } catch {
    return undefined;
  }
}

/** useDistrict is the district once known; undefined while it loads or when it failed. */
export function useDistrict(): District | undefined {
  return useQuery(districtQuery(useApi())).data;
}

/** noticeLink is where a notice is read: the district's own page, or the portal's page of its text. */
export function noticeLink(notice: DistrictNotice | undefined, page: string): { href: string; external: boolean } | undefined {
  if (notice?.url) return { href: notice.url, external: true };
  if (notice?.text) return { href: page, external: false };
  return undefined;
}
