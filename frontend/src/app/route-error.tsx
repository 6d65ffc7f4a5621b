import { useTranslation } from 'react-i18next';
import { PageTitle } from '../components/page-title.tsx';

/**
 * RouteError replaces a page that failed to render or load, most often a
 * code chunk that vanished after a new deploy: reloading fixes that.
 */
export function RouteError() {
  const { t } = useTranslation();
  return (
    <div className="narrow">
      <PageTitle>{t('errors.title')}</PageTitle>
      <p role="alert">{t('errors.unknown')}</p>
      <p>
        <a href="/">{t('notFound.home')}</a>
      </p>
    </div>
  );
}
