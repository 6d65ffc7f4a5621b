import { useEffect, useRef, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router';
import { useDistrict } from '../lib/district.ts';
import { LanguageSwitch } from './language-switch.tsx';
import { RouteFocusContext } from './page-title.tsx';
import { SiteFooter } from './site-footer.tsx';
import './layout.css';

function areaHome(pathname: string): string {
  for (const area of ['/family', '/staff']) {
    if (pathname === area || pathname.startsWith(`${area}/`)) return area;
  }
  return '/';
}

export function Layout() {
  const { t } = useTranslation();
  const { key, pathname } = useLocation();
  const district = useDistrict();
  // The family portal's and the staff area's pages lead home to their own start, not to the students' sign-in.
  const home = areaHome(pathname);
  const mainRef = useRef<HTMLElement>(null);
  const firstLocation = useRef(key);
  const focusPending = useRef(false);

  useEffect(() => {
    if (key === firstLocation.current) return;
    const heading = mainRef.current?.querySelector('h1');
    if (heading) heading.focus();
    else focusPending.current = true;
  }, [key]);

  // Set through the CSS object model, which the content security policy allows (style-src 'self').
  const brand = district && ({ '--brand': district.color, '--on-brand': district.onColor } as CSSProperties);
  const name = district?.name;
  return (
    <div className="site" style={brand}>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="site-header">
        <div className="site-header__inner">
          <div className="site-header__brand">
            {district?.logoUrl && (
              // Decorative: the district's name stands beside it.
              <img className="site-header__logo" src={district.logoUrl} alt="" width="48" height="48" />
            )}
            <div className="site-header__names">
              {/* Who runs the site first: a password page without a name parents know looks like phishing. */}
              {name && <p className="site-header__district">{name}</p>}
              <Link to={home} className="site-header__name">
                {t('app.name')}
              </Link>
            </div>
          </div>
          <LanguageSwitch />
        </div>
      </header>
      <main id="main" ref={mainRef} tabIndex={-1} className="site-main">
        <RouteFocusContext value={focusPending}>
          <Outlet />
        </RouteFocusContext>
      </main>
      <SiteFooter district={district} />
    </div>
  );
}
