import { useTranslation } from 'react-i18next';
import { PageTitle } from '../../components/page-title.tsx';
import { useSession } from '../../lib/session.ts';

export function ChangePasswordPage() {
  const { t } = useTranslation();
  const session = useSession();
  return (
    <div className="narrow">
      <PageTitle>{t('changePassword.title')}</PageTitle>
      {session.data?.account.mustChangePassword && <p className="notice">{t('changePassword.mustChange')}</p>}
    </div>
  );
}
