import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { NewPasswordFields, usePasswordVerdict } from '../../components/new-password-fields.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { PrivacyNote } from '../../components/privacy-note.tsx';
import { TextField } from '../../components/text-field.tsx';
import { detailsOf, type RuleViolation } from '../../lib/api-error.ts';
import { currentLanguage, languages, type Language } from '../../lib/i18n.ts';
import { useRefusalFocus } from '../../lib/refusal-focus.ts';
import { isFamilyRule, looksLikeEmail, useFamilyErrorMessage, useRuleText } from './family-errors.ts';
import { FamilyPage } from './family-frame.tsx';
import { useFocusTitle } from '../../lib/focus-title.ts';
import { useRegister } from './family-queries.ts';
import { useFamilySignIn } from './family-session.ts';
import '../../components/choice-group.css';

const maxNameLength = 100;
const passwordIdPrefix = 'register-password';

type NameError = 'name_required' | 'name_too_long';

/** The guardian's "username" for the password rules: the email before the @. */
function emailUser(email: string): string {
  return email.trim().split('@')[0] ?? '';
}

/** The request's password fields, as NewPasswordFields names them. */
function asNewPasswordField(violation: RuleViolation): RuleViolation {
  return violation.field === 'password' ? { ...violation, field: 'newPassword' } : violation;
}

const ownFields = new Set(['name', 'email', 'password', 'confirmPassword']);

function CheckEmail({ email }: { email: string }) {
  const { t } = useTranslation();
  useFocusTitle(email);
  return (
    <>
      <PageTitle>{t('family.checkEmail.title')}</PageTitle>
      <div className="notice notice--ok">
        <p className="family-email">{t('family.checkEmail.sent', { email })}</p>
        <p>{t('family.checkEmail.link')}</p>
      </div>
      <p>{t('family.checkEmail.meanwhile')}</p>
      <p>{t('family.checkEmail.already')}</p>
      <p>{t('family.checkEmail.spam')}</p>
      <p>
        <Link className="button button--primary" to="/family">
          {t('family.checkEmail.signIn')}
        </Link>
      </p>
    </>
  );
}

/**
 * RegisterPage creates a family account; the answer is the same whether the email is new or
 * not. Then it signs in with the same email and password, as the sign-in page would: that
 * works when the account was just made, and the new parent lands on the dashboard. For an
 * address that had an account already it fails like any wrong password, and the page says to
 * check the email, as before (openapi.yaml, registerGuardian).
 */
export function RegisterPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const register = useRegister();
  const signIn = useFamilySignIn();
  const errorMessage = useFamilyErrorMessage();
  const ruleText = useRuleText();

  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  // The page's language until the guardian picks one.
  const [chosenLocale, setChosenLocale] = useState<Language>();
  const locale = chosenLocale ?? currentLanguage(i18n);
  const [submitted, setSubmitted] = useState(false);
  const [registered, setRegistered] = useState<string>();
  const pending = register.isPending || signIn.isPending;
  // Bumped on every refused submit, so focus moves even when the refusal is the same as before.
  const { formRef, alertRef, refused } = useRefusalFocus();

  const context = useMemo(() => ({ username: emailUser(email), names: [name] }), [email, name]);
  const verdict = usePasswordVerdict(password, confirm, context);

  const trimmedName = name.trim();
  const nameError: NameError | undefined =
    trimmedName === '' ? 'name_required' : [...trimmedName].length > maxNameLength ? 'name_too_long' : undefined;
  const emailError = email.trim() === '' ? 'required' : looksLikeEmail(email.trim()) ? undefined : 'format';

  // The server's refusals, each until its field is edited.
  const details = detailsOf(register.error);
  const sent = register.variables;
  const serverNameErrors = details.filter((d) => d.field === 'name' && sent?.name === trimmedName);
  const serverEmailErrors = details.filter((d) => d.field === 'email' && sent?.email === email.trim());
  const passwordErrors = useMemo(
    () => details.filter((d) => d.field !== 'name' && d.field !== 'email').map(asNewPasswordField),
    [details],
  );
  // Refusals of a field the form does not show, or of none in particular, go in the alert.
  const otherDetails = details.filter((d) => (d.field ? !ownFields.has(d.field) : isFamilyRule(d.rule)));
  const formError =
    register.isError && (details.length === 0 || otherDetails.length > 0)
      ? [errorMessage(register.error), ...otherDetails.map(ruleText)].join(' ')
      : undefined;

  if (registered) {
    return (
      <FamilyPage>
        <CheckEmail email={registered} />
      </FamilyPage>
    );
  }

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (pending) return;
    setSubmitted(true);
    if (nameError || emailError || !verdict.ok) {
      register.reset();
      refused();
      return;
    }
    const body = { name: trimmedName, email: email.trim(), password, confirmPassword: confirm, locale };
    register.mutate(body, {
      onSuccess: () =>
        signIn.mutate(
          { email: body.email, password },
          {
            onSuccess: () => void navigate('/family/children'),
            onError: () => setRegistered(body.email),
          },
        ),
      onError: refused,
    });
  };

  let nameMessage: string | undefined;
  if (serverNameErrors.length > 0) nameMessage = serverNameErrors.map(ruleText).join(' ');
  else if (submitted && nameError) nameMessage = t(`family.rules.${nameError}`);
  let emailMessage: string | undefined;
  if (serverEmailErrors.length > 0) emailMessage = serverEmailErrors.map(ruleText).join(' ');
  else if (submitted && emailError === 'required') emailMessage = t('family.signIn.errors.emailRequired');
  else if (submitted && emailError === 'format') emailMessage = t('family.rules.email_format');

  const formErrorId = 'register-error';
  return (
    <FamilyPage>
      <PageTitle>{t('family.register.title')}</PageTitle>
      <p>{t('family.register.intro')}</p>
      {formError && (
        <div id={formErrorId} ref={alertRef} role="alert" tabIndex={-1} className="alert">
          {formError}
        </div>
      )}
      <form ref={formRef} className="form" noValidate onSubmit={onSubmit}>
        <TextField
          id="register-name"
          name="name"
          label={t('family.register.name')}
          hint={t('family.register.nameHint')}
          error={nameMessage}
          type="text"
          autoComplete="name"
          maxLength={200}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <TextField
          id="register-email"
          name="email"
          label={t('family.register.email')}
          hint={t('family.register.emailHint')}
          error={emailMessage}
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
        <NewPasswordFields
          idPrefix={passwordIdPrefix}
          password={password}
          onPasswordChange={setPassword}
          confirm={confirm}
          onConfirmChange={setConfirm}
          context={context}
          serverErrors={passwordErrors}
          submitted={submitted}
          labels={{ password: t('family.register.password'), confirm: t('family.register.confirm') }}
          audience={{ kind: 'guardian' }}
        />
        <fieldset className="choice-group">
          <legend>{t('family.register.language')}</legend>
          {languages.map((lng) => (
            <div className="choice-group__option" key={lng}>
              <input
                type="radio"
                id={`register-locale-${lng}`}
                name="locale"
                value={lng}
                checked={locale === lng}
                onChange={() => setChosenLocale(lng)}
              />
              <label htmlFor={`register-locale-${lng}`} lang={lng}>
                {t(`language.${lng}`)}
              </label>
            </div>
          ))}
        </fieldset>
        <PrivacyNote />
        <button type="submit" className="button button--primary" aria-disabled={pending || undefined}>
          {pending ? t('family.register.submitting') : t('family.register.submit')}
        </button>
      </form>
      <p className="form-footer">
        {t('family.register.haveAccount')} <Link to="/family">{t('family.register.signIn')}</Link>
      </p>
    </FamilyPage>
  );
}
