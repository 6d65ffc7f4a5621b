import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { MemoryRouter } from 'react-router';
import { AppProviders, createAppServices } from '../app/providers.tsx';

/** renderComponent renders a shared component alone, with the app's providers and a router. */
export function renderComponent(ui: ReactNode) {
  const services = createAppServices({ retry: false });
  return render(
    <AppProviders services={services}>
      <MemoryRouter>
        <main id="main">{ui}</main>
      </MemoryRouter>
    </AppProviders>,
  );
}
