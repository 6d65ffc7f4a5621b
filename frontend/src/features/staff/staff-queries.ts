import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { components, operations } from '../../api/schema';
import { type ChangePasswordBody, withCurrent } from '../../components/change-password-form.tsx';
import { useApi } from '../../lib/api-context.tsx';
import { unwrap } from '../../lib/api-error.ts';
import { setStaffSession, staffMeta, staffQueryKey } from './staff-session.ts';

export type StudentSummary = components['schemas']['StudentSummary'];
export type StaffStudent = components['schemas']['StaffStudent'];
export type StaffReset = components['schemas']['StaffReset'];
export type ChildResetRequest = components['schemas']['ChildResetRequest'];
export type AccessCodeLetter = components['schemas']['AccessCodeLetter'];
export type AuditEntry = components['schemas']['AuditEntry'];
export type AuditPage = components['schemas']['AuditPage'];
export type AuditFilters = Omit<NonNullable<operations['listStaffAudit']['parameters']['query']>, 'before'>;
export type StaffMemberSummary = components['schemas']['StaffMemberSummary'];
export type Passkey = components['schemas']['Passkey'];
export type UnlockWhat = components['schemas']['UnlockRequest']['what'][number];

const studentKey = (id: string) => [...staffQueryKey, 'student', id] as const;

/** useStudentSearch finds students in scope; a query under 2 characters is not sent. */
export function useStudentSearch(q: string) {
  const api = useApi();
  return useQuery({
    queryKey: [...staffQueryKey, 'search', q],
    queryFn: () => unwrap(api.GET('/staff/students', { params: { query: { q } } })),
    enabled: q.length >= 2,
    staleTime: 30_000,
    meta: staffMeta,
  });
}

/** useStaffStudent is one student's status page. */
export function useStaffStudent(id: string) {
  const api = useApi();
  return useQuery({
    queryKey: studentKey(id),
    queryFn: () => unwrap(api.GET('/staff/students/{studentId}', { params: { path: { studentId: id } } })),
    // The student, a guardian or other staff may change it meanwhile: not cached for long.
    staleTime: 10_000,
    meta: staffMeta,
  });
}

export function useResetStudentPassword(id: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ChildResetRequest) =>
      unwrap(api.POST('/staff/students/{studentId}/password', { params: { path: { studentId: id } }, body })),
    // The answer may hold a password: kept no longer than the page shows it.
    gcTime: 0,
    meta: staffMeta,
    onSuccess: (result) => queryClient.setQueryData(studentKey(id), result.student),
  });
}

export function useRevealSchoolPassword(id: string) {
  const api = useApi();
  return useMutation({
    mutationFn: () =>
      unwrap(api.GET('/staff/students/{studentId}/school-issued-password', { params: { path: { studentId: id } } })),
    gcTime: 0,
    meta: staffMeta,
  });
}

export function useUnlockStudent(id: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (what: UnlockWhat[]) =>
      unwrap(api.POST('/staff/students/{studentId}/unlock', { params: { path: { studentId: id } }, body: { what } })),
    meta: staffMeta,
    onSuccess: (student) => queryClient.setQueryData(studentKey(id), student),
  });
}

const letterKey = (id: string) => [...staffQueryKey, 'letter', id] as const;

/** useIssueAccessCode issues a new code; its letter is kept in memory for the letter page only. */
export function useIssueAccessCode(id: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST('/staff/students/{studentId}/access-code', { params: { path: { studentId: id } } })),
    gcTime: 0,
    meta: staffMeta,
    onSuccess: (letter) => {
      queryClient.setQueryData(letterKey(id), letter);
      void queryClient.invalidateQueries({ queryKey: studentKey(id) });
    },
  });
}

/**
 * useLetter is the family letter of the code just issued for a student, if this tab issued one:
 * it lives only in memory (never in the address, the history or storage) and goes at sign-out.
 */
export function useLetter(id: string): AccessCodeLetter | undefined {
  const { data } = useQuery<AccessCodeLetter | null>({
    queryKey: letterKey(id),
    queryFn: () => null,
    enabled: false,
    staleTime: Infinity,
    gcTime: 30 * 60_000,
  });
  return data ?? undefined;
}

function useAuditFetch() {
  const api = useApi();
  return (filters: AuditFilters, before?: number) =>
    unwrap(api.GET('/staff/audit', { params: { query: { ...filters, ...(before ? { before } : {}) } } }));
}

/** useAudit is the newest page of the events matching filters. */
export function useAudit(filters: AuditFilters) {
  const fetchPage = useAuditFetch();
  return useQuery({
    queryKey: [...staffQueryKey, 'audit', filters],
    queryFn: () => fetchPage(filters),
    staleTime: 0,
    meta: staffMeta,
  });
}

/**
 * useOlderAudit loads the page before `before`. (A mutation the page appends, rather than an
 * infinite query: that would add its code to the library chunk every student downloads.)
 */
export function useOlderAudit(filters: AuditFilters) {
  const fetchPage = useAuditFetch();
  return useMutation({
    mutationFn: (before: number) => fetchPage(filters, before),
    meta: staffMeta,
  });
}

export function useStaffMembers(q: string) {
  const api = useApi();
  return useQuery({
    queryKey: [...staffQueryKey, 'members', q],
    queryFn: () => unwrap(api.GET('/staff/members', { params: { query: q ? { q } : {} } })),
    staleTime: 10_000,
    meta: staffMeta,
  });
}

export function useResetSecondFactor() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (staffId: string) =>
      unwrap(api.DELETE('/staff/members/{staffId}/second-factor', { params: { path: { staffId } } })),
    meta: staffMeta,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...staffQueryKey, 'members'] }),
  });
}

export function useChangeStaffPassword() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ChangePasswordBody) => unwrap(api.POST('/staff/me/password', { body: withCurrent(body) })),
    gcTime: 0,
    meta: staffMeta,
    // Every other session ended; this one has a fresh cookie and CSRF token.
    onSuccess: (session) => setStaffSession(queryClient, session),
  });
}

export function useStaffForgot() {
  const api = useApi();
  return useMutation({
    mutationFn: (email: string) => unwrap(api.POST('/staff/forgot', { body: { email } })),
    meta: staffMeta,
  });
}

export function useStaffForgotReset() {
  const api = useApi();
  return useMutation({
    mutationFn: (body: components['schemas']['GuardianResetRequest']) => unwrap(api.POST('/staff/forgot/reset', { body })),
    gcTime: 0,
    meta: staffMeta,
  });
}

const passkeysKey = [...staffQueryKey, 'passkeys'] as const;

export function usePasskeys() {
  const api = useApi();
  return useQuery({
    queryKey: passkeysKey,
    queryFn: () => unwrap(api.GET('/staff/me/passkeys')),
    meta: staffMeta,
  });
}

/** useAddPasskey asks the server for creation options, the browser for a passkey, and registers it. */
export function useAddPasskey(create: (publicKey: Record<string, unknown>) => Promise<Record<string, unknown>>) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (name: string) => {
      const options = await unwrap(api.POST('/staff/me/passkeys/options'));
      const credential = await create(options.publicKey);
      return unwrap(api.POST('/staff/me/passkeys', { body: { credential, ...(name ? { name } : {}) } }));
    },
    meta: staffMeta,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...staffQueryKey] }),
  });
}

export function useRemovePasskey() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (passkeyId: string) => unwrap(api.DELETE('/staff/me/passkeys/{passkeyId}', { params: { path: { passkeyId } } })),
    meta: staffMeta,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: passkeysKey }),
  });
}
