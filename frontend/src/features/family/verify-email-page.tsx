import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Loading } from '../../components/loading.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { useFamilyErrorMessage } from './family-errors.ts';
import { isRefusal } from '../../lib/api-error.ts';
import { FamilyPage } from './family-frame.tsx';
import { useFocusTitle } from '../../lib/focus-title.ts';
import { useVerifyEmail } from './family-queries.ts';
import { useFamilySession } from './family-session.ts';
import { useLinkToken } from '../../lib/link-token.ts';
import { VerifyResend } from './verify-resend.tsx';
import { LoadError } from '../../components/load-error.tsx';

type Outcome = 'checking' | 'done' | 'gone' | 'missing' | 'failed';

/** The way on from the page: the dashboard for a signed-in guardian, else sign in. */
function NextStep({ signedIn }: { signedIn: boolean }) {
  const { t } = useTranslation();
  return (
    <p>
      <Link className="button button--primary" to={signedIn ? '/family/children' : '/family'}>
        {signedIn ? t('family.verify.goToChildren') : t('family.verify.signIn')}
      </Link>
    </p>
  );
}

/**
 * VerifyEmailPage is where the emailed link `/family/verify-email#token=…` lands: it sends the
 * token once and says how it went. A spent or expired link offers a new one.
 */
export function VerifyEmailPage() {
  const { token, arrival } = useLinkToken();
  return <VerifyEmail key={arrival} token={token} />;
}

function VerifyEmail({ token }: { token: string | undefined }) {
  const { t } = useTranslation();
  const verify = useVerifyEmail();
  const session = useFamilySession();
  const errorMessage = useFamilyErrorMessage();
  const sent = useRef(false);
  const { mutate } = verify;

  useEffect(() => {
    // Once: a token works only once, and React may run an effect twice in development.
    if (!token || sent.current) return;
    sent.current = true;
    mutate(token);
  }, [token, mutate]);

  const guardian = session.data?.guardian;
  let outcome: Outcome;
  if (!token) outcome = guardian?.emailVerified ? 'done' : 'missing';
  else if (verify.isSuccess) outcome = 'done';
  else if (isRefusal(verify.error, 410)) outcome = 'gone';
  // A token the server cannot read is a link cut short.
  else if (isRefusal(verify.error, 400)) outcome = 'missing';
  else if (verify.isError) outcome = 'failed';
  else outcome = 'checking';
  useFocusTitle(outcome === 'checking' ? undefined : outcome);

  if (outcome === 'checking') {
    return (
      <FamilyPage>
        <PageTitle>{t('family.verify.checkingTitle')}</PageTitle>
        <Loading />
      </FamilyPage>
    );
  }
  if (outcome === 'done') {
    return (
      <FamilyPage>
        <PageTitle>{t('family.verify.doneTitle')}</PageTitle>
        <p className="notice notice--ok">{t('family.verify.doneBody')}</p>
        {/* Linking a child is why the email was confirmed: straight there. */}
        {guardian ? (
          <p>
            <Link className="button button--primary" to="/family/link">
              {t('family.verify.linkChild')}
            </Link>
          </p>
        ) : (
          <NextStep signedIn={false} />
        )}
      </FamilyPage>
    );
  }
  if (outcome === 'failed') {
    return (
      <FamilyPage>
        <PageTitle>{t('family.verify.checkingTitle')}</PageTitle>
        <LoadError
          message={errorMessage(verify.error)}
          retryLabel={t('family.verify.retry')}
          onRetry={() => token && mutate(token)}
        />
      </FamilyPage>
    );
  }
  return (
    <FamilyPage>
      <PageTitle>{outcome === 'gone' ? t('family.linkProblem.goneTitle') : t('family.linkProblem.missingTitle')}</PageTitle>
      <p>{outcome === 'gone' ? t('family.verify.goneBody') : t('family.verify.missingBody')}</p>
      {guardian && !guardian.emailVerified ? (
        <>
          <p>{t('family.verify.goneSignedIn')}</p>
          <VerifyResend email={guardian.email} />
        </>
      ) : (
        !guardian && <p>{t('family.verify.goneSignedOut')}</p>
      )}
      <NextStep signedIn={Boolean(guardian)} />
    </FamilyPage>
  );
}
