import { createContext, useContext, useEffect, useRef, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { useDistrict } from '../lib/district.ts';

/**
 * RouteFocusContext holds "a navigation happened and no heading has taken
 * focus yet", for pages whose heading appears only after data loads.
 */
export const RouteFocusContext = createContext<RefObject<boolean>>({ current: false });

/**
 * PageTitle is the page's one <h1>. It names the browser tab too (with the district's name
 * once known, as a tab or a bookmark a parent recognises), and after
 * an in-app navigation it takes focus so screen-reader and keyboard users
 * start on the new page instead of on the link they left.
 */
export function PageTitle({ children }: { children: string }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLHeadingElement>(null);
  const focusPending = useContext(RouteFocusContext);
  const district = useDistrict()?.name;

  useEffect(() => {
    document.title = [children, t('app.name'), district].filter(Boolean).join(' – ');
  }, [children, t, district]);

  useEffect(() => {
    if (focusPending.current) {
      focusPending.current = false;
      ref.current?.focus();
    }
  }, [focusPending]);

  return (
    <h1 ref={ref} tabIndex={-1}>
      {children}
    </h1>
  );
}
