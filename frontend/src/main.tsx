import { startTransition, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { AppProviders, createAppServices } from './app/providers.tsx';
import { AppRoutes } from './app/routes.tsx';
import { districtQuery } from './lib/district.ts';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

const services = createAppServices();
// The header and footer name the district: ask at once, alongside the app's own code.
void services.queryClient.prefetchQuery(districtQuery(services.api));

// As a transition, the first render yields to the browser every few milliseconds instead of
// holding the main thread for one long task (on a slow phone, 200 ms and more).
startTransition(() => {
  createRoot(root).render(
    <StrictMode>
      <AppProviders services={services}>
        <BrowserRouter>
          <AppRoutes />
        </BrowserRouter>
      </AppProviders>
    </StrictMode>,
  );
});
