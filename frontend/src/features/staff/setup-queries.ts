import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { components } from '../../api/schema';
import { useApi } from '../../lib/api-context.tsx';
import { ApiError, unwrap } from '../../lib/api-error.ts';
import { staffMeta, staffQueryKey } from './staff-session.ts';

export type RosterImport = components['schemas']['RosterImport'];
export type RosterFilePlan = components['schemas']['RosterPlan']['files'][number];
export type RosterCheckFailed = components['schemas']['RosterCheckFailed'];
export type RosterError = RosterCheckFailed['errors'][number];
export type DirectoryStatus = components['schemas']['DirectoryStatus'];
export type DirectoryFailure = components['schemas']['DirectoryFailure'];
export type SsoSettings = components['schemas']['SsoSettings'];
export type SettingsTest = components['schemas']['SettingsTest'];

/** The largest upload the server takes (openapi.yaml, dry run): the page says it and checks it first. */
export const rosterUploadLimit = 64 * 1024 * 1024;

/** The page asks about an import being applied about once a second, as the regeneration page does. */
export const rosterPollMs = 1000;

const importsKey = [...staffQueryKey, 'roster-imports'] as const;
const importKey = (importId: string) => [...staffQueryKey, 'roster-import', importId] as const;
const directoryKey = [...staffQueryKey, 'directory'] as const;
const ssoKey = [...staffQueryKey, 'sso'] as const;

/** RosterCheckError is a set refused for its errors (422 roster_errors), with every error listed. */
export class RosterCheckError extends ApiError {
  readonly check: RosterCheckFailed;

  constructor(check: RosterCheckFailed) {
    super(422, check);
    this.check = check;
  }
}

/** isApplying tells an import still to end: its page keeps asking. */
export function isApplying(entry: Pick<RosterImport, 'state'>): boolean {
  return entry.state === 'applying';
}

/**
 * contentDisposition names the uploaded file for the history (RFC 6266 with RFC 5987's
 * encoding, so any name travels in an ASCII header: `attachment; filename*=UTF-8''sis.zip`).
 */
export function contentDisposition(name: string): string {
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename*=UTF-8''${encoded}`;
}

/**
 * useRosterDryRun sends a OneRoster zip as the raw body (application/zip, no multipart) and
 * answers what applying it would change; a set with errors is refused with 422 roster_errors.
 */
export function useRosterDryRun() {
  const api = useApi();
  return useMutation({
    mutationFn: async (file: File) => {
      // The bytes, not the File: a buffer is a body every fetch sends as it is (the tests' jsdom
      // File is not one Node's fetch knows), and 64 MiB at most fits in memory.
      const bytes = new Uint8Array(await file.arrayBuffer());
      const result = await api.POST('/staff/district/roster/dry-run', {
        body: bytes as unknown as string,
        bodySerializer: (body: unknown) => body as BodyInit,
        headers: { 'Content-Type': 'application/zip', 'Content-Disposition': contentDisposition(file.name) },
      });
      if (result.response.status === 422 && (result.error as Partial<RosterCheckFailed> | undefined)?.code === 'roster_errors') {
        throw new RosterCheckError(result.error as RosterCheckFailed);
      }
      return unwrap(Promise.resolve(result));
    },
    meta: staffMeta,
  });
}

/** useApplyRosterImport confirms a dry run's draft; the import then runs in the background. */
export function useApplyRosterImport() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (importId: string) =>
      unwrap(api.POST('/staff/district/roster/imports/{importId}/apply', { params: { path: { importId } } })),
    meta: staffMeta,
    onSuccess: (entry) => {
      queryClient.setQueryData(importKey(entry.importId), entry);
      void queryClient.invalidateQueries({ queryKey: importsKey });
    },
  });
}

/** useRosterImport is one import, asked again every second while it is applying; its end refreshes the history. */
export function useRosterImport(importId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: importKey(importId),
    queryFn: async () => {
      const entry = await unwrap(api.GET('/staff/district/roster/imports/{importId}', { params: { path: { importId } } }));
      if (!isApplying(entry)) void queryClient.invalidateQueries({ queryKey: importsKey });
      return entry;
    },
    refetchInterval: (query) => (query.state.data && !isApplying(query.state.data) ? false : rosterPollMs),
    refetchIntervalInBackground: true,
    meta: staffMeta,
  });
}

/** useRosterImports is the district's past imports, newest first. */
export function useRosterImports() {
  const api = useApi();
  return useQuery({
    queryKey: importsKey,
    queryFn: async () => (await unwrap(api.GET('/staff/district/roster/imports'))).imports,
    meta: staffMeta,
  });
}

/** useDirectoryStatus is the district's write-back: its settings, what waits and what failed. */
export function useDirectoryStatus() {
  const api = useApi();
  return useQuery({
    queryKey: directoryKey,
    queryFn: () => unwrap(api.GET('/staff/district/directory')),
    meta: staffMeta,
  });
}

/** useDirectoryTest binds to the directory as the service account, now. */
export function useDirectoryTest() {
  const api = useApi();
  return useMutation({
    mutationFn: () => unwrap(api.POST('/staff/district/directory/test')),
    meta: staffMeta,
  });
}

/** useSsoSettings is the district's staff single sign-on, as the deployment sets it. */
export function useSsoSettings() {
  const api = useApi();
  return useQuery({
    queryKey: ssoKey,
    queryFn: () => unwrap(api.GET('/staff/district/sso')),
    meta: staffMeta,
  });
}

/** useSsoTest fetches the provider's discovery document and keys, now. */
export function useSsoTest() {
  const api = useApi();
  return useMutation({
    mutationFn: () => unwrap(api.POST('/staff/district/sso/test')),
    meta: staffMeta,
  });
}
