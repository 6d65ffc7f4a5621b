import { act, render } from '@testing-library/react';
import { UNSAFE_createMemoryHistory as createMemoryHistory, unstable_HistoryRouter as HistoryRouter } from 'react-router';
import { AppProviders, createAppServices } from '../app/providers.tsx';
import { AppRoutes } from '../app/routes.tsx';

/** TestRouter is what tests see of the router: where the app is, and a way to move it. */
export interface TestRouter {
  readonly state: { readonly location: { readonly pathname: string; readonly search: string; readonly hash: string } };
  /** navigate goes to a path, or through the history like Back (-1) and Forward (1). */
  navigate: (to: string | number) => Promise<void>;
}

/** renderApp renders the whole app, with its real routes and providers, at path. */
export function renderApp(path = '/') {
  const services = createAppServices({ retry: false });
  const history = createMemoryHistory({ initialEntries: [path], v5Compat: true });
  const router: TestRouter = {
    get state() {
      return { location: history.location };
    },
    navigate: (to) =>
      act(async () => {
        if (typeof to === 'number') history.go(to);
        else history.push(to);
      }),
  };
  const result = render(
    <AppProviders services={services}>
      <HistoryRouter history={history}>
        <AppRoutes />
      </HistoryRouter>
    </AppProviders>,
  );
  return { ...result, router, services };
}
