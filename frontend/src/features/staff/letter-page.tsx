import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { PageTitle } from '../../components/page-title.tsx';
import { RequireStaff, StaffPage } from './staff-frame.tsx';
import { FamilyLetter } from './family-letter.tsx';
import { useLetter } from './staff-queries.ts';

function LetterOf({ id }: { id: string }) {
  const { t } = useTranslation();
  const letter = useLetter(id);
  const back = (
    <p className="staff-no-print">
      <Link to={`/staff/students/${encodeURIComponent(id)}`}>{t('staff.letter.back')}</Link>
    </p>
  );
  if (!letter) {
    return (
      <>
        <PageTitle>{t('staff.letter.missingTitle')}</PageTitle>
        <p>{t('staff.letter.missingBody')}</p>
        {back}
      </>
    );
  }
  return (
    <>
      <div className="staff-no-print">
        <PageTitle>{t('staff.letter.title')}</PageTitle>
        <p className="staff-actions">
          <button type="button" className="button button--primary" onClick={() => window.print()}>
            {t('staff.letter.print')}
          </button>
        </p>
        {back}
      </div>
      <FamilyLetter letter={letter} />
    </>
  );
}

/**
 * LetterPage is the printable family letter of the access code just issued. The code lives only
 * in this tab's memory (never in the address): opened again later, the page says to issue a new one.
 */
export function LetterPage() {
  const { studentId = '' } = useParams();
  return (
    <StaffPage>
      <RequireStaff>
        <LetterOf key={studentId} id={studentId} />
      </RequireStaff>
    </StaffPage>
  );
}
