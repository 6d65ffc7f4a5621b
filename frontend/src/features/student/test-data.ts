import { http, HttpResponse } from 'msw';
import { api, server } from '../../test/server.ts';

// Shared by this feature's tests: a signed-in student and their account.

export const csrfToken = 'csrf-abc';

export const session = (mustChangePassword = false, token = csrfToken, passwordSetBy = 'school') => ({
  csrfToken: token,
  expiresAt: '2030-01-01T00:00:00Z',
  account: {
    kind: 'student',
    username: 'johns1234',
    firstName: 'John',
    mustChangePassword,
    ...(mustChangePassword ? { passwordSetBy } : {}),
  },
});

export const account = {
  username: 'johns1234',
  email: 'johns1234@school.org',
  firstName: 'John',
  lastName: 'Smith',
  grade: 5,
  pinSet: false,
  questionsSet: false,
  passwordChangedAt: '2026-01-15T12:00:00Z',
  nextSelfResetAt: null,
  selfResetEligible: true,
  selfResetAvailable: false,
};

/** signedIn answers GET /session and GET /me/account, and counts the account reads. */
export function signedIn(overrides: Partial<Record<keyof typeof account, unknown>> = {}) {
  const reads = { account: 0 };
  server.use(
    http.get(api('/session'), () => HttpResponse.json(session())),
    http.get(api('/me/account'), () => {
      reads.account++;
      return HttpResponse.json({ ...account, ...overrides });
    }),
  );
  return reads;
}

export function refusal(code: string, details: { rule: string; field?: string; message?: string }[]) {
  return HttpResponse.json(
    {
      code,
      message: 'Refused.',
      details: details.map((d) => ({ message: `Server says ${d.rule}.`, ...d })),
    },
    { status: 422 },
  );
}

/** describedBy returns the elements that describe a field, as aria-describedby lists them. */
export function describers(field: HTMLElement): HTMLElement[] {
  return (field.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .filter(Boolean)
    .map((id) => document.getElementById(id))
    .filter((el): el is HTMLElement => el !== null);
}
