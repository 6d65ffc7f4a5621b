import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { LoadError } from '../../components/load-error.tsx';
import { Loading } from '../../components/loading.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { AccessCodeForm } from './access-code-form.tsx';
import { AccessCodeResult } from './access-code-result.tsx';
import { useStaffErrorMessage } from './staff-errors.ts';
import { RequireStaff, StaffPage, useStaffMember } from './staff-frame.tsx';
import { useClassRoster } from './class-queries.ts';
import { useIssueClassAccessCodes } from './report-queries.ts';
import './report-strings.ts';

function ClassCodes({ classId }: { classId: string }) {
  const { t } = useTranslation();
  const staff = useStaffMember();
  const found = useClassRoster(classId);
  const issue = useIssueClassAccessCodes(classId);
  const errorMessage = useStaffErrorMessage();
  const back = (
    <p className="staff-no-print">
      <Link to={`/staff/classes/${encodeURIComponent(classId)}`}>{t('staffReport.codes.backToClass')}</Link>
    </p>
  );
  const title = <PageTitle>{t('staffReport.codes.classTitle')}</PageTitle>;
  if (found.isPending) {
    return (
      <>
        {title}
        <Loading />
      </>
    );
  }
  if (found.isError) {
    return (
      <>
        {title}
        <LoadError message={errorMessage(found.error)} retryLabel={t('staffReport.report.retry')} onRetry={() => void found.refetch()} />
        {back}
      </>
    );
  }
  const theClass = found.data.class;
  const codes = issue.data?.students ?? [];
  return (
    <>
      {title}
      <p>{t('staffReport.codes.classIntro', { name: `${theClass.classNumber} ${theClass.name}` })}</p>
      {staff.role === 'teacher' ? (
        // The server refuses a teacher too (403 not_allowed); the page says so before she tries.
        <p className="notice">{t('staffReport.codes.teacherNotAllowed')}</p>
      ) : issue.data && codes.length > 0 ? (
        <AccessCodeResult batch={issue.data} fileName={`access-codes-${theClass.classNumber}.csv`} />
      ) : (
        <>
          {issue.data && (
            <p role="status" className="notice">
              {t('staffReport.codes.noneNeeded')}
            </p>
          )}
          <AccessCodeForm
            submit={t('staffReport.codes.issue')}
            busy={t('staffReport.codes.issuing')}
            pending={issue.isPending}
            error={issue.isError ? errorMessage(issue.error) : undefined}
            onSubmit={(reissue) => issue.mutate(reissue)}
          />
        </>
      )}
      {back}
    </>
  );
}

/**
 * ClassAccessCodesPage is "Show access codes" for a class (school and district admins): codes
 * for the students who have none, or new ones for everyone, listed once.
 */
export function ClassAccessCodesPage() {
  const { classId = '' } = useParams();
  return (
    <StaffPage wide>
      <RequireStaff>
        <ClassCodes key={classId} classId={classId} />
      </RequireStaff>
    </StaffPage>
  );
}
