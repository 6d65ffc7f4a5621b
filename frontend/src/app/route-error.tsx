import { Component, Suspense, type ErrorInfo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation } from 'react-router';
import { Loading } from '../components/loading.tsx';
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

interface BoundaryProps {
  /** The location's key: the error goes when the user goes to another page. */
  resetKey: string;
  children: ReactNode;
}

interface BoundaryState {
  error: unknown;
  resetKey: string;
}

class RouteErrorBoundary extends Component<BoundaryProps, BoundaryState> {
  override state: BoundaryState = { error: null, resetKey: this.props.resetKey };

  static getDerivedStateFromError(error: unknown): Partial<BoundaryState> {
    return { error: error ?? new Error('unknown error') };
  }

  static getDerivedStateFromProps(props: BoundaryProps, state: BoundaryState): Partial<BoundaryState> | null {
    return props.resetKey === state.resetKey ? null : { error: null, resetKey: props.resetKey };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo) {
    console.error('page failed', error, info.componentStack);
  }

  override render() {
    return this.state.error ? <RouteError /> : this.props.children;
  }
}

/**
 * PageFrame holds the pages: what shows while a page's code loads, and what
 * shows instead of a page that failed to render or load.
 */
export function PageFrame() {
  const { key } = useLocation();
  return (
    <RouteErrorBoundary resetKey={key}>
      <Suspense fallback={<Loading />}>
        <Outlet />
      </Suspense>
    </RouteErrorBoundary>
  );
}
