import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Loading } from '../../components/loading.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { useErrorMessage } from '../../lib/error-message.ts';
import { formatDate } from '../../lib/format-date.ts';
import { useSignOut } from '../../lib/session.ts';
import { useMyAccount, type Account } from './account-queries.ts';

function SetStatus({ set }: { set: boolean }) {
  const { t } = useTranslation();
  return (
    <span className={set ? 'status status--set' : 'status status--unset'}>
      {set ? t('account.set') : t('account.notSet')}
    </span>
  );
}

function nextSelfReset(account: Account, t: ReturnType<typeof useTranslation>['t'], language: string): string {
  if (!account.selfResetEligible) return t('account.notEligible');
  if (account.selfResetAvailable) return t('account.availableNow');
  if (account.nextSelfResetAt) return formatDate(account.nextSelfResetAt, language);
  return t('account.needsSetup');
}

export function AccountPage() {
  const { t, i18n } = useTranslation();
  const account = useMyAccount();
  const signOut = useSignOut();
  const errorMessage = useErrorMessage();
  const language = i18n.language;

  return (
    <div className="narrow">
      <PageTitle>{t('account.title')}</PageTitle>
      {account.isPending && <Loading />}
      {account.isError && (
        <div role="alert" className="alert">
          <p>{t('account.loadError')}</p>
          <p>{errorMessage(account.error)}</p>
          <button type="button" className="button" onClick={() => void account.refetch()}>
            {t('account.retry')}
          </button>
        </div>
      )}
      {account.data && (
        <>
          <p className="greeting">{t('account.greeting', { firstName: account.data.firstName })}</p>
          <dl className="summary">
            <div>
              <dt>{t('account.username')}</dt>
              <dd>{account.data.username}</dd>
            </div>
            <div>
              <dt>{t('account.email')}</dt>
              <dd>{account.data.email}</dd>
            </div>
            <div>
              <dt>{t('account.pin')}</dt>
              <dd>
                <SetStatus set={account.data.pinSet} />
              </dd>
            </div>
            <div>
              <dt>{t('account.questions')}</dt>
              <dd>
                <SetStatus set={account.data.questionsSet} />
              </dd>
            </div>
            <div>
              <dt>{t('account.passwordChanged')}</dt>
              <dd>
                {account.data.passwordChangedAt
                  ? formatDate(account.data.passwordChangedAt, language)
                  : t('account.never')}
              </dd>
            </div>
            <div>
              <dt>{t('account.nextSelfReset')}</dt>
              <dd>{nextSelfReset(account.data, t, language)}</dd>
            </div>
          </dl>
          <p>
            <Link to="/change-password" className="button">
              {t('account.changePassword')}
            </Link>
          </p>
        </>
      )}
      {signOut.isError && (
        <p role="alert" className="alert">
          {errorMessage(signOut.error)}
        </p>
      )}
      <button
        type="button"
        className="button button--secondary"
        aria-disabled={signOut.isPending || undefined}
        onClick={() => signOut.isPending || signOut.mutate()}
      >
        {signOut.isPending ? t('account.signingOut') : t('account.signOut')}
      </button>
    </div>
  );
}
