import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../lib/format-date.ts';
import type { components } from '../../api/schema';
import './staff-strings.ts';

export type AccessCodeLetter = components['schemas']['AccessCodeLetter'];
type AccessCodeBatch = components['schemas']['AccessCodeBatch'];
type AccessCodeRow = components['schemas']['AccessCodeRow'];

/** printedCode writes a 12-character access code as families see it on paper: XXXX-XXXX-XXXX. */
export function printedCode(code: string): string {
  const bare = code.replace(/[\s-]/g, '').toUpperCase();
  return bare.length === 12 ? bare.replace(/(.{4})(?=.)/g, '$1-') : code;
}

/** letterOf is one student's letter out of a batch of codes (a class's or a school's). */
export function letterOf(batch: AccessCodeBatch, row: AccessCodeRow): AccessCodeLetter {
  return {
    code: row.accessCode,
    expiresAt: batch.expiresAt,
    studentFirstName: row.firstName,
    studentLastName: row.lastName,
    studentNumber: row.studentNumber,
    schoolName: batch.schoolName,
    ...(batch.schoolContact ? { schoolContact: batch.schoolContact } : {}),
    districtName: batch.districtName,
    familyPortalUrl: batch.familyPortalUrl,
    locale: row.locale,
  };
}

/**
 * FamilyLetter is the family letter itself, in the family's language whatever the page's is:
 * one student's (letter-page.tsx) or one of a batch, a printed page each (letters-page.tsx).
 */
export function FamilyLetter({ letter }: { letter: AccessCodeLetter }) {
  const { i18n } = useTranslation();
  const titleId = useId();
  const lt = i18n.getFixedT(letter.locale);
  const name = `${letter.studentFirstName} ${letter.studentLastName}`;
  const school = letter.schoolName;
  return (
    <article className="staff-letter" lang={letter.locale} aria-labelledby={titleId}>
      <p className="staff-letter__from">
        {letter.districtName}
        <br />
        {school}
      </p>
      <h2 id={titleId}>{lt('staff.letter.title')}</h2>
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
