import type { TFunction } from 'i18next';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { components } from '../../api/schema';
import { downloadCsv } from '../../lib/csv.ts';
import type { ResetRow } from './class-queries.ts';
import { printedCode } from './family-letter.tsx';
import { hold } from './shown-once.ts';
import './class-strings.ts';

export interface ResetResultProps {
  rows: readonly ResetRow[];
  schoolName: string;
  /** The class (its name and number) when the reset was one class's. */
  className?: string | undefined;
  /** What the CSV file is named after: the class number, or the school and grade. */
  fileLabel: string;
  /** The family letters' facts, when access codes were issued (a job's result). */
  letters?: components['schemas']['AccessCodeBatch'] | undefined;
  /** An access-code job's result holds codes only: its title says so. */
  codesOnly?: boolean | undefined;
}

/** resultCsvRows is the CSV of a result: a header, then one row a student. */
export function resultCsvRows(rows: readonly ResetRow[], t: TFunction): string[][] {
  return [
    [
      t('staffClass.result.lastName'),
      t('staffClass.result.firstName'),
      t('staffClass.result.studentNumber'),
      t('staffClass.result.username'),
      t('staffClass.result.password'),
      t('staffClass.result.accessCode'),
    ],
    ...rows.map((r) => [r.lastName, r.firstName, r.studentNumber ?? '', r.username, r.password ?? '', r.accessCode ? printedCode(r.accessCode) : '']),
  ];
}

/** csvFileName names the file after what was reset and the day: "4-203-passwords-2026-12-07.csv". */
export function csvFileName(label: string, day: Date): string {
  const safe = label.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '') || 'students';
  const date = `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')}`;
  return `${safe}-passwords-${date}.csv`;
}

/**
 * ResetResult is a bulk reset's result, shown once: the new passwords (and parent access codes)
 * as a table, a CSV made in the browser, and the way to print login cards and family letters.
 * It lives only in the page's memory: leaving the page drops it.
 */
export function ResetResult({ rows, schoolName, className, fileLabel, letters, codesOnly = false }: ResetResultProps) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const withPasswords = rows.some((r) => r.password);
  const withCodes = rows.some((r) => r.accessCode);
  // The result replaces the form that asked for it: its heading takes the focus.
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  return (
    <section aria-labelledby="result-title" className="reset-result">
      <h2 id="result-title" ref={headingRef} tabIndex={-1}>
        {codesOnly ? t('staffClass.result.codesTitle') : t('staffClass.result.title')}
      </h2>
      <p className="notice">{t('staffClass.result.once')}</p>
      {!withPasswords && !codesOnly && <p>{t('staffClass.result.sharedPassword')}</p>}
      <p className="staff-actions">
        <button type="button" className="button button--primary" onClick={() => downloadCsv(csvFileName(fileLabel, new Date()), resultCsvRows(rows, t))}>
          {t('staffClass.result.download')}
        </button>
        {!codesOnly && (
          <button
            type="button"
            className="button"
            onClick={() => {
              hold('cards', { schoolName, ...(className ? { className } : {}), students: [...rows] });
              void navigate('/staff/print/cards');
            }}
          >
            {t('staffClass.result.cards')}
          </button>
        )}
        {letters && (
          <Link className="button" to="/staff/print/letters" onClick={() => hold('letters', letters)}>
            {t('staffClass.result.letters')}
          </Link>
        )}
      </p>
      {/* A region the keyboard can reach, so a narrow screen can scroll the table sideways. */}
      <div className="staff-table-wrap" role="region" tabIndex={0} aria-label={t('staffClass.result.caption', { count: rows.length })}>
        <table className="staff-table">
          <caption className="visually-hidden">{t('staffClass.result.caption', { count: rows.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('staffClass.result.name')}</th>
              <th scope="col">{t('staffClass.result.username')}</th>
              {withPasswords && <th scope="col">{t('staffClass.result.password')}</th>}
              {withCodes && <th scope="col">{t('staffClass.result.accessCode')}</th>}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <th scope="row">
                  {r.firstName} {r.lastName}
                </th>
                <td translate="no">{r.username}</td>
                {withPasswords && (
                  <td translate="no">
                    <code className="reset-result__secret">{r.password}</code>
                  </td>
                )}
                {withCodes && (
                  <td translate="no">
                    <code className="reset-result__secret">{r.accessCode && printedCode(r.accessCode)}</code>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
