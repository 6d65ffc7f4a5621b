import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageTitle } from '../../components/page-title.tsx';

export function DoneStep({ onShown }: { onShown(): void }) {
  const { t } = useTranslation();
  useEffect(() => onShown(), [onShown]);
  return (
    <>
      <PageTitle>{t('forgot.done.title')}</PageTitle>
      <div className="notice notice--ok">
        <p>{t('forgot.done.email')}</p>
        <p>{t('forgot.done.signedOut')}</p>
      </div>
      <p>
        <Link className="button button--primary" to="/">
          {t('forgot.done.signIn')}
        </Link>
      </p>
    </>
  );
}
