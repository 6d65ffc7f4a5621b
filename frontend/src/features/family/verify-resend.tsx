import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useFamilyErrorMessage } from './family-errors.ts';
import { useResendVerification } from './family-queries.ts';

/** VerifyResend sends the signed-in guardian a new link to confirm the email, at most one a minute. */
export function VerifyResend({ email }: { email: string }) {
  const { t } = useTranslation();
  const resend = useResendVerification();
  const errorMessage = useFamilyErrorMessage();
  const statusId = useId();
  return (
    <div className="verify-resend">
      <button
        type="button"
        className="button"
        aria-disabled={resend.isPending || undefined}
        aria-describedby={statusId}
        onClick={() => resend.isPending || resend.mutate()}
      >
        {resend.isPending ? t('family.verifyBanner.sending') : t('family.verifyBanner.resend')}
      </button>
      {/* On the page before anything is sent, so screen readers announce the outcome. */}
      <div id={statusId} role="status">
        {resend.isSuccess && <p className="family-email">{t('family.verifyBanner.sent', { email })}</p>}
      </div>
      {resend.isError && (
        <p role="alert" className="alert">
          {errorMessage(resend.error)}
        </p>
      )}
    </div>
  );
}

/** VerifyBanner asks a guardian whose email is not confirmed yet to confirm it, before linking. */
export function VerifyBanner({ email }: { email: string }) {
  const { t } = useTranslation();
  const titleId = useId();
  return (
    <section className="family-banner" aria-labelledby={titleId}>
      <h2 id={titleId}>{t('family.verifyBanner.title')}</h2>
      <p className="family-email">{t('family.verifyBanner.body', { email })}</p>
      <VerifyResend email={email} />
    </section>
  );
}
