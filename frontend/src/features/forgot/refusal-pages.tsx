import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageTitle } from '../../components/page-title.tsx';
import { TextWithLink } from '../../components/text-with-link.tsx';
import { formatDate } from '../../lib/format-date.ts';
import { formatRetryTime } from '../../lib/retry-time.ts';
import { SignInLink } from './sign-in-link.tsx';

/** Refusal is why the flow ended early, with the server's retryAt where it gave one. */
export interface Refusal {
  kind: 'locked' | 'disabled' | 'too-soon' | 'expired';
  retryAt: Date | undefined;
}

interface EndPageProps {
  /** Called once the page shows, so the spent flow can be forgotten. */
  onShown(): void;
}

function useShown(onShown: () => void) {
  useEffect(() => onShown(), [onShown]);
}

function OtherPaths() {
  const { t } = useTranslation();
  return (
    <ul className="help-list">
      <li>
        <TextWithLink text={t('forgot.helpGuardian')} to="/family" />
      </li>
      <li>{t('forgot.helpSchool')}</li>
    </ul>
  );
}

function StartAgain() {
  const { t } = useTranslation();
  return (
    <p>
      <Link className="button button--primary" to="/forgot">
        {t('forgot.startAgain')}
      </Link>
    </p>
  );
}

/** TooSoonPage is the 30-day refusal: when the next self-reset is possible, and who can help sooner. */
export function TooSoonPage({ refusal, onShown }: EndPageProps & { refusal: Refusal | undefined }) {
  const { t, i18n } = useTranslation();
  useShown(onShown);
  const retryAt = refusal?.retryAt;
  return (
    <>
      <PageTitle>{t('forgot.tooSoon.title')}</PageTitle>
      <p>{t('forgot.tooSoon.body')}</p>
      <p className="notice">
        {retryAt
          ? t('forgot.tooSoon.nextDate', { date: formatDate(retryAt, i18n.language) })
          : t('forgot.tooSoon.nextLater')}
      </p>
      <h2>{t('forgot.sooner')}</h2>
      <OtherPaths />
      <SignInLink />
    </>
  );
}

export function LockedPage({ refusal, onShown }: EndPageProps & { refusal: Refusal | undefined }) {
  const { t, i18n } = useTranslation();
  useShown(onShown);
  const at = refusal?.retryAt && formatRetryTime(refusal.retryAt, i18n.language);
  return (
    <>
      <PageTitle>{t('forgot.locked.title')}</PageTitle>
      <p>{t('forgot.locked.body')}</p>
      <p className="notice">
        {!at
          ? t('forgot.locked.untilUnknown')
          : at.date
            ? t('forgot.locked.untilDay', { date: at.date, time: at.time })
            : t('forgot.locked.until', { time: at.time })}
      </p>
      <h2>{t('forgot.sooner')}</h2>
      <OtherPaths />
      <SignInLink />
    </>
  );
}

export function DisabledPage({ onShown }: EndPageProps) {
  const { t } = useTranslation();
  useShown(onShown);
  return (
    <>
      <PageTitle>{t('forgot.disabled.title')}</PageTitle>
      <p>{t('forgot.disabled.body')}</p>
      <h2>{t('forgot.disabled.whoCanHelp')}</h2>
      <OtherPaths />
      <p>{t('forgot.disabled.turnOn')}</p>
      <SignInLink />
    </>
  );
}

export function ExpiredPage({ onShown }: EndPageProps) {
  const { t } = useTranslation();
  useShown(onShown);
  return (
    <>
      <PageTitle>{t('forgot.expired.title')}</PageTitle>
      <p>{t('forgot.expired.body')}</p>
      <StartAgain />
      <SignInLink />
    </>
  );
}
