import { http, HttpResponse, type JsonBodyType } from 'msw';
import { api, server } from '../../test/server.ts';

// Shared by this feature's tests: a signed-in staff member, students, replies in turn.

export const staffCsrf = 'staff-csrf-1';
export const pendingCsrf = 'pending-csrf-1';

export const teacher = {
  id: 's-rivera',
  email: 'ana.rivera@riverside.example',
  firstName: 'Ana',
  lastName: 'Rivera',
  role: 'school_admin' as 'teacher' | 'school_admin' | 'district_admin',
  title: 'Principal',
  schoolName: 'Lincoln Elementary' as string | undefined,
  districtName: 'Riverside Unified School District',
  secondFactors: { totp: true, passkeys: 0, recoveryCodesLeft: 9 },
};

export function staffSession(overrides: Partial<typeof teacher> = {}, csrfToken = staffCsrf) {
  return {
    csrfToken,
    expiresAt: '2030-01-01T08:00:00Z',
    idleExpiresAt: '2030-01-01T00:30:00Z',
    secondFactorAt: '2030-01-01T00:00:00Z',
    staff: { ...teacher, ...overrides },
  };
}

export function pendingStep(step: 'enrol_totp' | 'second_factor', methods: string[] = []) {
  return { step, methods, csrfToken: pendingCsrf, expiresAt: '2030-01-01T00:05:00Z' };
}

export const maya = {
  id: 'st-maya',
  studentNumber: '204815733',
  username: 'mayal4821',
  email: 'mayal4821@riverside.example',
  firstName: 'Maya',
  lastName: 'Lopez',
  grade: 4,
  schoolName: 'Lincoln Elementary',
};

export function staffStudent(overrides: Record<string, JsonBodyType> = {}) {
  return {
    student: maya,
    schoolDisplayCode: '02M123',
    classes: [{ classNumber: '4-203', name: 'Class 4B' }],
    pinSet: true,
    questionsSet: false,
    passwordChangedAt: '2026-03-04T15:00:00Z',
    passwordChangedThrough: 'guardian',
    mustChangePassword: false,
    recovery: { state: 'open' },
    signInThrottled: { throttled: false },
    guardians: [{ name: 'María López', email: 'maria.lopez@example.com' }],
    schoolIssuedPassword: 'replaced',
    accessCode: { state: 'none' },
    youngStudent: false,
    allowedActions: ['reset_password', 'view_school_password', 'unlock', 'issue_access_code'],
    ...overrides,
  };
}

/** signedIn answers GET /staff/session for a signed-in staff member. */
export function signedIn(session: ReturnType<typeof staffSession> = staffSession()) {
  server.use(http.get(api('/staff/session'), () => HttpResponse.json(session)));
}
