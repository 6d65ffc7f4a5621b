import { QRCodeSVG } from 'qrcode.react';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmPanel } from '../../components/confirm-panel.tsx';
import { formatDate } from '../../lib/format-date.ts';
import { useIssueBadge, useRevokeBadge, type IssuedBadge } from './badge-queries.ts';
import { useClassErrorMessage } from './class-errors.ts';
import { PrintCardButton } from './print-card-button.tsx';
import { badgeCards, dropFromCards, holdCards } from './shown-once.ts';
import type { StaffStudent } from './staff-queries.ts';
import './class-strings.ts';

type Asking = 'reissue' | 'revoke';

/**
 * StudentBadge is a young student's QR badge on the By Student page: its id and dates, and
 * Issue / Reissue / Revoke. A new badge is shown once, with its QR, and goes to a login card.
 */
export function StudentBadge({ student }: { student: StaffStudent }) {
  const { t, i18n } = useTranslation();
  const s = student.student;
  const issue = useIssueBadge(s.id);
  const revoke = useRevokeBadge(s.id);
  const errorMessage = useClassErrorMessage();
  const [asking, setAsking] = useState<Asking>();
  const openRef = useRef<HTMLButtonElement>(null);
  const badge = student.badge;
  const issued = issue.data;
  // Kept at once, so pictures set on this page in this visit go on the same card (and the other way round).
  const keep = (badge: IssuedBadge) => holdCards(badgeCards([badge], s.schoolName, undefined, `student:${s.id}`));
  const cancel = () => {
    setAsking(undefined);
    issue.reset();
    revoke.reset();
    requestAnimationFrame(() => openRef.current?.focus());
  };

  return (
    <section aria-labelledby="badge-title" className="staff-action">
      <h3 id="badge-title">{t('staffClass.badges.title')}</h3>
      <p>{t('staffClass.badges.intro')}</p>
      {badge ? (
        <dl className="summary staff-summary">
          <div>
            <dt>{t('staffClass.badges.id')}</dt>
            <dd translate="no">{badge.badgeId}</dd>
          </div>
          <div>
            <dt>{t('staffClass.badges.issued')}</dt>
            <dd>{formatDate(badge.issuedAt, i18n.language)}</dd>
          </div>
          <div>
            <dt>{t('staffClass.badges.lastUsed')}</dt>
            <dd>{badge.lastUsedAt ? formatDate(badge.lastUsedAt, i18n.language) : t('staffClass.badges.neverUsed')}</dd>
          </div>
        </dl>
      ) : (
        <p>{t('staffClass.badges.none')}</p>
      )}
      <div role="status">
        {revoke.isSuccess && !asking && <p className="notice notice--ok">{t('staffClass.badges.revoked')}</p>}
        {issued && !asking && (
          <div className="notice notice--ok badge-issued">
            <p>{t('staffClass.badges.issued_done')}</p>
            <QRCodeSVG
              value={issued.signInUrl}
              size={160}
              level="M"
              marginSize={2}
              role="img"
              aria-label={t('staffClass.badges.qrLabel', { name: `${issued.firstName} ${issued.lastName}` })}
            />
            <p translate="no">{t('staffClass.cards.badge', { id: issued.badgeId })}</p>
            <PrintCardButton label={t('staffClass.badges.printCard')} keep={() => keep(issued)} />
          </div>
        )}
      </div>
      {issue.isError && !asking && (
        <p role="alert" className="alert">
          {errorMessage(issue.error)}
        </p>
      )}
      {asking ? (
        <ConfirmPanel
          question={t(asking === 'revoke' ? 'staffClass.badges.revokeQuestion' : 'staffClass.badges.reissueQuestion')}
          yes={t(asking === 'revoke' ? 'staffClass.badges.revokeYes' : 'staffClass.badges.reissueYes')}
          busy={t(asking === 'revoke' ? 'staffClass.badges.revoking' : 'staffClass.badges.issuing')}
          cancel={t('staffClass.badges.cancel')}
          pending={issue.isPending || revoke.isPending}
          error={asking === 'revoke' ? revoke.isError ? errorMessage(revoke.error) : undefined : issue.isError ? errorMessage(issue.error) : undefined}
          onConfirm={() => {
            if (asking === 'revoke') {
              issue.reset();
              revoke.mutate(undefined, {
                onSuccess: () => {
                  setAsking(undefined);
                  dropFromCards(s.id, 'badge');
                },
              });
            } else {
              revoke.reset();
              issue.mutate(undefined, {
                onSuccess: (badge) => {
                  setAsking(undefined);
                  keep(badge);
                },
              });
            }
          }}
          onCancel={cancel}
        />
      ) : (
        <p className="staff-actions">
          {badge ? (
            <>
              <button ref={openRef} type="button" className="button" onClick={() => setAsking('reissue')}>
                {t('staffClass.badges.reissue')}
              </button>
              <button type="button" className="button" onClick={() => setAsking('revoke')}>
                {t('staffClass.badges.revoke')}
              </button>
            </>
          ) : (
            <button
              ref={openRef}
              type="button"
              className="button"
              aria-disabled={issue.isPending || undefined}
              onClick={() => {
                if (issue.isPending) return;
                revoke.reset();
                issue.mutate(undefined, { onSuccess: keep });
              }}
            >
              {issue.isPending ? t('staffClass.badges.issuing') : t('staffClass.badges.issue')}
            </button>
          )}
        </p>
      )}
    </section>
  );
}
