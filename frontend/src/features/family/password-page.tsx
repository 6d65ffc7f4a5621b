import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ChangePasswordForm } from '../../components/change-password-form.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { useFamilyErrorMessage } from './family-errors.ts';
import { FamilyPage, RequireGuardian, useGuardianSession } from './family-frame.tsx';
import { useRememberNotice } from './family-notice.ts';
import { useChangeFamilyPassword } from './family-queries.ts';
import { EmailLanguageForm } from './email-language-form.tsx';

function ChangePassword() {
  const { t } = useTranslation();
  const { guardian } = useGuardianSession();
  const navigate = useNavigate();
  const rememberNotice = useRememberNotice();
  const change = useChangeFamilyPassword();
  const errorMessage = useFamilyErrorMessage();
  const context = useMemo(
    () => ({ username: guardian.email.split('@')[0], names: [guardian.name] }),
    [guardian.email, guardian.name],
  );
  return (
    <section aria-labelledby="family-password-title">
      <h2 id="family-password-title">{t('family.password.title')}</h2>
      <p>{t('family.password.intro')}</p>
      <ChangePasswordForm
        username={guardian.email}
        context={context}
        change={change}
        words={{
          current: t('family.password.current'),
          currentHint: t('family.password.currentHint'),
          currentRequired: t('family.password.errors.currentRequired'),
          currentWrong: t('family.codes.current_password_wrong'),
          newPassword: t('family.password.newPassword'),
          confirm: t('family.password.confirm'),
          submit: t('family.password.submit'),
          submitting: t('family.password.submitting'),
        }}
        idPrefix="family-password"
        errorMessage={errorMessage}
        onChanged={() => {
          rememberNotice({ kind: 'password' });
          void navigate('/family/children');
        }}
      />
    </section>
  );
}

function AccountPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageTitle>{t('family.account.title')}</PageTitle>
      <EmailLanguageForm />
      <ChangePassword />
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
