import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { Loading } from '../../components/loading.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { BulkReset } from './bulk-reset.tsx';
import { ClassBadgeAction } from './class-badges.tsx';
import { ClassPicturesAction, ClassPictureSignIn, pictureEligible } from './class-pictures.tsx';
import { BackToClasses, ClassLoadFailure } from './class-load-failure.tsx';
import { useClassRoster, useResetClassRequest, type ClassResetResult, type ClassStudent } from './class-queries.ts';
import { ClassRoster } from './class-roster.tsx';
import { ResetResult } from './reset-result.tsx';
import { RequireStaff, StaffPage, useStaffMember } from './staff-frame.tsx';
import { staffQueryKey } from './staff-session.ts';
import './class-strings.ts';
import './class.css';

const noStudents: readonly ClassStudent[] = [];

function ClassView({ classId }: { classId: string }) {
  const { t } = useTranslation();
  const staff = useStaffMember();
  const roster = useClassRoster(classId);
  const resetClass = useResetClassRequest(classId);
  const queryClient = useQueryClient();
  const [selected, setSelected] = useState<Set<string>>(() => new Set());
  // The result is shown once: it lives in this component only, and goes when the page does.
  const [result, setResult] = useState<ClassResetResult>();
  const students = roster.data?.students ?? noStudents;
  const chosen = useMemo(() => students.filter((s) => selected.has(s.id)), [students, selected]);

  if (roster.isPending) return <Loading />;
  if (roster.isError) {
    return (
      <ClassLoadFailure
        error={roster.error}
        notFoundTitle={t('staffClass.class.notFoundTitle')}
        notFoundBody={t('staffClass.class.notFoundBody')}
        loadError={t('staffClass.class.loadError')}
        onRetry={() => void roster.refetch()}
      />
    );
  }

  const cls = roster.data.class;
  const title = t('staffClass.class.title', { name: cls.name, number: cls.classNumber });
  if (result) {
    return (
      <>
        <BackToClasses />
        <PageTitle>{title}</PageTitle>
        <ResetResult rows={result.students} schoolName={cls.schoolName} className={title} fileLabel={cls.classNumber} />
      </>
    );
  }
  const isAdmin = staff.role !== 'teacher';
  return (
    <>
      <BackToClasses />
      <PageTitle>{title}</PageTitle>
      <p>{t('staffClass.class.intro', { school: cls.schoolName, count: students.length })}</p>
      {isAdmin && (
        <p>
          <Link to={`/staff/classes/${encodeURIComponent(classId)}/access-codes`}>{t('staffClass.class.accessCodes')}</Link>
        </p>
      )}
      {students.length === 0 ? (
        <p>{t('staffClass.class.empty')}</p>
      ) : (
        <>
          <h2>{t('staffClass.class.students')}</h2>
          <p role="status" className="staff-count">
            {t('staffClass.class.selected', { count: chosen.length, total: students.length })}
          </p>
          <ClassRoster students={students} selected={selected} onSelect={setSelected} />
          <section aria-labelledby="bulk-title" className="staff-action">
            <h2 id="bulk-title">{t('staffClass.form.title')}</h2>
            <BulkReset
              students={chosen}
              empty={chosen.length === 0}
              question={t('staffClass.form.confirmClass', { count: chosen.length, name: cls.name })}
              mayIssueCodes={isAdmin}
              send={(body) => resetClass({ ...body, students: chosen.map((s) => s.id) })}
              onDone={(done) => {
                // The answer may leave out what the roster already says (student ID, grade).
                const known = new Map(students.map((s) => [s.id, s]));
                const rows = done.students.map((r) => ({
                  ...r,
                  studentNumber: r.studentNumber ?? known.get(r.id)?.studentNumber,
                  grade: r.grade ?? known.get(r.id)?.grade,
                }));
                setResult({ ...done, students: rows });
                setSelected(new Set());
                void queryClient.invalidateQueries({ queryKey: [...staffQueryKey, 'class', classId] });
              }}
            />
          </section>
          {/* The roster does not say who is in the badge grades: the server leaves the others out. */}
          <ClassBadgeAction classId={classId} schoolName={cls.schoolName} className={title} />
          <ClassPicturesAction classId={classId} schoolName={cls.schoolName} className={title} students={students} />
          {/* A class with no young student needs no picture sign-in code (it is made on the first ask). */}
          {pictureEligible(students).length > 0 && <ClassPictureSignIn classId={classId} />}
        </>
      )}
    </>
  );
}

/** ClassPage is one class: its roster with each student's status, and the bulk reset. */
export function ClassPage() {
  const { classId = '' } = useParams();
  return (
    <StaffPage wide>
      <RequireStaff>
        <ClassView key={classId} classId={classId} />
      </RequireStaff>
    </StaffPage>
  );
}
