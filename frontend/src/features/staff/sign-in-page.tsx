import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation } from 'react-router';
import { Loading } from '../../components/loading.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { SignInForm } from '../../components/sign-in-form.tsx';
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

function PasswordStep({ notice }: { notice: 'signedOut' | 'sessionEnded' | 'stepExpired' | undefined }) {
  const { t } = useTranslation();
  const signIn = useStaffSignIn();
  const errorMessage = useStaffErrorMessage();
  const formError = signIn.isError ? errorMessage(signIn.error) : undefined;
  return (
    <>
      <PageTitle>{t('staff.signIn.title')}</PageTitle>
      {notice && !formError && (
        <p role="status" className="notice">
          {t(`staff.signIn.${notice}`)}
        </p>
      )}
      <p>{t('staff.signIn.intro')}</p>
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
  const notice = stepExpired ? 'stepExpired' : sessionEnded ? 'sessionEnded' : justSignedOut ? 'signedOut' : undefined;
  return (
    <StaffPage>
      <PasswordStep notice={notice} />
    </StaffPage>
  );
}
