import { QRCodeSVG } from 'qrcode.react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageTitle } from '../../components/page-title.tsx';
import { PictureRow } from '../../components/picture.tsx';
import { gradeName } from '../../lib/grade-label.ts';
import { heldFor, type CardStudent, type LoginCardSheet } from './shown-once.ts';
import { RequireStaff, StaffPage } from './staff-frame.tsx';
import './class-strings.ts';
import '../../components/choice-group.css';
import './class.css';
import './picture-strings.ts';

/** Cards on one printed sheet: 2 across, 5 down, on Letter or A4. */
export const cardsPerPage = 10;

/** Avery 22806 / 94103 square labels on one US Letter sheet: 2″ × 2″, 3 across, 4 down. */
export const labelsPerPage = 12;

/** How the cards are printed: 10 cards a sheet to cut, or one a square sticky label. */
export type CardLayout = 'sheet' | 'avery';

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
        {student.pictures && (
          <div className="login-card__pictures">
            <dt>{t('staffPictures.cards.pictures')}</dt>
            <dd>
              <PictureRow ids={student.pictures} />
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

/**
 * Label is one student's card on a 2″ square label: the name, the username, a small QR badge
 * and the pictures in order (and a new password, when there is one).
 */
function Label({ student }: { student: CardStudent }) {
  const { t } = useTranslation();
  const name = `${student.firstName} ${student.lastName}`;
  return (
    <li className="login-card login-card--label">
      {student.badge && (
        <QRCodeSVG
          className="login-card__label-qr"
          value={student.badge.signInUrl}
          size={72}
          level="M"
          marginSize={1}
          role="img"
          aria-label={t('staffClass.badges.qrLabel', { name })}
        />
      )}
      <p className="login-card__name">{name}</p>
      <p className="login-card__line" translate="no">
        <code>{student.username}</code>
      </p>
      {student.password && (
        <p className="login-card__line" translate="no">
          <code>{student.password}</code>
        </p>
      )}
      {student.pictures && (
        <div className="login-card__label-pictures">
          <PictureRow ids={student.pictures} />
        </div>
      )}
    </li>
  );
}

function LayoutChoice({ layout, onChange }: { layout: CardLayout; onChange(layout: CardLayout): void }) {
  const { t } = useTranslation();
  const options: [CardLayout, string][] = [
    ['sheet', t('staffPictures.cards.tenCards')],
    ['avery', t('staffPictures.cards.avery')],
  ];
  return (
    <fieldset className="choice-group">
      <legend>{t('staffPictures.cards.layout')}</legend>
      {options.map(([value, label]) => (
        <div className="choice-group__option" key={value}>
          <input type="radio" id={`cards-layout-${value}`} name="cards-layout" checked={layout === value} onChange={() => onChange(value)} />
          <label htmlFor={`cards-layout-${value}`}>{label}</label>
        </div>
      ))}
      {layout === 'avery' && <p className="field__hint">{t('staffPictures.cards.averyHint')}</p>}
    </fieldset>
  );
}

function Cards() {
  const { t } = useTranslation();
  const sheet = heldFor('cards');
  const [layout, setLayout] = useState<CardLayout>('sheet');
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
  const avery = layout === 'avery';
  const pages = pagesOf(sheet.students, avery ? labelsPerPage : cardsPerPage);
  const counts = { count: sheet.students.length, pages: pages.length };
  const cardsIntro = t('staffClass.cards.intro', {
    cards: t('staffClass.cards.cardCount', { count: counts.count }),
    sheets: t('staffClass.cards.pageCount', { count: counts.pages }),
  });
  return (
    <>
      <div className="staff-no-print">
        <PageTitle>{t('staffClass.cards.title')}</PageTitle>
        <LayoutChoice layout={layout} onChange={setLayout} />
        <p role="status">{avery ? t('staffPictures.cards.averyIntro', counts) : cardsIntro}</p>
        <p className="staff-actions">
          <button type="button" className="button button--primary" onClick={() => window.print()}>
            {t('staffClass.cards.print')}
          </button>
        </p>
        <p>
          <Link to="/staff/classes">{t('staffClass.class.back')}</Link>
        </p>
      </div>
      <div className={avery ? 'login-cards login-cards--avery' : 'login-cards'} aria-label={t('staffClass.cards.title')} role="region">
        {pages.map((page, i) => (
          <ul key={i} className="login-cards__page" aria-label={t('staffClass.cards.page', { page: i + 1, pages: pages.length })}>
            {page.map((student) =>
              avery ? <Label key={student.id} student={student} /> : <Card key={student.id} student={student} sheet={sheet} />,
            )}
          </ul>
        ))}
      </div>
    </>
  );
}

/**
 * CardsPage is the printable login cards of a bulk reset, of badges just issued or of picture
 * passwords just set: ten to a sheet, or one a 2″ square label, printed by the browser. The passwords and badges live in this tab's memory only;
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
