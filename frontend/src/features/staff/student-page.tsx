import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { LoadError } from '../../components/load-error.tsx';
import { Loading } from '../../components/loading.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { AccessCode, ResetPassword, RevealPassword, Unlock } from './student-actions.tsx';
import { StudentBadge } from './student-badge.tsx';
import { StudentPictures } from './student-pictures.tsx';
import { StudentStatus } from './student-status.tsx';
import { useStaffErrorMessage } from './staff-errors.ts';
import { isRefusal } from '../../lib/api-error.ts';
import { fullName, RequireStaff, StaffPage } from './staff-frame.tsx';
import { useStaffStudent } from './staff-queries.ts';

function BackToSearch() {
  const { t } = useTranslation();
  return (
    <p>
      <Link to="/staff/students">{t('staff.student.back')}</Link>
    </p>
  );
}

function Student({ id }: { id: string }) {
  const { t } = useTranslation();
  const student = useStaffStudent(id);
  const errorMessage = useStaffErrorMessage();

  if (student.isPending) return <Loading />;
  if (isRefusal(student.error, 404)) {
    return (
      <>
        <PageTitle>{t('staff.student.notFoundTitle')}</PageTitle>
        <p>{t('staff.student.notFoundBody')}</p>
        <BackToSearch />
      </>
    );
  }
  if (student.isError) {
    return (
      <>
        <PageTitle>{t('staff.errors.title')}</PageTitle>
        <LoadError
          what={t('staff.student.loadError')}
          message={errorMessage(student.error)}
          retryLabel={t('staff.student.retry')}
          onRetry={() => void student.refetch()}
        />
        <BackToSearch />
      </>
    );
  }

  const data = student.data;
  const allowed = new Set(data.allowedActions);
  return (
    <>
      <BackToSearch />
      <PageTitle>{fullName(data.student)}</PageTitle>
      <StudentStatus student={data} />
      <h2 className="staff-section-title">{t('staff.student.actions')}</h2>
      {allowed.size === 0 && <p>{t('staff.student.noActions')}</p>}
      {allowed.has('unlock') && <Unlock student={data} />}
      {allowed.has('reset_password') && <ResetPassword student={data} />}
      {allowed.has('view_school_password') && data.schoolIssuedPassword !== 'none' && <RevealPassword student={data} />}
      {allowed.has('issue_access_code') && <AccessCode student={data} />}
      {allowed.has('issue_badge') && <StudentBadge student={data} />}
      {allowed.has('set_pictures') && <StudentPictures student={data} />}
    </>
  );
}

/** StudentPage is one student's status, and what this staff member may do for them. */
export function StudentPage() {
  const { studentId = '' } = useParams();
  return (
    <StaffPage>
      <RequireStaff>
        <Student key={studentId} id={studentId} />
      </RequireStaff>
    </StaffPage>
  );
}
