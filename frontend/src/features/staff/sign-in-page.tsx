import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation, useSearchParams } from 'react-router';
import { Loading } from '../../components/loading.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { SignInForm } from '../../components/sign-in-form.tsx';
import { useDistrict } from '../../lib/district.ts';
import { EnrolStep } from './enrol-step.tsx';
import { SecondFactorStep } from './second-factor-step.tsx';
import { useStaffErrorMessage } from './staff-errors.ts';
import { StaffPage, type StaffSignInState } from './staff-frame.tsx';
import {
  useCancelPending,
  useStaffJustSignedOut,
  useStaffPending,
  useStaffSession,
  useStaffSignIn,
} from './staff-session.ts';

/** destination is where a fresh session goes: back to the staff page asked for, else By Student. */
function destination(state: unknown): string {
  const from = (state as { from?: unknown } | null)?.from;
  // Only the staff area's own paths: "//host" would name another site.
  if (typeof from === 'string' && /^\/staff\/(?![/\\])/.test(from)) return from;
  return '/staff/students';
}

/** The failures of a sign-in with the district's identity provider (openapi.yaml, /staff/sso/callback). */
const ssoErrors = [
  'sso_denied',
  'sso_state_invalid',
  'sso_provider_unavailable',
  'sso_token_invalid',
  'sso_email_unverified',
  'sso_email_domain',
  'sso_unknown_staff',
  // A renewal of the second factor whose session ended while at the provider.
  'sso_session_ended',
] as const;
type SsoError = (typeof ssoErrors)[number];

function ssoError(value: string | null): SsoError | 'other' | undefined {
  if (value === null) return undefined;
  return (ssoErrors as readonly string[]).includes(value) ? (value as SsoError) : 'other';
}

/**
 * SsoSignIn offers the district's identity provider, when it has one: a plain link, since the
 * server sends the browser on to the provider and back.
 */
function SsoSignIn() {
  const { t } = useTranslation();
  const label = useDistrict()?.staffSignOn;
  if (!label) return null;
  return (
    <div className="staff-sso">
      <a className="button" href="/api/v1/staff/sso/start">
        {t('staff.signIn.sso.use', { label })}
      </a>
      <p>{t('staff.signIn.sso.or')}</p>
    </div>
  );
}

function PasswordStep({ notice }: { notice: 'signedOut' | 'sessionEnded' | 'stepExpired' | undefined }) {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const signIn = useStaffSignIn();
  const errorMessage = useStaffErrorMessage();
  const formError = signIn.isError ? errorMessage(signIn.error) : undefined;
  const sso = ssoError(params.get('sso_error'));
  return (
    <>
      <PageTitle>{t('staff.signIn.title')}</PageTitle>
      {sso && !formError && (
        <p role="alert" className="alert">
          {t(`staff.signIn.sso.errors.${sso}`)}
        </p>
      )}
      {notice && !formError && !sso && (
        <p role="status" className="notice">
          {t(`staff.signIn.${notice}`)}
        </p>
      )}
      <p>{t('staff.signIn.intro')}</p>
      <SsoSignIn />
      <SignInForm
        identifier={{ kind: 'email', id: 'staff-email', label: t('staff.signIn.email') }}
        passwordId="staff-password"
        passwordLabel={t('staff.signIn.password')}
        requiredErrors={{ identifier: t('staff.signIn.errors.emailRequired'), password: t('staff.signIn.errors.passwordRequired') }}
        submitLabel={t('staff.signIn.submit')}
        submittingLabel={t('staff.signIn.submitting')}
        pending={signIn.isPending}
        error={formError}
        errorId="staff-sign-in-error"
        onSubmit={({ identifier, password }) => signIn.mutate({ email: identifier, password })}
        onInvalid={signIn.reset}
      />
      <ul className="staff-links">
        <li>
          <Link to="/staff/forgot">{t('staff.signIn.forgot')}</Link>
        </li>
        <li>
          {t('staff.signIn.student')} <Link to="/">{t('staff.signIn.studentLink')}</Link>
        </li>
      </ul>
    </>
  );
}

/**
 * StaffSignInPage is the staff sign-in, in steps: the email and password, then the second
 * factor (setting up the authenticator app at the first sign-in). A step waiting for its second
 * factor survives a reload: the page asks the server for it.
 */
export function StaffSignInPage() {
  const { t } = useTranslation();
  const location = useLocation();
  const [params] = useSearchParams();
  const session = useStaffSession();
  const pending = useStaffPending(!session.data);
  const cancelPending = useCancelPending();
  const justSignedOut = useStaffJustSignedOut();
  const sessionEnded = (location.state as StaffSignInState | null)?.ended === true;
  const [stepExpired, setStepExpired] = useState(false);

  if (session.data) return <Navigate to={destination(location.state)} replace />;
  if (session.isPending || pending.isPending) {
    return (
      <StaffPage>
        <PageTitle>{t('staff.signIn.title')}</PageTitle>
        <Loading />
      </StaffPage>
    );
  }

  // The enrolment's secret goes with its page (gcTime 0): a new sign-in asks for a new one.
  const restart = (expired: boolean) => {
    setStepExpired(expired);
    cancelPending();
  };

  const step = pending.data;
  if (step?.step === 'enrol_totp') {
    return (
      <StaffPage>
        <EnrolStep onRestart={restart} />
      </StaffPage>
    );
  }
  if (step?.step === 'second_factor') {
    return (
      <StaffPage>
        <SecondFactorStep methods={step.methods} onRestart={restart} />
      </StaffPage>
    );
  }
  // Back from the provider to prove the portal's second factor, but the step is gone (it
  // lives 5 minutes): say so rather than show a bare form.
  const ssoStepGone = params.get('sso') === 'second_factor';
  const notice = stepExpired || ssoStepGone ? 'stepExpired' : sessionEnded ? 'sessionEnded' : justSignedOut ? 'signedOut' : undefined;
  return (
    <StaffPage>
      <PasswordStep notice={notice} />
    </StaffPage>
  );
}
