import { useTranslation } from 'react-i18next';
import { TermList } from '../../components/term-list.tsx';
import { useDirectoryStatus, useDirectoryTest, type DirectoryFailure, type DirectoryStatus } from './setup-queries.ts';
import { Loaded, NotConfigured, TestButton, useWhen } from './setup-settings.tsx';
import './setup-strings.ts';

/** The deployment's settings that name a directory (README, "Passwords out"). */
export const directorySettings = [
  'PORTAL_DIRECTORY_URL',
  'PORTAL_DIRECTORY_KIND',
  'PORTAL_DIRECTORY_BIND_DN',
  'PORTAL_DIRECTORY_BIND_PASSWORD',
  'PORTAL_DIRECTORY_BASE_DN',
  'PORTAL_DIRECTORY_USERNAME_ATTRIBUTE',
  'PORTAL_DIRECTORY_TLS',
  'PORTAL_DIRECTORY_CA_FILE',
] as const;

function Failures({ failures }: { failures: DirectoryFailure[] }) {
  const { t } = useTranslation();
  const when = useWhen();
  return (
    <>
      <h3 id="setup-directory-failures">{t('staffSetup.directory.failures.title')}</h3>
      {failures.length === 0 ? (
        <p>{t('staffSetup.directory.failures.none')}</p>
      ) : (
        <>
          <p>{t('staffSetup.directory.failures.intro')}</p>
          {/* On a phone the table scrolls sideways: its box takes the focus so a keyboard can scroll it. */}
          <div className="staff-table-wrap" role="region" tabIndex={0} aria-labelledby="setup-directory-failures-caption">
            <table className="staff-table">
              <caption id="setup-directory-failures-caption" className="visually-hidden">
                {t('staffSetup.directory.failures.caption')}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t('staffSetup.directory.failures.student')}</th>
                  <th scope="col">{t('staffSetup.directory.failures.username')}</th>
                  <th scope="col">{t('staffSetup.directory.failures.school')}</th>
                  <th scope="col">{t('staffSetup.directory.failures.reason')}</th>
                  <th scope="col">{t('staffSetup.directory.failures.when')}</th>
                </tr>
              </thead>
              <tbody>
                {failures.map((f) => (
                  <tr key={f.studentId}>
                    <th scope="row">{f.studentName}</th>
                    <td translate="no">{f.username}</td>
                    <td>{f.schoolName}</td>
                    <td>{f.reason}</td>
                    <td>{when(f.failedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}

function Configured({ status }: { status: DirectoryStatus & { settings: NonNullable<DirectoryStatus['settings']> } }) {
  const { t } = useTranslation();
  const test = useDirectoryTest();
  const when = useWhen();
  const s = status.settings;
  const code = (value: string) => <code translate="no">{value}</code>;
  return (
    <>
      <TermList
        className="summary staff-summary setup-terms"
        rows={[
          [t('staffSetup.directory.url'), code(s.url)],
          [t('staffSetup.directory.kind'), t(`staffSetup.directory.kinds.${s.kind}`)],
          [t('staffSetup.directory.bindDn'), code(s.bindDn)],
          [t('staffSetup.directory.baseDn'), code(s.baseDn)],
          [t('staffSetup.directory.usernameAttribute'), code(s.usernameAttribute)],
          [t('staffSetup.directory.tls'), t(`staffSetup.directory.tlsKinds.${s.tls}`)],
        ]}
      />
      <p className="staff-strong">
        {status.pending === 0 ? t('staffSetup.directory.nonePending') : t('staffSetup.directory.pending', { count: status.pending })}
      </p>
      {status.pending > 0 && status.oldestPendingAt && <p>{t('staffSetup.directory.oldestPending', { time: when(status.oldestPendingAt) })}</p>}
      <TestButton
        test={test}
        label={t('staffSetup.directory.test')}
        busy={t('staffSetup.directory.testing')}
        notConfigured={t('staffSetup.directory.notConfiguredTest')}
      />
      <Failures failures={status.failures} />
    </>
  );
}

/** SetupDirectory is the directory write-back: its settings, what waits, a test and the writes that failed. */
export function SetupDirectory() {
  const { t } = useTranslation();
  const status = useDirectoryStatus();
  return (
    <section className="setup-section" aria-labelledby="setup-directory-title">
      <h2 id="setup-directory-title">{t('staffSetup.directory.title')}</h2>
      <p>{t('staffSetup.directory.intro')}</p>
      <Loaded query={status}>
        {(data) =>
          data.configured && data.settings ? (
            <Configured status={{ ...data, settings: data.settings }} />
          ) : (
            <NotConfigured what={t('staffSetup.directory.notConfigured')} settings={directorySettings} />
          )
        }
      </Loaded>
    </section>
  );
}
