import { useTranslation } from 'react-i18next';
import { CopyButton } from '../../components/copy-button.tsx';
import { TermList, type TermRow } from '../../components/term-list.tsx';
import { useSsoSettings, useSsoTest, type SsoSettings } from './setup-queries.ts';
import { Loaded, NotConfigured, TestButton } from './setup-settings.tsx';
import './setup-strings.ts';

/** The deployment's settings that name the staff identity provider (README, staff single sign-on). */
export const ssoSettings = [
  'PORTAL_SSO_ISSUER',
  'PORTAL_SSO_CLIENT_ID',
  'PORTAL_SSO_CLIENT_SECRET',
  'PORTAL_SSO_EMAIL_DOMAIN',
  'PORTAL_SSO_LABEL',
  'PORTAL_SSO_REQUIRE_PORTAL_SECOND_FACTOR',
] as const;

function Configured({ settings }: { settings: SsoSettings }) {
  const { t } = useTranslation();
  const test = useSsoTest();
  const code = (value: string | undefined) => <code translate="no">{value ?? ''}</code>;
  return (
    <>
      <TermList
        className="summary staff-summary setup-terms"
        rows={[
          [t('staffSetup.sso.issuer'), code(settings.issuer)],
          [t('staffSetup.sso.clientId'), code(settings.clientId)],
          [t('staffSetup.sso.emailDomain'), code(settings.emailDomain)],
          [t('staffSetup.sso.label'), settings.label ? t('staffSetup.sso.buttonText', { label: settings.label }) : ''],
          [
            t('staffSetup.sso.secondFactor'),
            settings.requirePortalSecondFactor ? t('staffSetup.sso.secondFactorRequired') : t('staffSetup.sso.secondFactorNotRequired'),
          ],
          ...(settings.redirectUrl ? [[t('staffSetup.sso.redirectUrl'), code(settings.redirectUrl)] as TermRow] : []),
        ]}
      />
      {settings.redirectUrl && (
        <div className="setup-redirect">
          <p>{t('staffSetup.sso.redirectHint')}</p>
          <p className="staff-actions">
            <CopyButton
              text={settings.redirectUrl}
              label={t('staffSetup.sso.copy')}
              copied={t('staffSetup.sso.copied')}
              failed={t('staffSetup.sso.copyFailed')}
            />
          </p>
        </div>
      )}
      <TestButton
        test={test}
        label={t('staffSetup.sso.test')}
        busy={t('staffSetup.sso.testing')}
        notConfigured={t('staffSetup.sso.notConfiguredTest')}
      />
    </>
  );
}

/** SetupSso is the staff single sign-on: its settings, the redirect URL to register, and a test. */
export function SetupSso() {
  const { t } = useTranslation();
  const settings = useSsoSettings();
  return (
    <section className="setup-section" aria-labelledby="setup-sso-title">
      <h2 id="setup-sso-title">{t('staffSetup.sso.title')}</h2>
      <p>{t('staffSetup.sso.intro')}</p>
      <Loaded query={settings}>
        {(data) =>
          data.configured ? <Configured settings={data} /> : <NotConfigured what={t('staffSetup.sso.notConfigured')} settings={ssoSettings} />
        }
      </Loaded>
    </section>
  );
}
