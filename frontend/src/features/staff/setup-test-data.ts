import { http, type JsonBodyType } from 'msw';
import { answer, reply, type Reply } from '../../test/answer.ts';
import { api, server } from '../../test/server.ts';
import type { DirectoryStatus, RosterCheckFailed, RosterImport, SsoSettings } from './setup-queries.ts';
import { staffSession } from './staff-test-api.ts';

// Shared by the district setup page's tests: a district admin, the contract's answers, and an
// upload the server sees as bytes.

export const setupAdmin = staffSession({ role: 'district_admin', title: 'District Administrator', schoolName: undefined });

export const importId = '7a2b3c40-0000-4000-8000-000000000001';

/** draftImport is a clean set's dry run: 3 students and their class added, 2 people retired. */
export function draftImport(overrides: Partial<RosterImport> = {}): RosterImport {
  return {
    importId,
    state: 'draft',
    createdAt: '2026-12-07T10:00:00Z',
    expiresAt: '2026-12-07T10:30:00Z',
    createdBy: { name: 'Dana Admin' },
    source: 'upload',
    fileName: 'roster.zip',
    plan: {
      files: [
        { file: 'orgs.csv', added: 1, changed: 0, retired: 0, unchanged: 3 },
        { file: 'classes.csv', added: 1, changed: 2, retired: 0, unchanged: 12 },
        { file: 'users.csv', added: 4, changed: 1, retired: 2, unchanged: 310 },
        { file: 'enrollments.csv', added: 4, changed: 0, retired: 3, unchanged: 311 },
      ],
    },
    ...overrides,
  };
}

export const checkFailed: RosterCheckFailed = {
  code: 'roster_errors',
  message: 'The set has 1,003 errors.',
  errors: [
    { file: 'users.csv', row: 14, column: 'grades', message: '"14" is not a OneRoster grade code (use IT, PR, PK, TK, KG, 01–13, UG).' },
    { file: 'enrollments.csv', row: 3, column: 'classSourcedId', message: 'class "class-x" is not in classes.csv.' },
    { file: 'manifest.csv', row: 0, column: '', message: 'The manifest names no users.csv.' },
  ],
  moreErrors: 1000,
};

export const directoryOff: DirectoryStatus = { configured: false, pending: 0, failures: [] };

export const directoryOn: DirectoryStatus = {
  configured: true,
  settings: {
    url: 'ldaps://ldap.riverside.example',
    kind: 'openldap',
    bindDn: 'cn=portal,ou=services,dc=riverside,dc=example',
    baseDn: 'ou=students,dc=riverside,dc=example',
    usernameAttribute: 'uid',
    tls: 'tls',
  },
  pending: 3,
  oldestPendingAt: '2026-12-07T09:15:00Z',
  failures: [
    {
      studentId: 'st-maya',
      username: 'mayal4821',
      studentName: 'Maya Lopez',
      schoolName: 'Lincoln Elementary',
      reason: 'The directory has no entry with uid=mayal4821.',
      changedAt: '2026-12-06T14:00:00Z',
      failedAt: '2026-12-06T14:05:00Z',
    },
  ],
};

export const ssoOff: SsoSettings = { configured: false };

export const ssoOn: SsoSettings = {
  configured: true,
  issuer: 'https://accounts.riverside.example',
  clientId: 'portal-staff',
  emailDomain: 'riverside.example',
  label: 'Riverside Google',
  requirePortalSecondFactor: false,
  redirectUrl: 'https://portal.riverside.example/api/v1/staff/sso/callback',
};

/** setupApi answers the page's three loads (the past imports, the directory and single sign-on) and records them. */
export function setupApi({
  imports = [] as RosterImport[],
  directory = directoryOff,
  sso = ssoOff,
}: { imports?: RosterImport[]; directory?: DirectoryStatus; sso?: SsoSettings } = {}) {
  return {
    imports: answer('get', '/staff/district/roster/imports', [{ status: 200, body: { imports } as unknown as JsonBodyType }]),
    directory: answer('get', '/staff/district/directory', [{ status: 200, body: directory as unknown as JsonBodyType }]),
    sso: answer('get', '/staff/district/sso', [{ status: 200, body: sso as unknown as JsonBodyType }]),
  };
}

/** An upload the server saw: its bytes, its content type and name, and the CSRF token it carried. */
export interface Upload {
  bytes: Uint8Array;
  contentType: string | null;
  contentDisposition: string | null;
  csrf: string | null;
}

/** answerUpload answers the dry run with replies in turn (the last repeats), recording each body as bytes. */
export function answerUpload(replies: Reply[]): Upload[] {
  const log: Upload[] = [];
  server.use(
    http.post(api('/staff/district/roster/dry-run'), async ({ request }) => {
      log.push({
        bytes: new Uint8Array(await request.arrayBuffer()),
        contentType: request.headers.get('Content-Type'),
        contentDisposition: request.headers.get('Content-Disposition'),
        csrf: request.headers.get('X-CSRF-Token'),
      });
      return reply(replies[Math.min(log.length - 1, replies.length - 1)] ?? { status: 500 });
    }),
  );
  return log;
}

/** zipFile is a small file as the admin would choose it; its bytes start as a zip's do. */
export function zipFile(name = 'roster.zip'): File {
  const bytes = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]);
  const file = new File([bytes], name, { type: 'application/zip' });
  // jsdom's File has no arrayBuffer() (a browser's has): this one answers with the bytes it holds.
  Object.defineProperty(file, 'arrayBuffer', { value: () => Promise.resolve(bytes.slice().buffer) });
  return file;
}
