import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { PageTitle } from '../../components/page-title.tsx';
import { formatDate } from '../../lib/format-date.ts';
import { RequireStaff, StaffPage } from './staff-frame.tsx';
import { useLetter, type AccessCodeLetter } from './staff-queries.ts';

/** printedCode writes a 12-character access code as families see it on paper: XXXX-XXXX-XXXX. */
export function printedCode(code: string): string {
  const bare = code.replace(/[\s-]/g, '').toUpperCase();
  return bare.length === 12 ? bare.replace(/(.{4})(?=.)/g, '$1-') : code;
}

/** Letter is the family letter itself, in the family's language whatever the page's is. */
function Letter({ letter }: { letter: AccessCodeLetter }) {
  const { i18n } = useTranslation();
  const lt = i18n.getFixedT(letter.locale);
  const name = `${letter.studentFirstName} ${letter.studentLastName}`;
  const school = letter.schoolName;
  return (
    <article className="staff-letter" lang={letter.locale} aria-labelledby="letter-title">
      <p className="staff-letter__from">
        {letter.districtName}
        <br />
        {school}
      </p>
      <h2 id="letter-title">{lt('staff.letter.title')}</h2>
      <p>{lt('staff.letter.greeting', { name })}</p>
      <p>{lt('staff.letter.what', { district: letter.districtName })}</p>
      <p>{lt('staff.letter.how')}</p>
      <ol>
        <li>{lt('staff.letter.step1', { url: letter.familyPortalUrl })}</li>
        <li>{lt('staff.letter.step2')}</li>
        <li>{lt('staff.letter.step3')}</li>
      </ol>
      <dl className="staff-letter__code">
        <div>
          <dt>{lt('staff.letter.studentNumber')}</dt>
          <dd translate="no">{letter.studentNumber}</dd>
        </div>
        <div>
          <dt>{lt('staff.letter.code')}</dt>
          <dd translate="no">
            <code>{printedCode(letter.code)}</code>
          </dd>
        </div>
      </dl>
      <p>{lt('staff.letter.until', { date: formatDate(letter.expiresAt, letter.locale) })}</p>
      <p>
        {letter.schoolContact
          ? lt('staff.letter.contact', { school, contact: letter.schoolContact })
          : lt('staff.letter.contactNoDetail', { school })}
      </p>
      <p>{lt('staff.letter.signature', { school, district: letter.districtName })}</p>
    </article>
  );
}

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
      <Letter letter={letter} />
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
