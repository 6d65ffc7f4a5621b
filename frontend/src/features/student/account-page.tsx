import type { TFunction } from 'i18next';
import { useDeferredValue } from 'react';
import { LayoutGrid } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Loading } from '../../components/loading.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { useErrorMessage } from '../../lib/error-message.ts';
import { formatDate } from '../../lib/format-date.ts';
import { useSignOut } from '../../lib/session.ts';
import { useMyAccount, type Account } from './account-queries.ts';
import { useSavedChange } from './saved-notice.ts';
import { YoungStudentHelp } from './young-student-help.tsx';
import { BadgePicture } from './pictures.tsx';
import './student.css';
import './badge.css';
import { AccountLoadError } from './account-load-error.tsx';

function SetStatus({ set }: { set: boolean }) {
  const { t } = useTranslation();
  return (
    <span className={set ? 'status status--set' : 'status status--unset'}>
      {set ? t('account.set') : t('account.notSet')}
    </span>
  );
}

function nextSelfReset(account: Account, t: TFunction, language: string): string {
  if (!account.pinSet && !account.questionsSet) return t('account.needsSetup');
  if (account.selfResetAvailable) return t('account.availableNow');
  if (account.nextSelfResetAt) return formatDate(account.nextSelfResetAt, language);
  return t('account.availableNow');
}

/** isYoungSession tells a badge or picture session: the young student's page, nothing to change. */
function isYoungSession(account: Account | undefined): boolean {
  return account?.signedInWith === 'badge' || account?.signedInWith === 'pictures';
}

/**
 * YoungSummary is the page of a young student who signed in with a badge or with pictures: a
 * greeting and a picture, how they came in, who can help, and nothing to change (such a
 * session cannot change any secret).
 */
function YoungSummary({ account }: { account: Account }) {
  const { t } = useTranslation();
  const pictures = account.signedInWith === 'pictures';
  return (
    <div className="badge-home">
      <div className="badge-home__hello">
        {pictures ? (
          <LayoutGrid className="badge-home__picture badge-home__picture--grid" aria-hidden="true" focusable="false" />
        ) : (
          <BadgePicture className="badge-home__picture" />
        )}
        <p className="badge-home__greeting">{t('account.badgeGreeting', { firstName: account.firstName })}</p>
      </div>
      <p>{pictures ? t('pictureSignIn.accountBody') : t('account.badgeBody')}</p>
      <p>{t('account.badgeUser', { username: account.username })}</p>
      <YoungStudentHelp young={pictures ? 'pictures' : 'badge'} />
    </div>
  );
}

function AccountSummary({ account }: { account: Account }) {
  if (isYoungSession(account)) return <YoungSummary account={account} />;
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const eligible = account.selfResetEligible;
  return (
    <>
      <p className="greeting">{t('account.greeting', { firstName: account.firstName })}</p>
      <dl className="summary">
        <div>
          <dt>{t('account.username')}</dt>
          <dd>{account.username}</dd>
        </div>
        <div>
          <dt>{t('account.email')}</dt>
          <dd>{account.email}</dd>
        </div>
        <div>
          <dt>{t('account.passwordChanged')}</dt>
          <dd>{account.passwordChangedAt ? formatDate(account.passwordChangedAt, language) : t('account.never')}</dd>
        </div>
      </dl>
      <p>
        <Link to="/change-password" className="button button--primary">
          {t('account.changePassword')}
        </Link>
      </p>

      {eligible ? (
        <section className="account-section" aria-labelledby="recovery-title">
          <h2 id="recovery-title">{t('account.recoveryTitle')}</h2>
          {!account.pinSet && !account.questionsSet && <p>{t('account.recoveryIntro')}</p>}
          <dl className="summary">
            <div>
              <dt>{t('account.pin')}</dt>
              <dd>
                <SetStatus set={account.pinSet} />
              </dd>
            </div>
            <div>
              <dt>{t('account.questions')}</dt>
              <dd>
                <SetStatus set={account.questionsSet} />
              </dd>
            </div>
            <div>
              <dt>{t('account.nextSelfReset')}</dt>
              <dd>{nextSelfReset(account, t, language)}</dd>
            </div>
          </dl>
          <ul className="account-actions">
            <li>
              <Link to="/account/pin" className="button">
                {account.pinSet ? t('account.changePin') : t('account.setPin')}
              </Link>
            </li>
            <li>
              <Link to="/account/questions" className="button">
                {account.questionsSet ? t('account.changeQuestions') : t('account.setQuestions')}
              </Link>
            </li>
          </ul>
        </section>
      ) : (
        <YoungStudentHelp />
      )}
    </>
  );
}

export function AccountPage() {
  const { t } = useTranslation();
  // The summary renders as a deferred update, in slices that leave the main thread free.
  const account = useDeferredValue(useMyAccount());
  const signOut = useSignOut();
  const errorMessage = useErrorMessage();
  const saved = useSavedChange();

  return (
    <div className="narrow">
      <PageTitle>{t('account.title')}</PageTitle>
      {/* The region is on the page before the message, so screen readers announce it. */}
      <div role="status">{saved && <p className="notice notice--success">{t(`account.saved.${saved}`)}</p>}</div>
      {account.isPending && <Loading />}
      {account.isError && <AccountLoadError query={account} />}
      {account.data && <AccountSummary account={account.data} />}
      {/* Nothing below the loading line: the summary would push it down when it arrives. */}
      {!account.isPending && (
        <>
          {signOut.isError && (
            <p role="alert" className="alert">
              {errorMessage(signOut.error)}
            </p>
          )}
          <button
            type="button"
            className={isYoungSession(account.data) ? 'button button--secondary button--badge' : 'button button--secondary'}
            aria-disabled={signOut.isPending || undefined}
            onClick={() => signOut.isPending || signOut.mutate()}
          >
            {signOut.isPending ? t('account.signingOut') : t('account.signOut')}
          </button>
        </>
      )}
    </div>
  );
}
