import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ConfirmPanel } from '../../components/confirm-panel.tsx';
import { formatDate } from '../../lib/format-date.ts';
import { useFamilyErrorMessage } from './family-errors.ts';
import { isRefusal } from '../../lib/api-error.ts';
import { useUnlinkChild, type Child } from './family-queries.ts';
import { gradeLabel } from '../../lib/grade-label.ts';

function SetStatus({ set }: { set: boolean | undefined }) {
  const { t } = useTranslation();
  return (
    <span className={set ? 'status status--set' : 'status status--unset'}>
      {set ? t('family.children.set') : t('family.children.notSet')}
    </span>
  );
}

/** SetupTip is for a child old enough to reset alone who has no PIN or questions yet. */
function SetupTip({ name }: { name: string }) {
  const { t } = useTranslation();
  const titleId = useId();
  return (
    <section className="child-tip" aria-labelledby={titleId}>
      <h3 id={titleId}>{t('family.children.tipTitle', { name })}</h3>
      <p>{t('family.children.tipBody', { name })}</p>
    </section>
  );
}

export function fullName(child: Child): string {
  return `${child.firstName} ${child.lastName}`;
}

interface UnlinkConfirmProps {
  child: Child;
  onCancel(): void;
  onUnlinked(child: Child): void;
}

/** UnlinkConfirm asks before a link is removed, in place (ConfirmPanel). */
function UnlinkConfirm({ child, onCancel, onUnlinked }: UnlinkConfirmProps) {
  const { t } = useTranslation();
  const unlink = useUnlinkChild();
  const errorMessage = useFamilyErrorMessage();
  const name = fullName(child);
  const confirm = () =>
    unlink.mutate(child, {
      onSuccess: () => onUnlinked(child),
      onError: (error) => {
        // Not linked any more (another tab, the school): what the guardian asked for.
        if (isRefusal(error, 404)) onUnlinked(child);
      },
    });
  return (
    <ConfirmPanel
      question={t('family.children.confirmUnlink', { name })}
      body={t('family.children.confirmUnlinkBody', { name })}
      yes={t('family.children.confirmYes')}
      busy={t('family.children.unlinking')}
      cancel={t('family.children.cancel')}
      pending={unlink.isPending}
      error={unlink.isError && !isRefusal(unlink.error, 404) ? errorMessage(unlink.error) : undefined}
      onConfirm={confirm}
      onCancel={onCancel}
    />
  );
}

/** ChildCard is one linked child: recovery status (never a secret) and what the guardian can do. */
export function ChildCard({ child, onUnlinked }: { child: Child; onUnlinked(child: Child): void }) {
  const { t, i18n } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const unlinkRef = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const name = fullName(child);
  const adult = child.access === 'adult';
  // The server says whether the child may reset alone; the grade alone cannot (ungraded may).
  const youngUntil = !adult && child.selfResetEligible === false ? child.selfResetFromGrade : undefined;
  const needsSetup = !adult && child.selfResetEligible === true && !child.pinSet && !child.questionsSet;

  const cancelled = useRef(false);

  // After Cancel, focus goes back to the Unlink button, on the page again.
  useEffect(() => {
    if (!confirming && cancelled.current) {
      cancelled.current = false;
      unlinkRef.current?.focus();
    }
  }, [confirming]);

  const cancel = () => {
    cancelled.current = true;
    setConfirming(false);
  };

  return (
    <li className="child-card">
      <article aria-labelledby={titleId}>
        <h2 id={titleId}>{name}</h2>
        <dl className="summary">
          <div>
            <dt>{t('family.children.school')}</dt>
            <dd>{child.schoolName}</dd>
          </div>
          <div>
            <dt>{t('family.children.grade')}</dt>
            <dd>{gradeLabel(child.grade, t)}</dd>
          </div>
          <div>
            <dt>{t('family.children.username')}</dt>
            <dd>{child.username}</dd>
          </div>
          {!adult && (
            <>
              {youngUntil !== undefined ? (
                <div>
                  <dt>{t('family.children.forgotten')}</dt>
                  <dd>{t('family.children.youngReset', { grade: gradeLabel(youngUntil, t) })}</dd>
                </div>
              ) : (
                <>
                  <div>
                    <dt>{t('family.children.pin')}</dt>
                    <dd>
                      <SetStatus set={child.pinSet} />
                    </dd>
                  </div>
                  <div>
                    <dt>{t('family.children.questions')}</dt>
                    <dd>
                      <SetStatus set={child.questionsSet} />
                    </dd>
                  </div>
                </>
              )}
              <div>
                <dt>{t('family.children.passwordChanged')}</dt>
                <dd>
                  {child.passwordChangedAt
                    ? formatDate(child.passwordChangedAt, i18n.language)
                    : t('family.children.never')}
                </dd>
              </div>
              {child.resetsLeftToday !== undefined && (
                <div>
                  <dt>{t('family.children.resetsLeft')}</dt>
                  <dd>{child.resetsLeftToday}</dd>
                </div>
              )}
            </>
          )}
        </dl>
        {adult && <p className="notice">{t('family.children.adult', { name: child.firstName })}</p>}
        {needsSetup && <SetupTip name={child.firstName} />}
        {!adult && child.mustChangePassword && <p className="notice">{t('family.children.mustChange')}</p>}
        {!confirming && (
          <div className="child-card__actions">
            {!adult && (
              <Link
                className="button button--primary"
                to={`/family/children/${encodeURIComponent(child.id)}/reset`}
                aria-label={t('family.children.resetFor', { name })}
              >
                {t('family.children.reset')}
              </Link>
            )}
            <button
              ref={unlinkRef}
              type="button"
              className="button"
              aria-label={t('family.children.unlinkFor', { name })}
              onClick={() => setConfirming(true)}
            >
              {t('family.children.unlink')}
            </button>
          </div>
        )}
        {confirming && <UnlinkConfirm child={child} onCancel={cancel} onUnlinked={onUnlinked} />}
      </article>
    </li>
  );
}
