import { render } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { AppProviders, createAppServices } from '../app/providers.tsx';
import { routes } from '../app/routes.tsx';

/** renderApp renders the whole app, with its real routes and providers, at path. */
export function renderApp(path = '/') {
  const services = createAppServices({ retry: false });
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  const result = render(
    <AppProviders services={services}>
      <RouterProvider router={router} />
    </AppProviders>,
  );
  return { ...result, router, services };
}
