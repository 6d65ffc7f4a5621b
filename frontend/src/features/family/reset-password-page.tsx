import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { NewPasswordFields, usePasswordVerdict } from '../../components/new-password-fields.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { useRefusalFocus } from '../../lib/refusal-focus.ts';
import { detailsOf, isRefusal, useFamilyErrorMessage } from './family-errors.ts';
import { FamilyPage, useFocusTitle } from './family-frame.tsx';
import { useResetFamilyPassword, useResetLinkCheck } from './family-queries.ts';
import { Loading } from '../../components/loading.tsx';
import { LoadError } from '../../components/load-error.tsx';
import { useLinkToken } from '../../lib/link-token.ts';

// Who the link is for is not known here: the checklist checks the rules without a username or names.
const noContext = {};

function LinkProblem({ kind }: { kind: 'gone' | 'missing' }) {
  const { t } = useTranslation();
  useFocusTitle(kind);
  return (
    <>
      <PageTitle>{kind === 'gone' ? t('family.linkProblem.goneTitle') : t('family.linkProblem.missingTitle')}</PageTitle>
      <p>{kind === 'gone' ? t('family.resetPassword.goneBody') : t('family.resetPassword.missingBody')}</p>
      <p>
        <Link className="button button--primary" to="/family/forgot">
          {t('family.resetPassword.newLink')}
        </Link>
      </p>
    </>
  );
}

function Done() {
  const { t } = useTranslation();
  useFocusTitle(true);
  return (
    <>
      <PageTitle>{t('family.resetPassword.doneTitle')}</PageTitle>
      <div className="notice notice--ok">
        <p>{t('family.resetPassword.doneEmail')}</p>
        <p>{t('family.resetPassword.doneSignedOut')}</p>
      </div>
      <p>
        <Link className="button button--primary" to="/family">
          {t('family.resetPassword.signIn')}
        </Link>
      </p>
    </>
  );
}

/** ResetPasswordPage is where the emailed link `/family/reset-password#token=…` lands. */
export function ResetPasswordPage() {
  const { token, arrival } = useLinkToken();
  return <ResetPassword key={arrival} token={token} />;
}

function ResetPassword({ token }: { token: string | undefined }) {
  const { t } = useTranslation();
  const reset = useResetFamilyPassword();
  const check = useResetLinkCheck(token);
  const errorMessage = useFamilyErrorMessage();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const { formRef, alertRef, refused } = useRefusalFocus();
  const verdict = usePasswordVerdict(password, confirm, noContext);

  if (!token) {
    return (
      <FamilyPage>
        <LinkProblem kind="missing" />
      </FamilyPage>
    );
  }
  // A token the server cannot read is a link cut short.
  if (isRefusal(check.error, 400)) {
    return (
      <FamilyPage>
        <LinkProblem kind="missing" />
      </FamilyPage>
    );
  }
  if (isRefusal(reset.error, 410) || isRefusal(check.error, 410)) {
    return (
      <FamilyPage>
        <LinkProblem kind="gone" />
      </FamilyPage>
    );
  }
  if (reset.isSuccess) {
    return (
      <FamilyPage>
        <Done />
      </FamilyPage>
    );
  }

  if (check.isPending) {
    return (
      <FamilyPage>
        <PageTitle>{t('family.resetPassword.title')}</PageTitle>
        <Loading />
      </FamilyPage>
    );
  }
  if (check.isError) {
    return (
      <FamilyPage>
        <PageTitle>{t('family.resetPassword.title')}</PageTitle>
        <LoadError
          what={t('family.resetPassword.checkError')}
          message={errorMessage(check.error)}
          retryLabel={t('family.resetPassword.retry')}
          onRetry={() => void check.refetch()}
        />
      </FamilyPage>
    );
  }

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (reset.isPending) return;
    setSubmitted(true);
    if (!verdict.ok) {
      reset.reset();
      refused();
      return;
    }
    reset.mutate({ token, newPassword: password, confirmPassword: confirm }, { onError: refused });
  };

  const details = detailsOf(reset.error);
  const formErrorId = 'family-reset-error';
  const formError = reset.isError && details.length === 0 ? errorMessage(reset.error) : undefined;
  return (
    <FamilyPage>
      <PageTitle>{t('family.resetPassword.title')}</PageTitle>
      <p>{t('family.resetPassword.intro')}</p>
      {formError && (
        <div id={formErrorId} ref={alertRef} role="alert" tabIndex={-1} className="alert">
          {formError}
        </div>
      )}
      <form ref={formRef} className="form" noValidate onSubmit={onSubmit}>
        <NewPasswordFields
          idPrefix="family-reset"
          password={password}
          onPasswordChange={setPassword}
          confirm={confirm}
          onConfirmChange={setConfirm}
          context={noContext}
          serverErrors={details}
          submitted={submitted}
          labels={{ password: t('family.password.newPassword'), confirm: t('family.password.confirm') }}
          audience={{ kind: 'guardian' }}
        />
        <button type="submit" className="button button--primary" aria-disabled={reset.isPending || undefined}>
          {reset.isPending ? t('family.resetPassword.submitting') : t('family.resetPassword.submit')}
        </button>
      </form>
    </FamilyPage>
  );
}
