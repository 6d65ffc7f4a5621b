import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageTitle } from '../../components/page-title.tsx';
import { FamilyLetter, letterOf } from './family-letter.tsx';
import { heldFor } from './shown-once.ts';
import { RequireStaff, StaffPage } from './staff-frame.tsx';
import './report-strings.ts';
import './report.css';

function Letters() {
  const { t } = useTranslation();
  // Handed over in memory by the page that issued the codes; never in the address or storage.
  const batch = heldFor('letters');
  const back = (
    <p className="staff-no-print">
      <Link to="/staff/classes">{t('staffReport.letters.back')}</Link>
    </p>
  );
  if (!batch || batch.students.length === 0) {
    return (
      <>
        <PageTitle>{t('staffReport.letters.missingTitle')}</PageTitle>
        <p>{t('staffReport.letters.missingBody')}</p>
        {back}
      </>
    );
  }
  return (
    <>
      <div className="staff-no-print">
        <PageTitle>{t('staffReport.letters.title')}</PageTitle>
        <p>{t('staffReport.letters.count', { count: batch.students.length })}</p>
        <p className="staff-actions">
          <button type="button" className="button button--primary" onClick={() => window.print()}>
            {t('staffReport.letters.print')}
          </button>
        </p>
        {back}
      </div>
      <div className="staff-letters">
        {batch.students.map((row) => (
          <FamilyLetter key={row.id} letter={letterOf(batch, row)} />
        ))}
      </div>
    </>
  );
}

/**
 * LettersPage prints a batch of family letters, one a page, each in its family's language. The
 * codes are in this tab's memory only: opened any other way, the page says they are shown once.
 */
export function LettersPage() {
  return (
    <StaffPage>
      <RequireStaff>
        <Letters />
      </RequireStaff>
    </StaffPage>
  );
}
