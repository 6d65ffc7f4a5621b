import { QRCodeSVG } from 'qrcode.react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageTitle } from '../../components/page-title.tsx';
import { gradeName } from '../../lib/grade-label.ts';
import { heldFor, type CardStudent, type LoginCardSheet } from './shown-once.ts';
import { RequireStaff, StaffPage } from './staff-frame.tsx';
import './class-strings.ts';
import './class.css';

/** Cards on one printed sheet: 2 across, 5 down, on Letter or A4. */
export const cardsPerPage = 10;

/** pagesOf cuts the cards into printed sheets of cardsPerPage. */
export function pagesOf<T>(cards: readonly T[], perPage = cardsPerPage): T[][] {
  const pages: T[][] = [];
  for (let i = 0; i < cards.length; i += perPage) pages.push(cards.slice(i, i + perPage));
  return pages;
}

/**
 * Card is one student's login card: the username, and the new password or the QR badge (or
 * both). The badge's id is printed small so staff can find and revoke a lost card.
 */
function Card({ student, sheet }: { student: CardStudent; sheet: LoginCardSheet }) {
  const { t } = useTranslation();
  const name = `${student.firstName} ${student.lastName}`;
  return (
    <li className={student.badge ? 'login-card login-card--badge' : 'login-card'}>
      {student.badge && (
        <div className="login-card__qr">
          {/* level M: a card creased or smudged in a child's bag still reads. */}
          <QRCodeSVG value={student.badge.signInUrl} size={112} level="M" marginSize={2} role="img" aria-label={t('staffClass.badges.qrLabel', { name })} />
          <p className="login-card__badge-id" translate="no">
            {t('staffClass.cards.badge', { id: student.badge.badgeId })}
          </p>
        </div>
      )}
      <p className="login-card__name">
        {student.firstName} {student.lastName}
      </p>
      <dl className="login-card__facts">
        <div>
          <dt>{t('staffClass.cards.username')}</dt>
          <dd translate="no">
            <code>{student.username}</code>
          </dd>
        </div>
        {student.password && (
          <div>
            <dt>{t('staffClass.cards.password')}</dt>
            <dd translate="no">
              <code>{student.password}</code>
            </dd>
          </div>
        )}
      </dl>
      <p className="login-card__where">
        {sheet.schoolName}
        {sheet.className ? ` · ${sheet.className}` : student.grade !== undefined ? ` · ${gradeName(student.grade, t)}` : ''}
      </p>
    </li>
  );
}

function Cards() {
  const { t } = useTranslation();
  const sheet = heldFor('cards');
  if (!sheet) {
    return (
      <>
        <PageTitle>{t('staffClass.cards.missingTitle')}</PageTitle>
        <p>{t('staffClass.cards.missingBody')}</p>
        <p>
          <Link to="/staff/classes">{t('staffClass.class.back')}</Link>
        </p>
      </>
    );
  }
  const pages = pagesOf(sheet.students);
  return (
    <>
      <div className="staff-no-print">
        <PageTitle>{t('staffClass.cards.title')}</PageTitle>
        <p>{t('staffClass.cards.intro', { count: sheet.students.length, pages: pages.length })}</p>
        <p className="staff-actions">
          <button type="button" className="button button--primary" onClick={() => window.print()}>
            {t('staffClass.cards.print')}
          </button>
        </p>
        <p>
          <Link to="/staff/classes">{t('staffClass.class.back')}</Link>
        </p>
      </div>
      <div className="login-cards" aria-label={t('staffClass.cards.title')} role="region">
        {pages.map((page, i) => (
          <ul key={i} className="login-cards__page" aria-label={t('staffClass.cards.page', { page: i + 1, pages: pages.length })}>
            {page.map((student) => (
              <Card key={student.id} student={student} sheet={sheet} />
            ))}
          </ul>
        ))}
      </div>
    </>
  );
}

/**
 * CardsPage is the printable login cards of a bulk reset or of badges just issued: ten to a
 * sheet, printed by the browser. The passwords and badges live in this tab's memory only;
 * opened later, the page says so.
 */
export function CardsPage() {
  return (
    <StaffPage wide>
      <RequireStaff>
        <Cards />
      </RequireStaff>
    </StaffPage>
  );
}
