import { http, HttpResponse } from 'msw';
import { api, server } from '../../test/server.ts';

// Shared by this feature's tests: a signed-in guardian, linked children, replies in turn.

export const familyCsrf = 'family-csrf-1';

export const guardian = {
  email: 'maria.lopez@example.com',
  name: 'María López',
  locale: 'en' as 'en' | 'es',
  emailVerified: true,
};

export function guardianSession(overrides: Partial<typeof guardian> = {}, csrfToken = familyCsrf) {
  return { csrfToken, expiresAt: '2030-01-01T00:00:00Z', guardian: { ...guardian, ...overrides } };
}

export const maya = {
  id: 'c-maya',
  firstName: 'Maya',
  lastName: 'Lopez',
  grade: 4,
  schoolName: 'Lincoln Elementary',
  username: 'mayal4821',
  access: 'active',
  pinSet: true,
  questionsSet: false,
  passwordChangedAt: '2026-01-15T12:00:00Z',
  mustChangePassword: false,
  selfResetEligible: true,
  selfResetFromGrade: 3,
  resetsLeftToday: 5,
};

export const leo = {
  id: 'c-leo',
  firstName: 'Leo',
  lastName: 'Lopez',
  grade: 0,
  schoolName: 'Lincoln Elementary',
  username: 'leol1234',
  access: 'active',
  pinSet: false,
  questionsSet: false,
  passwordChangedAt: null,
  mustChangePassword: true,
  selfResetEligible: false,
  selfResetFromGrade: 3,
  resetsLeftToday: 2,
};

export const ana = {
  id: 'c-ana',
  firstName: 'Ana',
  lastName: 'Lopez',
  grade: 12,
  schoolName: 'Roosevelt High School',
  username: 'anal9876',
  access: 'adult',
};

/** signedIn answers GET /family/session and GET /family/children for a signed-in guardian. */
export function signedIn({
  session = guardianSession(),
  children = [maya] as unknown[],
}: { session?: ReturnType<typeof guardianSession>; children?: unknown[] } = {}) {
  const reads = { children: 0 };
  server.use(
    http.get(api('/family/session'), () => HttpResponse.json(session)),
    http.get(api('/family/children'), () => {
      reads.children++;
      return HttpResponse.json({ children });
    }),
  );
  return reads;
}

/** describers returns the elements that describe a field, as aria-describedby lists them. */
export function describers(field: HTMLElement): HTMLElement[] {
  return (field.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .filter(Boolean)
    .map((id) => document.getElementById(id))
    .filter((el): el is HTMLElement => el !== null);
}
