import { Navigate, Route, Routes } from 'react-router';
import { AuditPage } from './audit-page.tsx';
import { CardsPage } from './cards-page.tsx';
import { ClassAccessCodesPage } from './class-access-codes-page.tsx';
import { ClassPage } from './class-page.tsx';
import { ClassesPage } from './classes-page.tsx';
import { JobPage } from './job-page.tsx';
import { LetterPage } from './letter-page.tsx';
import { LettersPage } from './letters-page.tsx';
import { MembersPage } from './members-page.tsx';
import { PictureSheetPage } from './picture-sheet-page.tsx';
import { RegenHistoryPage } from './regen-history-page.tsx';
import { RegenPage } from './regen-page.tsx';
import { RegenProgressPage } from './regen-progress-page.tsx';
import { StaffPasswordPage } from './password-page.tsx';
import { ReportPage } from './report-page.tsx';
import { StaffForgotPage } from './forgot-page.tsx';
import { StaffResetPasswordPage } from './reset-password-page.tsx';
import { SchoolAccessCodesPage } from './school-access-codes-page.tsx';
import { SecurityPage } from './security-page.tsx';
import { SetupPage } from './setup-page.tsx';
import { StaffSignInPage } from './sign-in-page.tsx';
import { StudentPage } from './student-page.tsx';
import { StudentsPage } from './students-page.tsx';

/**
 * StaffRoutes is the staff area under /staff/, one chunk: staff work at school computers, and
 * one entry in the first chunk (app/routes.tsx) keeps the students' first load as it was.
 */
export function StaffRoutes() {
  return (
    <Routes>
      <Route index element={<StaffSignInPage />} />
      {/* Where the sign-in with the district's identity provider comes back to (openapi.yaml). */}
      <Route path="sign-in" element={<StaffSignInPage />} />
      <Route path="forgot" element={<StaffForgotPage />} />
      <Route path="reset-password" element={<StaffResetPasswordPage />} />
      <Route path="students" element={<StudentsPage />} />
      <Route path="students/:studentId" element={<StudentPage />} />
      <Route path="students/:studentId/letter" element={<LetterPage />} />
      <Route path="classes" element={<ClassesPage />} />
      <Route path="classes/:classId" element={<ClassPage />} />
      <Route path="classes/:classId/access-codes" element={<ClassAccessCodesPage />} />
      <Route path="classes/:classId/picture-sheet" element={<PictureSheetPage />} />
      <Route path="jobs/:jobId" element={<JobPage />} />
      <Route path="report" element={<ReportPage />} />
      <Route path="schools/:schoolId/access-codes" element={<SchoolAccessCodesPage />} />
      <Route path="print/cards" element={<CardsPage />} />
      <Route path="print/letters" element={<LettersPage />} />
      <Route path="audit" element={<AuditPage />} />
      <Route path="members" element={<MembersPage />} />
      <Route path="district/regenerate" element={<RegenPage />} />
      <Route path="district/regenerate/:requestId" element={<RegenProgressPage />} />
      <Route path="district/regenerations" element={<RegenHistoryPage />} />
      <Route path="district/setup" element={<SetupPage />} />
      <Route path="password" element={<StaffPasswordPage />} />
      <Route path="security" element={<SecurityPage />} />
      <Route path="*" element={<Navigate to="/staff" replace />} />
    </Routes>
  );
}
