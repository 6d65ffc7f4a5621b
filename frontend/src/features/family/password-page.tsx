import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { NewPasswordFields, usePasswordVerdict } from '../../components/new-password-fields.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { PasswordField } from '../../components/password-field.tsx';
import { detailsOf, isRefusal, type RuleViolation } from '../../lib/api-error.ts';
import { useFamilyErrorMessage } from './family-errors.ts';
import { FamilyPage, RequireGuardian, useGuardianSession } from './family-frame.tsx';
import { useRememberNotice } from './family-notice.ts';
import { useChangeFamilyPassword } from './family-queries.ts';
import { EmailLanguageForm } from './email-language-form.tsx';

const newPasswordIdPrefix = 'family-new-password';

function isAboutCurrent(detail: RuleViolation): boolean {
  return detail.rule === 'current_password' || detail.field === 'currentPassword';
}

function ChangePasswordForm() {
  const { t } = useTranslation();
  const { guardian } = useGuardianSession();
  const navigate = useNavigate();
  const rememberNotice = useRememberNotice();
  const change = useChangeFamilyPassword();
  const errorMessage = useFamilyErrorMessage();

  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const [currentMissing, setCurrentMissing] = useState(false);
  const [refusals, setRefusals] = useState(0);
  const currentRef = useRef<HTMLInputElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);

  const context = useMemo(
    () => ({ username: guardian.email.split('@')[0], names: [guardian.name] }),
    [guardian.email, guardian.name],
  );
  const verdict = usePasswordVerdict(password, confirm, context);

  const details = detailsOf(change.error);
  const wrongCurrent =
    (details.some(isAboutCurrent) || isRefusal(change.error, 422, 'current_password_wrong')) &&
    current === change.variables?.currentPassword;
  const passwordErrors = useMemo(() => details.filter((d) => !isAboutCurrent(d)), [details]);

  let currentError: string | undefined;
  if (currentMissing) currentError = t('family.password.errors.currentRequired');
  else if (wrongCurrent) currentError = t('family.codes.current_password_wrong');
  const formError =
    change.isError && details.length === 0 && !isRefusal(change.error, 422, 'current_password_wrong')
      ? errorMessage(change.error)
      : undefined;

  useEffect(() => {
    if (refusals === 0) return;
    if (alertRef.current) alertRef.current.focus();
    else if (currentMissing || wrongCurrent) currentRef.current?.focus();
    else document.getElementById(`${newPasswordIdPrefix}-new`)?.focus();
    // Only a new refusal moves focus, not typing after it.
  }, [refusals]);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (change.isPending) return;
    setSubmitted(true);
    setCurrentMissing(current === '');
    if (current === '' || !verdict.ok) {
      change.reset();
      setRefusals((n) => n + 1);
      return;
    }
    change.mutate(
      { currentPassword: current, newPassword: password, confirmPassword: confirm },
      {
        onSuccess: () => {
          rememberNotice({ kind: 'password' });
          void navigate('/family/children');
        },
        onError: () => setRefusals((n) => n + 1),
      },
    );
  };

  return (
    <section aria-labelledby="family-password-title">
      <h2 id="family-password-title">{t('family.password.title')}</h2>
      <p>{t('family.password.intro')}</p>
      {formError && (
        <div id="family-password-error" ref={alertRef} role="alert" tabIndex={-1} className="alert">
          {formError}
        </div>
      )}
      <form className="form" noValidate onSubmit={onSubmit}>
        {/* A username field lets password managers update the right account. */}
        <input type="text" name="username" autoComplete="username" value={guardian.email} readOnly hidden />
        <PasswordField
          ref={currentRef}
          id="family-current-password"
          name="currentPassword"
          label={t('family.password.current')}
          hint={t('family.password.currentHint')}
          error={currentError}
          autoComplete="current-password"
          maxLength={1024}
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
        />
        <NewPasswordFields
          idPrefix={newPasswordIdPrefix}
          password={password}
          onPasswordChange={setPassword}
          confirm={confirm}
          onConfirmChange={setConfirm}
          context={context}
          serverErrors={passwordErrors}
          submitted={submitted}
          labels={{ password: t('family.password.newPassword'), confirm: t('family.password.confirm') }}
          audience={{ kind: 'guardian' }}
        />
        <button type="submit" className="button button--primary" aria-disabled={change.isPending || undefined}>
          {change.isPending ? t('family.password.submitting') : t('family.password.submit')}
        </button>
      </form>
    </section>
  );
}

function AccountPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageTitle>{t('family.account.title')}</PageTitle>
      <EmailLanguageForm />
      <ChangePasswordForm />
      <p>
        <Link to="/family/children">{t('family.password.back')}</Link>
      </p>
    </>
  );
}

/**
 * FamilyPasswordPage is the signed-in guardian's account: the language of our emails and their
 * own password.
 */
export function FamilyPasswordPage() {
  return (
    <FamilyPage>
      <RequireGuardian>
        <AccountPage />
      </RequireGuardian>
    </FamilyPage>
  );
}
