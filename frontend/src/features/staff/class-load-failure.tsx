import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LoadError } from '../../components/load-error.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { isRefusal } from '../../lib/api-error.ts';
import { useClassErrorMessage } from './class-errors.ts';
import './class-strings.ts';

/** BackToClasses leads back to the list of classes from any By Class page. */
export function BackToClasses() {
  const { t } = useTranslation();
  return (
    <p>
      <Link to="/staff/classes">{t('staffClass.class.back')}</Link>
    </p>
  );
}

export interface ClassLoadFailureProps {
  error: unknown;
  /** What a 404 says: the thing is gone or outside the scope (the two look alike). */
  notFoundTitle: string;
  notFoundBody: string;
  /** What could not be loaded, for any other failure, which offers a retry. */
  loadError: string;
  onRetry(): void;
}

/** ClassLoadFailure is a By Class page (a class, a job) whose load failed. */
export function ClassLoadFailure({ error, notFoundTitle, notFoundBody, loadError, onRetry }: ClassLoadFailureProps) {
  const { t } = useTranslation();
  const errorMessage = useClassErrorMessage();
  if (isRefusal(error, 404)) {
    return (
      <>
        <PageTitle>{notFoundTitle}</PageTitle>
        <p>{notFoundBody}</p>
        <BackToClasses />
      </>
    );
  }
  return (
    <>
      <PageTitle>{t('staff.errors.title')}</PageTitle>
      <LoadError what={loadError} message={errorMessage(error)} retryLabel={t('staff.student.retry')} onRetry={onRetry} />
      <BackToClasses />
    </>
  );
}
