import { Navigate, type RouteObject } from 'react-router';
import { Layout } from '../components/layout.tsx';
import { Loading } from '../components/loading.tsx';
import { SignInPage } from '../features/student/sign-in-page.tsx';
import { NotFoundPage } from './not-found-page.tsx';
import { RequireStudent } from './require-student.tsx';
import { RouteError } from './route-error.tsx';

// The sign-in page is the landing page, so it ships in the first chunk;
// every other page loads when first visited.
export const routes: RouteObject[] = [
  {
    element: <Layout />,
    // Shown only while the first page's code loads, before the layout can render.
    hydrateFallbackElement: <Loading />,
    children: [
      {
        errorElement: <RouteError />,
        children: [
          { index: true, element: <SignInPage /> },
          { path: 'sign-in', element: <Navigate to="/" replace /> },
          {
            // The forgot-password flow routes its own steps under /forgot/.
            path: 'forgot/*',
            lazy: async () => ({ Component: (await import('../features/forgot/forgot-page.tsx')).ForgotPage }),
          },
          {
            element: <RequireStudent />,
            children: [
              {
                path: 'account',
                lazy: async () => ({ Component: (await import('../features/student/account-page.tsx')).AccountPage }),
              },
              {
                path: 'account/pin',
                lazy: async () => ({ Component: (await import('../features/student/pin-page.tsx')).PinPage }),
              },
              {
                path: 'account/questions',
                lazy: async () => ({
                  Component: (await import('../features/student/questions-page.tsx')).QuestionsPage,
                }),
              },
              {
                path: 'change-password',
                lazy: async () => ({
                  Component: (await import('../features/student/change-password-page.tsx')).ChangePasswordPage,
                }),
              },
            ],
          },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
];
