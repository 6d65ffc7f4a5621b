import type { UseMutationResult, UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadError } from '../../components/load-error.tsx';
import { Loading } from '../../components/loading.tsx';
import { isRefusal } from '../../lib/api-error.ts';
import { formatDate, formatTime } from '../../lib/format-date.ts';
import type { SettingsTest } from './setup-queries.ts';
import { useStaffErrorMessage } from './staff-errors.ts';
import './setup-strings.ts';

// What the directory and single sign-on sections share: settings the deployment sets, their
// loading, and a button that tries them now.

/** useWhen words a moment as "March 4, 2026 10:30 AM", in the reader's language and time zone. */
export function useWhen() {
  const { i18n } = useTranslation();
  return (at: string) => `${formatDate(at, i18n.language)} ${formatTime(at, i18n.language)}`;
}

/** NotConfigured says a part is not set up, and names the server settings that set it up. */
export function NotConfigured({ what, settings }: { what: string; settings: readonly string[] }) {
  const { t } = useTranslation();
  return (
    <div className="notice">
      <p>{what}</p>
      <p>{t('staffSetup.notConfigured.settings')}</p>
      <ul className="setup-settings">
        {settings.map((name) => (
          <li key={name}>
            <code translate="no">{name}</code>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Loaded shows a section's data once it is there, or its loading, or why it failed with a retry. */
export function Loaded<T>({ query, children }: { query: UseQueryResult<T>; children(data: T): ReactNode }) {
  const { t } = useTranslation();
  const errorMessage = useStaffErrorMessage();
  if (query.isPending) return <Loading />;
  if (query.isError) {
    return (
      <LoadError
        what={t('staffSetup.loadError')}
        message={errorMessage(query.error)}
        retryLabel={t('staffSetup.retry')}
        onRetry={() => void query.refetch()}
      />
    );
  }
  return children(query.data);
}

interface TestButtonProps {
  test: UseMutationResult<SettingsTest, Error, void>;
  label: string;
  busy: string;
  /** What a 404 (the deployment names nothing to test) says. */
  notConfigured: string;
}

/**
 * TestButton tries the settings now and says the answer in a live region that is there from the
 * start, so a screen reader reads each answer out, including the same one twice.
 */
export function TestButton({ test, label, busy, notConfigured }: TestButtonProps) {
  const { t } = useTranslation();
  const errorMessage = useStaffErrorMessage();
  let answer: { ok: boolean; words: string } | undefined;
  if (test.isSuccess) {
    answer = { ok: test.data.ok, words: t(test.data.ok ? 'staffSetup.test.ok' : 'staffSetup.test.failed', { message: test.data.message }) };
  } else if (test.isError) {
    answer = { ok: false, words: isRefusal(test.error, 404) ? notConfigured : errorMessage(test.error) };
  }
  return (
    <>
      <p className="staff-actions">
        <button
          type="button"
          className="button"
          aria-disabled={test.isPending || undefined}
          onClick={() => {
            if (test.isPending) return;
            test.reset();
            test.mutate();
          }}
        >
          {test.isPending ? busy : label}
        </button>
      </p>
      <div role="status" aria-live="polite" aria-atomic="true">
        {answer && <p className={answer.ok ? 'notice notice--ok' : 'alert'}>{answer.words}</p>}
      </div>
    </>
  );
}
