import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { NewPasswordFields, usePasswordVerdict } from '../../components/new-password-fields.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { PasswordField } from '../../components/password-field.tsx';
import { ApiError, type RuleViolation } from '../../lib/api-error.ts';
import { useErrorMessage } from '../../lib/error-message.ts';
import { useSession, useSignOut } from '../../lib/session.ts';
import { useChangePassword, useMyAccount } from './account-queries.ts';
import { currentPasswordRule, hasDetails } from './rule-errors.ts';
import { useRememberSaved } from './saved-notice.ts';
import './student.css';

const newPasswordIdPrefix = 'new-password';
const noDetails: readonly RuleViolation[] = [];

function isAboutCurrent(detail: RuleViolation): boolean {
  return detail.rule === currentPasswordRule || detail.field === 'currentPassword';
}

/** Whether the session was made by a sign-in with the password moments ago (openapi.yaml). */
function isFreshSignIn(until: string | undefined): boolean {
  return until !== undefined && Date.parse(until) > Date.now();
}

/**
 * ChangePasswordPage changes the signed-in student's password. It is also the
 * screen a student flagged "must change password" is held on (RequireStudent
 * sends them here) until the school's starting password is replaced.
 */
export function ChangePasswordPage() {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const navigate = useNavigate();
  const rememberSaved = useRememberSaved();
  const session = useSession();
  const signOut = useSignOut();
  const change = useChangePassword();
  const mustChange = session.data?.account.mustChangePassword ?? false;
  // Name who gave the starting password: a child whose parent reset it was not given it by the school.
  const byGuardian = session.data?.account.passwordSetBy === 'guardian';
  // Until the password is changed the server answers nothing else, the account included.
  const account = useMyAccount({ enabled: !mustChange });

  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const [currentMissing, setCurrentMissing] = useState(false);
  // A student held here right after signing in typed the password seconds ago: the server
  // takes that sign-in as proof. Once that moment is over the server asks for it, and so do we.
  const [freshOver, setFreshOver] = useState(false);
  const askCurrent = !(mustChange && isFreshSignIn(session.data?.freshSignInUntil)) || freshOver;
  const currentRef = useRef<HTMLInputElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);

  const context = {
    username: session.data?.account.username,
    names: account.data ? [account.data.firstName, account.data.lastName] : [session.data?.account.firstName ?? ''],
  };
  const verdict = usePasswordVerdict(password, confirm, context);

  const details = change.error instanceof ApiError ? change.error.details : noDetails;
  // Until the student edits it, the current password is the one the server refused.
  const currentWrong = details.some(isAboutCurrent) && current === change.variables?.currentPassword;
  // The same list while the error stays, so the fields can tell a new refusal from a re-render.
  const passwordErrors = useMemo(() => details.filter((d) => !isAboutCurrent(d)), [details]);

  let currentError: string | undefined;
  if (currentMissing) currentError = t('changePassword.errors.currentRequired');
  else if (currentWrong) currentError = t('errors.codes.current_password_wrong');
  const formError = change.isError && !hasDetails(change.error) ? errorMessage(change.error) : undefined;

  const focusNewPassword = () => document.getElementById(`${newPasswordIdPrefix}-new`)?.focus();

  // The field appears when the server asked for it: the student goes straight to it.
  useEffect(() => {
    if (freshOver) currentRef.current?.focus();
  }, [freshOver]);

  useEffect(() => {
    if (!change.error) return;
    if (currentWrong) currentRef.current?.focus();
    else if (passwordErrors.length > 0) focusNewPassword();
    else alertRef.current?.focus();
    // Only a new answer from the server moves focus, not typing after it.
  }, [change.error]);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (change.isPending) return;
    setSubmitted(true);
    setCurrentMissing(askCurrent && current === '');
    if (askCurrent && current === '') {
      change.reset();
      currentRef.current?.focus();
      return;
    }
    if (!verdict.ok) {
      change.reset();
      focusNewPassword();
      return;
    }
    change.mutate(
      { ...(askCurrent ? { currentPassword: current } : {}), newPassword: password, confirmPassword: confirm },
      {
        onSuccess: () => {
          rememberSaved('password');
          void navigate('/account', { replace: mustChange });
        },
        onError: (error) => {
          if (!askCurrent && error instanceof ApiError && error.details.some(isAboutCurrent)) {
            setFreshOver(true);
            change.reset();
            setCurrentMissing(true);
          }
        },
      },
    );
  };

  return (
    <div className="narrow">
      <PageTitle>{t('changePassword.title')}</PageTitle>
      {mustChange ? (
        <p className="notice">{t(byGuardian ? 'changePassword.mustChangeGuardian' : 'changePassword.mustChange')}</p>
      ) : (
        <p>{t('changePassword.intro')}</p>
      )}
      {formError && (
        <div id="change-password-error" ref={alertRef} role="alert" tabIndex={-1} className="alert">
          {formError}
        </div>
      )}
      <form className="form" noValidate onSubmit={onSubmit}>
        {askCurrent && (
          <PasswordField
            ref={currentRef}
            id="current-password"
            name="currentPassword"
            label={t('changePassword.currentPassword')}
            hint={
              mustChange
                ? t(byGuardian ? 'changePassword.startingPasswordHintGuardian' : 'changePassword.startingPasswordHint')
                : t('changePassword.currentPasswordHint')
            }
            error={currentError}
            autoComplete="current-password"
            maxLength={1024}
            value={current}
            onChange={(e) => setCurrent(e.target.value)}
          />
        )}
        <NewPasswordFields
          idPrefix={newPasswordIdPrefix}
          password={password}
          onPasswordChange={setPassword}
          confirm={confirm}
          onConfirmChange={setConfirm}
          context={context}
          serverErrors={passwordErrors}
          submitted={submitted}
          labels={{ password: t('changePassword.newPassword'), confirm: t('changePassword.confirmPassword') }}
        />
        <button type="submit" className="button button--primary" aria-disabled={change.isPending || undefined}>
          {change.isPending ? t('changePassword.submitting') : t('changePassword.submit')}
        </button>
      </form>
      {mustChange ? (
        <>
          {signOut.isError && (
            <p role="alert" className="alert">
              {errorMessage(signOut.error)}
            </p>
          )}
          <button
            type="button"
            className="button"
            aria-disabled={signOut.isPending || undefined}
            onClick={() => signOut.isPending || signOut.mutate()}
          >
            {signOut.isPending ? t('account.signingOut') : t('account.signOut')}
          </button>
        </>
      ) : (
        <p>
          <Link to="/account">{t('changePassword.back')}</Link>
        </p>
      )}
    </div>
  );
}
