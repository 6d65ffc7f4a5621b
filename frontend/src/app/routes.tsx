import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { lazy, useEffect, useRef, useState, type ComponentType } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { Layout } from '../components/layout.tsx';
import { myAccountQuery } from '../features/student/account-queries.ts';
import { SignInPage } from '../features/student/sign-in-page.tsx';
import type { ApiClient } from '../lib/api-client.ts';
import { useApi } from '../lib/api-context.tsx';
import { familySessionQuery, staffSessionQuery } from '../lib/session.ts';
import { NotFoundPage } from './not-found-page.tsx';
import { RequireStudent } from './require-student.tsx';
import { PageFrame } from './route-error.tsx';

// The sign-in page is the landing page, so it ships in the first chunk; every other page loads
// when first visited. The app uses react-router's declarative router (<Routes>), not the data
// router (createBrowserRouter): it needs no loaders or actions, and the data router is 55 KB
// (17 KB gzipped) more JavaScript to download and run before the first page shows.

/**
 * lazyPage is React.lazy that renders at once when the page's code is already there (often:
 * useStartPageLoad fetches it while the session is checked). React.lazy suspends on its first
 * render even then, and React shows the fallback and holds the page back for up to 300 ms.
 */
function lazyPage<M>(load: () => Promise<M>, pick: (module: M) => ComponentType) {
  let code: Promise<M> | undefined;
  let loaded: M | undefined;
  const start = (): Promise<M> =>
    (code ??= load().then((module) => {
      loaded = module;
      return module;
    }));
  const Lazy = lazy(async () => ({ default: pick(await start()) }));
  function Page() {
    // Decided once per mount: switching between the two would remount the page.
    const [Ready] = useState(() => (loaded === undefined ? null : pick(loaded)));
    return Ready ? <Ready /> : <Lazy />;
  }
  return { Page, load: start };
}

const forgot = lazyPage(() => import('../features/forgot/forgot-page.tsx'), (m) => m.ForgotPage);
// Where a badge's QR leads: small, and in the students' part, not the staff chunk.
const badge = lazyPage(() => import('../features/student/badge-page.tsx'), (m) => m.BadgePage);
// Where a class's picture sign-in QR leads (or a child taps "Sign in with my pictures").
const pictures = lazyPage(() => import('../features/student/picture-sign-in-page.tsx'), (m) => m.PictureSignInPage);
const account = lazyPage(() => import('../features/student/account-page.tsx'), (m) => m.AccountPage);
const pin = lazyPage(() => import('../features/student/pin-page.tsx'), (m) => m.PinPage);
const questions = lazyPage(() => import('../features/student/questions-page.tsx'), (m) => m.QuestionsPage);
const changePassword = lazyPage(
  () => import('../features/student/change-password-page.tsx'),
  (m) => m.ChangePasswordPage,
);

// Help and the district's notices, reached from every page's footer.
const help = lazyPage(() => import('../features/help/help-page.tsx'), (m) => m.HelpPage);
const privacy = lazyPage(() => import('../features/help/notice-page.tsx'), (m) => m.PrivacyPage);
const accessibility = lazyPage(() => import('../features/help/notice-page.tsx'), (m) => m.AccessibilityPage);

// The family portal, for parents and guardians: every page of it is lazy, none in the first chunk.
const familySignIn = lazyPage(() => import('../features/family/family-sign-in-page.tsx'), (m) => m.FamilySignInPage);
const familyRegister = lazyPage(() => import('../features/family/register-page.tsx'), (m) => m.RegisterPage);
const familyVerifyEmail = lazyPage(() => import('../features/family/verify-email-page.tsx'), (m) => m.VerifyEmailPage);
const familyForgot = lazyPage(() => import('../features/family/forgot-page.tsx'), (m) => m.FamilyForgotPage);
const familyResetPassword = lazyPage(
  () => import('../features/family/reset-password-page.tsx'),
  (m) => m.ResetPasswordPage,
);
const familyChildren = lazyPage(() => import('../features/family/children-page.tsx'), (m) => m.ChildrenPage);
const familyLink = lazyPage(() => import('../features/family/link-page.tsx'), (m) => m.LinkPage);
const familyChildReset = lazyPage(() => import('../features/family/child-reset-page.tsx'), (m) => m.ChildResetPage);
const familyPassword = lazyPage(() => import('../features/family/password-page.tsx'), (m) => m.FamilyPasswordPage);

// The staff area, for teachers and school and district admins: one lazy chunk that routes its
// own pages under /staff/, so it adds a single entry to the first chunk.
const staff = lazyPage(() => import('../features/staff/staff-routes.tsx'), (m) => m.StaffRoutes);

export function AppRoutes() {
  useStartPageLoad();
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route element={<PageFrame />}>
          <Route index element={<SignInPage />} />
          <Route path="sign-in" element={<Navigate to="/" replace />} />
          {/* The forgot-password flow routes its own steps under /forgot/. */}
          <Route path="forgot/*" element={<forgot.Page />} />
          <Route path="badge" element={<badge.Page />} />
          <Route path="pictures" element={<pictures.Page />} />
          <Route element={<RequireStudent />}>
            <Route path="account" element={<account.Page />} />
            <Route path="account/pin" element={<pin.Page />} />
            <Route path="account/questions" element={<questions.Page />} />
            <Route path="change-password" element={<changePassword.Page />} />
          </Route>
          {/* The family pages guard themselves: the family session is a separate cookie. */}
          <Route path="family" element={<familySignIn.Page />} />
          <Route path="family/register" element={<familyRegister.Page />} />
          <Route path="family/verify-email" element={<familyVerifyEmail.Page />} />
          <Route path="family/forgot" element={<familyForgot.Page />} />
          <Route path="family/reset-password" element={<familyResetPassword.Page />} />
          <Route path="family/children" element={<familyChildren.Page />} />
          <Route path="family/children/:childId/reset" element={<familyChildReset.Page />} />
          <Route path="family/link" element={<familyLink.Page />} />
          <Route path="family/password" element={<familyPassword.Page />} />
          {/* The staff pages guard themselves too: the staff session is a third cookie. */}
          <Route path="staff/*" element={<staff.Page />} />
          <Route path="help" element={<help.Page />} />
          <Route path="privacy" element={<privacy.Page />} />
          <Route path="accessibility" element={<accessibility.Page />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Route>
    </Routes>
  );
}

/**
 * useStartPageLoad asks, once the app has first drawn the page's frame, for the first page's
 * code and data together with the session (which the guard asks for in the same commit).
 * Otherwise each waits for the one before: the page's code for the session to let it render,
 * its data for that code to run. Not before the first paint: what starts earlier competes with
 * the app's own code for a slow link and holds the first paint back. A request that turns out
 * not to be needed (no session) is cheap, and what it brought is dropped at sign-in.
 */
function useStartPageLoad() {
  const queryClient = useQueryClient();
  const api = useApi();
  const { pathname } = useLocation();
  const first = useRef(pathname);
  useEffect(() => {
    const path = first.current.replace(/\/+$/, '') || '/';
    const load = pageLoads[pageLoadKey(path)];
    if (!load) return;
    load.data?.(queryClient, api).catch(() => undefined);
    // In a task of its own: starting a chunk (and its styles) costs a phone some 10–15 ms that
    // would otherwise lengthen this already long one. A page whose code fails to load says so
    // when it renders (PageFrame).
    const timer = setTimeout(() => load.page().catch(() => undefined), 0);
    return () => clearTimeout(timer);
  }, [queryClient, api]);
}

/** The pageLoads entry of a path: the areas and flows that route their own pages, and paths with ids, by pattern. */
function pageLoadKey(path: string): string {
  if (path.startsWith('/forgot/')) return '/forgot';
  if (/^\/family\/children\/[^/]+\/reset$/.test(path)) return '/family/children/:childId/reset';
  if (path.startsWith('/staff/')) return '/staff';
  return path;
}

interface PageLoad {
  page: () => Promise<unknown>;
  data?: (queryClient: QueryClient, api: ApiClient) => Promise<void>;
}

// A family page's guard asks for the family session only once the page's code has run: asking
// with the code saves a round trip. (The family's own queries stay in its lazy chunks.)
const familySession = (queryClient: QueryClient, api: ApiClient) => queryClient.prefetchQuery(familySessionQuery(api));

// Every staff page but the forgot-password ones asks for the staff session first: likewise.
const staffSession = (queryClient: QueryClient, api: ApiClient) => queryClient.prefetchQuery(staffSessionQuery(api));

const pageLoads: Readonly<Record<string, PageLoad>> = {
  '/forgot': { page: forgot.load },
  '/badge': { page: badge.load },
  '/pictures': { page: pictures.load },
  '/account': { page: account.load, data: (queryClient, api) => queryClient.prefetchQuery(myAccountQuery(api)) },
  '/account/pin': { page: pin.load },
  '/account/questions': { page: questions.load },
  '/change-password': { page: changePassword.load },
  '/family': { page: familySignIn.load, data: familySession },
  '/family/register': { page: familyRegister.load },
  '/family/verify-email': { page: familyVerifyEmail.load, data: familySession },
  '/family/forgot': { page: familyForgot.load },
  '/family/reset-password': { page: familyResetPassword.load },
  '/family/children': { page: familyChildren.load, data: familySession },
  '/family/children/:childId/reset': { page: familyChildReset.load, data: familySession },
  '/family/link': { page: familyLink.load, data: familySession },
  '/family/password': { page: familyPassword.load, data: familySession },
  '/staff': { page: staff.load, data: staffSession },
  '/help': { page: help.load },
  '/privacy': { page: privacy.load },
  '/accessibility': { page: accessibility.load },
};
