import { useTranslation } from 'react-i18next';
import { LinkResetForm } from '../../components/link-reset-form.tsx';
import { useLinkToken } from '../../lib/link-token.ts';
import { useFamilyErrorMessage } from './family-errors.ts';
import { FamilyPage } from './family-frame.tsx';
import { useResetFamilyPassword, useResetLinkCheck } from './family-queries.ts';

function ResetPassword({ token }: { token: string | undefined }) {
  const { t } = useTranslation();
  const reset = useResetFamilyPassword();
  const check = useResetLinkCheck(token);
  const errorMessage = useFamilyErrorMessage();
  return (
    <LinkResetForm
      token={token}
      idPrefix="family-reset"
      errorId="family-reset-error"
      words={{
        title: t('family.resetPassword.title'),
        intro: t('family.resetPassword.intro'),
        newPassword: t('family.password.newPassword'),
        confirm: t('family.password.confirm'),
        submit: t('family.resetPassword.submit'),
        submitting: t('family.resetPassword.submitting'),
        goneTitle: t('family.linkProblem.goneTitle'),
        goneBody: t('family.resetPassword.goneBody'),
        missingTitle: t('family.linkProblem.missingTitle'),
        missingBody: t('family.resetPassword.missingBody'),
        newLink: t('family.resetPassword.newLink'),
        doneTitle: t('family.resetPassword.doneTitle'),
        signIn: t('family.resetPassword.signIn'),
        checkError: t('family.resetPassword.checkError'),
        retry: t('family.resetPassword.retry'),
      }}
      done={
        <div className="notice notice--ok">
          <p>{t('family.resetPassword.doneEmail')}</p>
          <p>{t('family.resetPassword.doneSignedOut')}</p>
        </div>
      }
      forgotPath="/family/forgot"
      signInPath="/family"
      reset={reset}
      check={check}
      errorMessage={errorMessage}
    />
  );
}

/** ResetPasswordPage is where the emailed link `/family/reset-password#token=…` lands. */
export function ResetPasswordPage() {
  const { token, arrival } = useLinkToken();
  return (
    <FamilyPage>
      <ResetPassword key={arrival} token={token} />
    </FamilyPage>
  );
}
