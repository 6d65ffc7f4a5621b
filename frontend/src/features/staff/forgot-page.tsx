import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageTitle } from '../../components/page-title.tsx';
import { TextField } from '../../components/text-field.tsx';
import { useStaffErrorMessage } from './staff-errors.ts';
import { StaffPage, useFocusTitle } from './staff-frame.tsx';
import { useStaffForgot } from './staff-queries.ts';

function BackToSignIn() {
  const { t } = useTranslation();
  return (
    <p className="form-footer">
      <Link to="/staff">{t('staff.forgot.backToSignIn')}</Link>
    </p>
  );
}

function Sent({ email }: { email: string }) {
  const { t } = useTranslation();
  useFocusTitle(email);
  return (
    <>
      <PageTitle>{t('staff.forgot.sentTitle')}</PageTitle>
      <p className="notice notice--ok staff-wrap">{t('staff.forgot.sent', { email })}</p>
      <BackToSignIn />
    </>
  );
}

/**
 * StaffForgotPage emails a link to choose a new password. The answer is the same whether the
 * address is a staff account or not, so the page says so in the same words either way.
 */
export function StaffForgotPage() {
  const { t } = useTranslation();
  const forgot = useStaffForgot();
  const errorMessage = useStaffErrorMessage();
  const [email, setEmail] = useState('');
  const [missing, setMissing] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (forgot.isError) alertRef.current?.focus();
  }, [forgot.isError]);

  if (forgot.isSuccess) {
    return (
      <StaffPage>
        <Sent email={forgot.variables} />
      </StaffPage>
    );
  }

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (forgot.isPending) return;
    const typed = email.trim();
    setMissing(typed === '');
    if (typed === '') {
      forgot.reset();
      inputRef.current?.focus();
      return;
    }
    forgot.mutate(typed);
  };

  const formErrorId = 'staff-forgot-error';
  const formError = forgot.isError ? errorMessage(forgot.error) : undefined;
  return (
    <StaffPage>
      <PageTitle>{t('staff.forgot.title')}</PageTitle>
      <p>{t('staff.forgot.intro')}</p>
      {formError && (
        <div id={formErrorId} ref={alertRef} role="alert" tabIndex={-1} className="alert">
          {formError}
        </div>
      )}
      <form className="form" noValidate onSubmit={onSubmit}>
        <TextField
          ref={inputRef}
          id="staff-forgot-email"
          name="email"
          label={t('staff.forgot.email')}
          error={missing ? t('staff.forgot.emailRequired') : undefined}
          describedBy={formError ? [formErrorId] : []}
          type="email"
          inputMode="email"
          autoComplete="username"
          autoCapitalize="none"
          autoCorrect="off"
          spellCheck={false}
          maxLength={254}
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <button type="submit" className="button button--primary" aria-disabled={forgot.isPending || undefined}>
          {forgot.isPending ? t('staff.forgot.submitting') : t('staff.forgot.submit')}
        </button>
      </form>
      <BackToSignIn />
    </StaffPage>
  );
}
