import { useTranslation } from 'react-i18next';
import { useLocation, useSearchParams } from 'react-router';
import { useDistrict } from '../../lib/district.ts';

/**
 * ssoRenewHref is the server's start of a renewal through the district's identity provider,
 * coming back to the page at pathname and search (the server accepts staff pages only).
 * The outcome of an earlier renewal is left out of the page to come back to.
 */
export function ssoRenewHref(pathname: string, search: string): string {
  const query = new URLSearchParams(search);
  query.delete('sso');
  query.delete('sso_error');
  const rest = query.toString();
  const page = rest ? `${pathname}?${rest}` : pathname;
  return `/api/v1/staff/sso/start?${new URLSearchParams({ purpose: 'renew', return: page }).toString()}`;
}

/**
 * SsoRenewLink offers to confirm it is the staff member again by signing in at the district's
 * identity provider: a plain link, since the server sends the browser there and back to this
 * page. The page's state (a chosen file, a form) does not survive the trip, so it says so.
 */
export function SsoRenewLink({ label }: { label: string }) {
  const { t } = useTranslation();
  const { pathname, search } = useLocation();
  return (
    <div className="staff-sso">
      <a className="button" href={ssoRenewHref(pathname, search)} aria-describedby="staff-renew-sso-hint">
        {t('staff.secondFactor.sso', { label })}
      </a>
      <p id="staff-renew-sso-hint" className="field__hint">
        {t('staff.secondFactor.ssoHint', { label })}
      </p>
    </div>
  );
}

/** The failures a renewal brings back to its page (openapi.yaml, /staff/sso/callback). */
const renewalErrors = [
  'sso_other_person',
  'sso_not_reauthenticated',
  'sso_renewal_not_allowed',
  'sso_denied',
  'sso_provider_unavailable',
  'sso_token_invalid',
  'sso_email_unverified',
] as const;
type RenewalError = (typeof renewalErrors)[number] | 'other';

function renewalError(value: string | null): RenewalError {
  return (renewalErrors as readonly string[]).includes(value ?? '') ? (value as RenewalError) : 'other';
}

/**
 * SsoRenewalOutcome says, on the page a renewal through the identity provider came back to,
 * whether it worked (?sso=renewed) or why not (?sso_error=CODE), until dismissed.
 */
export function SsoRenewalOutcome() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const label = useDistrict()?.staffSignOn ?? '';
  const renewed = params.get('sso') === 'renewed';
  const error = params.get('sso_error');
  if (!renewed && error === null) return null;
  const dismiss = () =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        next.delete('sso');
        next.delete('sso_error');
        return next;
      },
      { replace: true },
    );
  const code = renewalError(error);
  return (
    <div className={renewed ? 'notice' : 'alert'} role={renewed ? 'status' : 'alert'}>
      <p>{renewed ? t('staff.renewal.renewed', { label }) : t(`staff.renewal.errors.${code}`, { label })}</p>
      <button type="button" className="link-button" onClick={dismiss}>
        {t('staff.renewal.dismiss')}
      </button>
    </div>
  );
}
