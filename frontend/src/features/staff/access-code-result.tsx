import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { downloadCsv } from '../../lib/csv.ts';
import { fullName } from './staff-frame.tsx';
import { hold } from './shown-once.ts';
import type { AccessCodeBatch } from './report-queries.ts';
import './report-strings.ts';
import './report.css';

/** accessCodeCsvRows is the CSV of a batch: student ID, last, first, username, parent access code. */
export function accessCodeCsvRows(batch: AccessCodeBatch, header: readonly string[]): string[][] {
  return [[...header], ...batch.students.map((s) => [s.studentNumber, s.lastName, s.firstName, s.username, s.accessCode])];
}

/**
 * AccessCodeResult lists new access codes the one time they are shown, with their CSV and the
 * family letters (handed to the print page in memory: shown-once.ts).
 */
export function AccessCodeResult({ batch, fileName }: { batch: AccessCodeBatch; fileName: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const titleRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => titleRef.current?.focus(), []);
  const header = (['studentNumber', 'lastName', 'firstName', 'username', 'code'] as const).map((k) => t(`staffReport.codes.csvHeader.${k}`));
  return (
    <section aria-labelledby="codes-result-title">
      <h2 id="codes-result-title" ref={titleRef} tabIndex={-1}>
        {t('staffReport.codes.resultTitle')}
      </h2>
      <p className="notice">{t('staffReport.codes.shownOnce')}</p>
      <p className="staff-actions">
        <button type="button" className="button" onClick={() => downloadCsv(fileName, accessCodeCsvRows(batch, header))}>
          {t('staffReport.codes.download')}
        </button>
        <button
          type="button"
          className="button button--primary"
          onClick={() => {
            hold('letters', batch);
            void navigate('/staff/print/letters');
          }}
        >
          {t('staffReport.codes.print')}
        </button>
      </p>
      {/* On a phone the table scrolls sideways: a focusable region, so the keyboard can scroll it too. */}
      <div className="staff-table-wrap" role="region" tabIndex={0} aria-labelledby="codes-caption">
        <table className="staff-table">
          <caption id="codes-caption" className="visually-hidden">
            {t('staffReport.codes.caption')}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('staffReport.codes.name')}</th>
              <th scope="col">{t('staffReport.codes.studentNumber')}</th>
              <th scope="col">{t('staffReport.codes.username')}</th>
              <th scope="col">{t('staffReport.codes.code')}</th>
            </tr>
          </thead>
          <tbody>
            {batch.students.map((s) => (
              <tr key={s.id}>
                <th scope="row" className="staff-wrap">
                  {fullName(s)}
                </th>
                <td translate="no">{s.studentNumber}</td>
                <td translate="no">{s.username}</td>
                <td translate="no" className="staff-code-cell">
                  <code>{s.accessCode}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
