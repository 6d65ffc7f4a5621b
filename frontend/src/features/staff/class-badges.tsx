import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useIssueClassBadges } from './badge-queries.ts';
import { useClassErrorMessage } from './class-errors.ts';
import { badgeCards, holdCards } from './shown-once.ts';
import './class-strings.ts';

interface ClassBadgesProps {
  classId: string;
  schoolName: string;
  /** The class's title, printed on each card. */
  className: string;
}

/**
 * ClassBadgeAction issues QR badges for a class (to those without one, or to all) and opens
 * their printable cards at once: the tokens are shown this once and kept in memory only.
 */
export function ClassBadgeAction({ classId, schoolName, className }: ClassBadgesProps) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const issue = useIssueClassBadges(classId);
  const errorMessage = useClassErrorMessage();
  const [reissue, setReissue] = useState(false);
  const noneIssued = issue.isSuccess && issue.data.badges.length === 0;
  return (
    <section aria-labelledby="class-badges-title" className="staff-action">
      <h2 id="class-badges-title">{t('staffClass.badges.classTitle')}</h2>
      <p>{t('staffClass.badges.classIntro')}</p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (issue.isPending) return;
          issue.mutate(reissue, {
            onSuccess: (done) => {
              if (done.badges.length === 0) return;
              // Pictures set for this class on this visit go on the same cards.
              holdCards(badgeCards(done.badges, schoolName, className, `class:${classId}`));
              void navigate('/staff/print/cards');
            },
          });
        }}
      >
        <fieldset className="choice-group">
          <legend>{t('staffClass.badges.classWhich')}</legend>
          {([false, true] as const).map((all) => (
            <div className="choice-group__option" key={String(all)}>
              <input
                type="radio"
                id={`class-badges-${all ? 'all' : 'new'}`}
                name="class-badges"
                checked={reissue === all}
                onChange={() => setReissue(all)}
              />
              <label htmlFor={`class-badges-${all ? 'all' : 'new'}`}>
                {all ? t('staffClass.badges.classAll') : t('staffClass.badges.classNew')}
              </label>
            </div>
          ))}
        </fieldset>
        <div role="status">{noneIssued && <p className="notice">{t('staffClass.badges.classNone')}</p>}</div>
        {issue.isError && (
          <p role="alert" className="alert">
            {errorMessage(issue.error)}
          </p>
        )}
        <p>
          <button type="submit" className="button button--primary" aria-disabled={issue.isPending || undefined}>
            {issue.isPending ? t('staffClass.badges.issuing') : t('staffClass.badges.classSubmit')}
          </button>
        </p>
      </form>
    </section>
  );
}
