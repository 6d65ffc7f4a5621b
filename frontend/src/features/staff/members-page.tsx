import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate } from 'react-router';
import { LoadError } from '../../components/load-error.tsx';
import { Loading } from '../../components/loading.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { TextField } from '../../components/text-field.tsx';
import { ConfirmPanel } from '../../components/confirm-panel.tsx';
import { RenewSecondFactor } from './renew-second-factor.tsx';
import { useStaffErrorMessage } from './staff-errors.ts';
import { isRefusal } from '../../lib/api-error.ts';
import { fullName, RequireStaff, StaffPage, useStaffMember } from './staff-frame.tsx';
import { useResetSecondFactor, useStaffMembers, type StaffMemberSummary } from './staff-queries.ts';
import type { StaffMember } from './staff-session.ts';

/** ResetFlow confirms a second-factor reset, asks for a fresh code when the server wants one, and retries. */
function ResetFlow({ member, onDone, onCancel }: { member: StaffMemberSummary; onDone(): void; onCancel(): void }) {
  const { t } = useTranslation();
  const reset = useResetSecondFactor();
  const errorMessage = useStaffErrorMessage();
  const name = fullName(member);
  const confirm = () => reset.mutate(member.id, { onSuccess: onDone });

  if (isRefusal(reset.error, 403, 'second_factor_stale')) {
    return <RenewSecondFactor onRenewed={confirm} onCancel={onCancel} />;
  }
  return (
    <ConfirmPanel
      question={t('staff.members.confirmTitle', { name })}
      body={t('staff.members.confirmBody')}
      yes={t('staff.members.confirmYes')}
      busy={t('staff.members.resetting')}
      cancel={t('staff.members.cancel')}
      pending={reset.isPending}
      error={reset.isError ? errorMessage(reset.error) : undefined}
      onConfirm={confirm}
      onCancel={onCancel}
    />
  );
}

function Members({ me }: { me: StaffMember }) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  const [resetting, setResetting] = useState<StaffMemberSummary>();
  const [done, setDone] = useState<string>();
  const members = useStaffMembers(q);
  const errorMessage = useStaffErrorMessage();
  const buttons = useRef(new Map<string, HTMLButtonElement>());

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setQ(typed.trim());
  };
  const close = (member: StaffMemberSummary) => {
    setResetting(undefined);
    requestAnimationFrame(() => buttons.current.get(member.id)?.focus());
  };

  return (
    <>
      <PageTitle>{t('staff.members.title')}</PageTitle>
      <p>{t('staff.members.intro')}</p>
      <form className="form staff-search" role="search" noValidate onSubmit={onSubmit}>
        <TextField
          id="members-search"
          name="q"
          type="search"
          label={t('staff.members.search')}
          autoComplete="off"
          maxLength={100}
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
        />
        <button type="submit" className="button button--primary">
          {t('staff.members.submit')}
        </button>
      </form>
      <p role="status" className="staff-count">
        {done && t('staff.members.done', { name: done })}
      </p>
      {members.isPending && <Loading />}
      {members.isError && (
        <LoadError
          what={t('staff.members.loadError')}
          message={errorMessage(members.error)}
          retryLabel={t('staff.members.retry')}
          onRetry={() => void members.refetch()}
        />
      )}
      {members.isSuccess && members.data.length === 0 && <p>{t('staff.members.none')}</p>}
      {members.isSuccess && members.data.length > 0 && (
        <ul className="staff-members">
          {members.data.map((member) => (
            <li key={member.id} className="staff-member">
              <p>
                <strong>{fullName(member)}</strong> · {member.title}
                {member.schoolName && ` · ${member.schoolName}`}
              </p>
              <p className="staff-wrap">{member.email}</p>
              <p>
                {t('staff.members.secondFactor')}: {member.secondFactorEnrolled ? t('staff.members.enrolled') : t('staff.members.notEnrolled')}
              </p>
              {resetting?.id === member.id ? (
                <ResetFlow
                  member={member}
                  onDone={() => {
                    setDone(fullName(member));
                    close(member);
                  }}
                  onCancel={() => close(member)}
                />
              ) : (
                member.secondFactorEnrolled &&
                member.id !== me.id && (
                  <button
                    ref={(el) => {
                      if (el) buttons.current.set(member.id, el);
                      else buttons.current.delete(member.id);
                    }}
                    type="button"
                    className="button"
                    aria-label={t('staff.members.resetFor', { name: fullName(member) })}
                    onClick={() => {
                      setDone(undefined);
                      setResetting(member);
                    }}
                  >
                    {t('staff.members.reset')}
                  </button>
                )
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** DistrictAdminOnly shows the page to district admins; anyone else goes to By Student. */
function DistrictAdminOnly() {
  const me = useStaffMember();
  if (me.role !== 'district_admin') return <Navigate to="/staff/students" replace />;
  return <Members me={me} />;
}

/** MembersPage lets a district admin reset the second factor of a staff member who lost their phone. */
export function MembersPage() {
  return (
    <StaffPage>
      <RequireStaff>
        <DistrictAdminOnly />
      </RequireStaff>
    </StaffPage>
  );
}
