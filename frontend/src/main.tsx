import { startTransition, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { AppProviders, createAppServices } from './app/providers.tsx';
import { AppRoutes } from './app/routes.tsx';
import { districtFromPage, districtQuery } from './lib/district.ts';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

const services = createAppServices();
// The header and footer name the district: the server wrote it into the page, so the first
// paint has it (a header that grows a line later shifts the whole page); else ask at once.
const district = districtFromPage(document);
if (district) services.queryClient.setQueryData(districtQuery(services.api).queryKey, district);
else void services.queryClient.prefetchQuery(districtQuery(services.api));

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
