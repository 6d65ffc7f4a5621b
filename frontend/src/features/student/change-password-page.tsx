import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ChangePasswordForm } from '../../components/change-password-form.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { useErrorMessage } from '../../lib/error-message.ts';
import { useSession, useSignOut } from '../../lib/session.ts';
import { useChangePassword, useMyAccount } from './account-queries.ts';
import { useRememberSaved } from './saved-notice.ts';
import './student.css';

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
  const username = session.data?.account.username ?? '';
  const context = {
    username,
    names: account.data ? [account.data.firstName, account.data.lastName] : [session.data?.account.firstName ?? ''],
  };

  return (
    <div className="narrow">
      <PageTitle>{t('changePassword.title')}</PageTitle>
      {mustChange ? (
        <p className="notice">{t(byGuardian ? 'changePassword.mustChangeGuardian' : 'changePassword.mustChange')}</p>
      ) : (
        <p>{t('changePassword.intro')}</p>
      )}
      <ChangePasswordForm
        username={username}
        context={context}
        change={change}
        words={{
          current: t('changePassword.currentPassword'),
          currentHint: mustChange
            ? t(byGuardian ? 'changePassword.startingPasswordHintGuardian' : 'changePassword.startingPasswordHint')
            : t('changePassword.currentPasswordHint'),
          currentRequired: t('changePassword.errors.currentRequired'),
          currentWrong: t('errors.codes.current_password_wrong'),
          newPassword: t('changePassword.newPassword'),
          confirm: t('changePassword.confirmPassword'),
          submit: t('changePassword.submit'),
          submitting: t('changePassword.submitting'),
        }}
        idPrefix="change-password"
        errorMessage={errorMessage}
        audience={{ kind: 'student' }}
        // A student held here right after signing in typed the password seconds ago: the
        // server takes that sign-in as proof, and asks for it once that moment is over.
        currentOptional={mustChange && isFreshSignIn(session.data?.freshSignInUntil)}
        onChanged={() => {
          rememberSaved('password');
          void navigate('/account', { replace: mustChange });
        }}
      />
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
