import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router';
import { LanguageSwitch } from './language-switch.tsx';
import { RouteFocusContext } from './page-title.tsx';

export function Layout() {
  const { t } = useTranslation();
  const { key, pathname } = useLocation();
  // The family portal's pages lead home to the family portal, not to the students' sign-in.
  const home = pathname === '/family' || pathname.startsWith('/family/') ? '/family' : '/';
  const mainRef = useRef<HTMLElement>(null);
  const firstLocation = useRef(key);
  const focusPending = useRef(false);

  useEffect(() => {
    if (key === firstLocation.current) return;
    const heading = mainRef.current?.querySelector('h1');
    if (heading) heading.focus();
    else focusPending.current = true;
  }, [key]);

  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="site-header">
        <div className="site-header__inner">
          <Link to={home} className="site-header__name">
            {t('app.name')}
          </Link>
          <LanguageSwitch />
        </div>
      </header>
      <main id="main" ref={mainRef} tabIndex={-1} className="site-main">
        <RouteFocusContext value={focusPending}>
          <Outlet />
        </RouteFocusContext>
      </main>
    </>
  );
}
