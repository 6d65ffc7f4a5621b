import { createContext, useContext, useDeferredValue, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation } from 'react-router';
import { LoadError } from '../../components/load-error.tsx';
import { Loading } from '../../components/loading.tsx';
import { useStaffErrorMessage } from './staff-errors.ts';
import { forget } from './shown-once.ts';
import { SsoRenewalOutcome } from './sso-renewal.tsx';
import {
  useStaffJustSignedOut,
  useStaffSession,
  useStaffSignOut,
  type StaffMember,
  type StaffSession,
} from './staff-session.ts';
import './staff-strings.ts';
import './staff.css';

/** StaffPage holds every page of the staff area; wide pages (tables) say so. */
export function StaffPage({ wide = false, children }: { wide?: boolean; children: ReactNode }) {
  return <div className={wide ? 'staff staff--wide' : 'narrow staff'}>{children}</div>;
}

/** What the staff sign-in page is told by a page that sent the visitor there. */
export interface StaffSignInState {
  /** The page to come back to after signing in. */
  from?: string;
  /** The session ended by itself: the sign-in page says so. */
  ended?: boolean;
}

const StaffContext = createContext<StaffSession | null>(null);

/** useStaffMember is the signed-in staff member, inside RequireStaff. */
export function useStaffMember(): StaffMember {
  const session = useContext(StaffContext);
  if (!session) throw new Error('useStaffMember must be used inside <RequireStaff>');
  return session.staff;
}

/** fullName is how the staff area names a person: first and last name. */
export function fullName(person: { firstName: string; lastName: string }): string {
  return `${person.firstName} ${person.lastName}`;
}

function StaffHeader({ staff }: { staff: StaffMember }) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const signOut = useStaffSignOut();
  const errorMessage = useStaffErrorMessage();
  const current = (path: string) => (pathname === path || pathname.startsWith(`${path}/`) ? 'page' : undefined);
  const where = staff.schoolName ?? staff.districtName;
  const tabs = [
    { path: '/staff/students', label: t('staff.nav.students') },
    { path: '/staff/classes', label: t('staff.nav.classes') },
    { path: '/staff/report', label: t('staff.nav.report') },
    { path: '/staff/audit', label: t('staff.nav.audit') },
    ...(staff.role === 'district_admin'
      ? [
          { path: '/staff/members', label: t('staff.nav.members') },
          // The regeneration history is one of its pages too.
          { path: '/staff/district/regenerate', label: t('staff.nav.regenerate'), also: '/staff/district/regenerations' },
          { path: '/staff/district/setup', label: t('staff.nav.setup') },
        ]
      : []),
  ];
  return (
    <div className="staff-frame">
      <div className="staff-frame__who">
        <p>
          <span className="visually-hidden">{t('staff.nav.signedInAs')} </span>
          <strong>{fullName(staff)}</strong> · {staff.title} · {where}
        </p>
        <ul className="staff-frame__account">
          <li>
            <Link to="/staff/security" aria-current={current('/staff/security')}>
              {t('staff.nav.security')}
            </Link>
          </li>
          <li>
            <Link to="/staff/password" aria-current={current('/staff/password')}>
              {t('staff.nav.password')}
            </Link>
          </li>
          <li>
            <Link to="/help">{t('staff.nav.help')}</Link>
          </li>
          <li>
            <button
              type="button"
              className="staff-frame__sign-out link-button"
              aria-disabled={signOut.isPending || undefined}
              onClick={() => {
                if (signOut.isPending) return;
                forget();
                signOut.mutate();
              }}
            >
              {signOut.isPending ? t('staff.nav.signingOut') : t('staff.nav.signOut')}
            </button>
          </li>
        </ul>
      </div>
      {signOut.isError && (
        <p role="alert" className="alert">
          {errorMessage(signOut.error)}
        </p>
      )}
      <nav className="staff-tabs" aria-label={t('staff.nav.label')}>
        <ul>
          {tabs.map((tab) => (
            <li key={tab.path}>
              <Link to={tab.path} aria-current={current(tab.path) ?? (tab.also === undefined ? undefined : current(tab.also))}>
                {tab.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
    </div>
  );
}

/**
 * RequireStaff shows its page only to a signed-in staff member, else sends the visitor to the
 * staff sign-in (and back afterwards). A session that ended by itself (30 idle minutes: a
 * request answered 401) lands there too, and the sign-in page says why.
 */
export function RequireStaff({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const session = useDeferredValue(useStaffSession());
  const justSignedOut = useStaffJustSignedOut();
  const location = useLocation();
  const errorMessage = useStaffErrorMessage();
  // A session this page saw that is gone now, not by signing out, ended by itself: 30 idle
  // minutes (a request answered 401, or the check on coming back to the tab) or elsewhere.
  const [seen, setSeen] = useState(false);
  if (session.data && !seen) setSeen(true);

  if (session.isPending) return <Loading />;
  if (session.isError) {
    return (
      <LoadError
        message={errorMessage(session.error)}
        retryLabel={t('staff.student.retry')}
        onRetry={() => void session.refetch()}
      />
    );
  }
  if (!session.data) {
    const state: StaffSignInState | undefined = justSignedOut ? undefined : { from: location.pathname + location.search, ended: seen };
    return <Navigate to="/staff" replace state={state} />;
  }
  return (
    <StaffContext value={session.data}>
      <StaffHeader staff={session.data.staff} />
      <SsoRenewalOutcome />
      {children}
    </StaffContext>
  );
}
