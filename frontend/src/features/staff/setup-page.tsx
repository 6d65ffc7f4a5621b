import { useTranslation } from 'react-i18next';
import { PageTitle } from '../../components/page-title.tsx';
import { DistrictAdminOnly } from './regen-page.tsx';
import { SetupDirectory } from './setup-directory.tsx';
import { SetupRoster } from './setup-roster.tsx';
import { SetupSso } from './setup-sso.tsx';
import { RequireStaff, StaffPage } from './staff-frame.tsx';
import './setup-strings.ts';
import './setup.css';

function Setup() {
  const { t } = useTranslation();
  return (
    <>
      <PageTitle>{t('staffSetup.title')}</PageTitle>
      <p>{t('staffSetup.intro')}</p>
      <SetupRoster />
      <SetupDirectory />
      <SetupSso />
    </>
  );
}

/** SetupPage is the district admin's "District setup": the roster upload, the directory write-back and the staff single sign-on. */
export function SetupPage() {
  return (
    <StaffPage wide>
      <RequireStaff>
        <DistrictAdminOnly>
          <Setup />
        </DistrictAdminOnly>
      </RequireStaff>
    </StaffPage>
  );
}
