// Shared by the View Report, access-code and letters page tests.

/** batch is a class's new access codes: one Spanish-speaking family, one English-speaking. */
export const batch = {
  schoolName: 'Lincoln Elementary',
  schoolContact: 'office@lincoln.example',
  districtName: 'Riverside Unified School District',
  familyPortalUrl: 'https://portal.example/family',
  expiresAt: '2026-05-03T12:00:00Z',
  students: [
    {
      id: 'st-maya',
      studentNumber: '204815733',
      firstName: 'Maya',
      lastName: 'López',
      username: 'mayal4821',
      grade: 4,
      accessCode: 'ABCD-EFGH-JKLM',
      locale: 'es' as const,
    },
    {
      id: 'st-leo',
      studentNumber: '204815740',
      firstName: 'Leo',
      lastName: 'Ortiz',
      username: 'leoo1234',
      grade: 4,
      accessCode: 'NPQR-STUV-WXYZ',
      locale: 'en' as const,
    },
  ],
};
