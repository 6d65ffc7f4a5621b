import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDistrict } from '../../lib/district.ts';
import { CodeForm, type CodeKind } from './code-form.tsx';
import { useStaffErrorMessage } from './staff-errors.ts';
import { useStaffMember } from './staff-frame.tsx';
import { setStaffSession, usePasskeySignIn, useSecondFactorCode } from './staff-session.ts';
import { PasskeyButton } from './second-factor-step.tsx';
import { SsoRenewLink } from './sso-renewal.tsx';
import { getPasskey } from './webauthn.ts';

export interface RenewSecondFactorProps {
  /** The second factor is proven again: retry what asked for it. */
  onRenewed(): void;
  onCancel(): void;
}

/**
 * RenewSecondFactor asks for a code again when an action needs a second factor proven in the
 * last few minutes (403 second_factor_stale), then lets the page retry the action. When the
 * district has an identity provider, signing in there again works too (the page is left and
 * come back to); for someone with no authenticator and no recovery codes it is the only way,
 * so the code form is not offered then.
 */
export function RenewSecondFactor({ onRenewed, onCancel }: RenewSecondFactorProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const staff = useStaffMember();
  const renew = useSecondFactorCode('renew');
  const passkey = usePasskeySignIn(getPasskey);
  const errorMessage = useStaffErrorMessage();
  const [kind, setKind] = useState<CodeKind>('app');
  const [refusals, setRefusals] = useState(0);
  const ssoLabel = useDistrict()?.staffSignOn;
  const other: CodeKind = kind === 'app' ? 'recovery' : 'app';
  const codes = staff.secondFactors.totp || (staff.secondFactors.recoveryCodesLeft ?? 0) > 0;
  // Offered in both forms of the step, when the member has a passkey.
  const passkeyButton = staff.secondFactors.passkeys > 0 && (
    <PasskeyButton
      pending={passkey.isPending}
      failed={passkey.isError ? t('staff.secondFactor.passkeyFailed') : undefined}
      onClick={() =>
        passkey.mutate(undefined, {
          onSuccess: (session) => {
            setStaffSession(queryClient, session);
            onRenewed();
          },
        })
      }
    />
  );
  if (ssoLabel && !codes) {
    return (
      <section className="staff-confirm" aria-labelledby="renew-title">
        <h2 id="renew-title">{t('staff.secondFactor.title')}</h2>
        <p>{t('staff.secondFactor.renewIntroSso', { label: ssoLabel })}</p>
        <SsoRenewLink label={ssoLabel} />
        {passkeyButton}
        <p className="staff-actions">
          <button type="button" className="link-button" onClick={onCancel}>
            {t('staff.secondFactor.cancel')}
          </button>
        </p>
      </section>
    );
  }
  return (
    <section className="staff-confirm" aria-labelledby="renew-title">
      <h2 id="renew-title">{t('staff.secondFactor.title')}</h2>
      <p>{t('staff.secondFactor.renewIntro')}</p>
      {ssoLabel && <SsoRenewLink label={ssoLabel} />}
      <CodeForm
        key={kind}
        idPrefix="staff-renew"
        kind={kind}
        submitLabel={t('staff.secondFactor.submit')}
        submittingLabel={t('staff.secondFactor.submitting')}
        pending={renew.isPending}
        error={renew.isError ? errorMessage(renew.error) : undefined}
        refusals={refusals}
        onSubmit={(code) => renew.mutate(code, { onSuccess: onRenewed, onError: () => setRefusals((n) => n + 1) })}
        onInvalid={renew.reset}
      />
      <p className="staff-actions">
        <button
          type="button"
          className="link-button"
          onClick={() => {
            renew.reset();
            setKind(other);
          }}
        >
          {other === 'recovery' ? t('staff.secondFactor.useRecovery') : t('staff.secondFactor.useApp')}
        </button>
        <button type="button" className="link-button" onClick={onCancel}>
          {t('staff.secondFactor.cancel')}
        </button>
      </p>
      {passkeyButton}
    </section>
  );
}
