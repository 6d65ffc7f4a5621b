import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageTitle } from '../../components/page-title.tsx';
import { TextField } from '../../components/text-field.tsx';
import { looksLikeEmail, useFamilyErrorMessage } from './family-errors.ts';
import { FamilyPage, useFocusTitle } from './family-frame.tsx';
import { useForgotFamilyPassword } from './family-queries.ts';

function BackToSignIn() {
  const { t } = useTranslation();
  return (
    <p className="form-footer">
      <Link to="/family">{t('family.forgot.backToSignIn')}</Link>
    </p>
  );
}

function Sent({ email, onAgain }: { email: string; onAgain(): void }) {
  const { t } = useTranslation();
  useFocusTitle(email);
  return (
    <>
      <PageTitle>{t('family.forgot.sentTitle')}</PageTitle>
      <div className="notice notice--ok">
        <p className="family-email">{t('family.forgot.sent', { email })}</p>
        <p>{t('family.forgot.valid')}</p>
      </div>
      <p>{t('family.forgot.spam')}</p>
      <p>
        <button type="button" className="button" onClick={onAgain}>
          {t('family.forgot.again')}
        </button>
      </p>
      <BackToSignIn />
    </>
  );
}

/**
 * FamilyForgotPage emails a link to choose a new password. The answer is the same whether the
 * address has an account or not, so the page says so in the same words either way.
 */
export function FamilyForgotPage() {
  const { t } = useTranslation();
  const forgot = useForgotFamilyPassword();
  const errorMessage = useFamilyErrorMessage();
  const [email, setEmail] = useState('');
  const [fieldError, setFieldError] = useState<'required' | 'format'>();
  const [sentTo, setSentTo] = useState<string>();
  const inputRef = useRef<HTMLInputElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);

  // Bumped by "Send a new link": the form comes back with the address, ready to send again.
  const [again, setAgain] = useState(0);

  useEffect(() => {
    if (forgot.isError) alertRef.current?.focus();
  }, [forgot.isError]);

  useEffect(() => {
    if (again > 0) inputRef.current?.focus();
  }, [again]);

  if (sentTo) {
    return (
      <FamilyPage>
        <Sent
          email={sentTo}
          onAgain={() => {
            forgot.reset();
            setSentTo(undefined);
            setAgain((n) => n + 1);
          }}
        />
      </FamilyPage>
    );
  }

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (forgot.isPending) return;
    const typed = email.trim();
    const error = typed === '' ? 'required' : looksLikeEmail(typed) ? undefined : 'format';
    setFieldError(error);
    if (error) {
      forgot.reset();
      inputRef.current?.focus();
      return;
    }
    forgot.mutate(typed, { onSuccess: () => setSentTo(typed) });
  };

  const formErrorId = 'family-forgot-error';
  const formError = forgot.isError ? errorMessage(forgot.error) : undefined;
  return (
    <FamilyPage>
      <PageTitle>{t('family.forgot.title')}</PageTitle>
      <p>{t('family.forgot.intro')}</p>
      {formError && (
        <div id={formErrorId} ref={alertRef} role="alert" tabIndex={-1} className="alert">
          {formError}
        </div>
      )}
      <form className="form" noValidate onSubmit={onSubmit}>
        <TextField
          ref={inputRef}
          id="family-forgot-email"
          name="email"
          label={t('family.forgot.email')}
          error={
            fieldError === 'required'
              ? t('family.signIn.errors.emailRequired')
              : fieldError === 'format'
                ? t('family.rules.email_format')
                : undefined
          }
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
          {forgot.isPending ? t('family.forgot.submitting') : t('family.forgot.submit')}
        </button>
      </form>
      <BackToSignIn />
    </FamilyPage>
  );
}
