import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadError } from '../../components/load-error.tsx';
import { Loading } from '../../components/loading.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { TextField } from '../../components/text-field.tsx';
import { ApiError } from '../../lib/api-error.ts';
import { formatDate } from '../../lib/format-date.ts';
import { useStaffErrorMessage } from './staff-errors.ts';
import { RequireStaff, StaffPage, useStaffMember } from './staff-frame.tsx';
import { useAddPasskey, usePasskeys, useRemovePasskey, type Passkey } from './staff-queries.ts';
import { createPasskey, passkeysSupported } from './webauthn.ts';

function PasskeyItem({ passkey, onRemoved }: { passkey: Passkey; onRemoved(): void }) {
  const { t, i18n } = useTranslation();
  const remove = useRemovePasskey();
  const errorMessage = useStaffErrorMessage();
  const language = i18n.language;
  return (
    <li className="staff-passkey-item">
      <p>
        <strong>{passkey.name}</strong>
        <br />
        {t('staff.security.added', { date: formatDate(passkey.createdAt, language) })}
        {passkey.lastUsedAt && `, ${t('staff.security.lastUsed', { date: formatDate(passkey.lastUsedAt, language) })}`}
      </p>
      {remove.isError && (
        <p role="alert" className="alert">
          {errorMessage(remove.error)}
        </p>
      )}
      <button
        type="button"
        className="button"
        aria-disabled={remove.isPending || undefined}
        onClick={() => remove.isPending || remove.mutate(passkey.id, { onSuccess: onRemoved })}
      >
        {remove.isPending ? t('staff.security.removing') : t('staff.security.remove', { name: passkey.name })}
      </button>
    </li>
  );
}

function AddPasskey({ onAdded }: { onAdded(): void }) {
  const { t } = useTranslation();
  const add = useAddPasskey(createPasskey);
  const errorMessage = useStaffErrorMessage();
  const [name, setName] = useState('');
  if (!passkeysSupported()) return <p>{t('staff.security.unsupported')}</p>;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (add.isPending) return;
    add.mutate(name.trim(), {
      onSuccess: () => {
        setName('');
        onAdded();
      },
    });
  };
  // The browser's refusal (cancelled, timed out) is not the server's answer.
  const error = add.isError ? (add.error instanceof ApiError ? errorMessage(add.error) : t('staff.security.failed')) : undefined;
  return (
    <form className="form" noValidate onSubmit={onSubmit}>
      {error && (
        <p role="alert" className="alert">
          {error}
        </p>
      )}
      <TextField
        id="passkey-name"
        name="name"
        label={t('staff.security.name')}
        hint={t('staff.security.nameHint')}
        autoComplete="off"
        maxLength={100}
        value={name}
        onChange={(e) => setName(e.target.value)}
      />
      <button type="submit" className="button button--primary" aria-disabled={add.isPending || undefined}>
        {add.isPending ? t('staff.security.adding') : t('staff.security.add')}
      </button>
    </form>
  );
}

function Security() {
  const { t } = useTranslation();
  const staff = useStaffMember();
  const passkeys = usePasskeys();
  const errorMessage = useStaffErrorMessage();
  const [said, setSaid] = useState<'added' | 'removed'>();
  const listRef = useRef<HTMLHeadingElement>(null);
  const factors = staff.secondFactors;
  return (
    <>
      <PageTitle>{t('staff.security.title')}</PageTitle>
      <section aria-labelledby="security-app">
        <h2 id="security-app">{t('staff.security.app')}</h2>
        <p>{factors.totp ? t('staff.security.appOn') : t('staff.security.appOff')}</p>
        {factors.recoveryCodesLeft !== undefined && <p>{t('staff.security.recoveryLeft', { count: factors.recoveryCodesLeft })}</p>}
      </section>
      <section aria-labelledby="security-passkeys">
        <h2 id="security-passkeys" ref={listRef} tabIndex={-1}>
          {t('staff.security.passkeys')}
        </h2>
        <p>{t('staff.security.passkeysIntro')}</p>
        <p role="status">
          {said === 'added' && t('staff.security.addedDone')}
          {said === 'removed' && t('staff.security.removed')}
        </p>
        {passkeys.isPending && <Loading />}
        {passkeys.isError && (
          <LoadError
            what={t('staff.security.loadError')}
            message={errorMessage(passkeys.error)}
            retryLabel={t('staff.security.retry')}
            onRetry={() => void passkeys.refetch()}
          />
        )}
        {passkeys.isSuccess && passkeys.data.length === 0 && <p>{t('staff.security.none')}</p>}
        {passkeys.isSuccess && passkeys.data.length > 0 && (
          <ul className="staff-plain-list">
            {passkeys.data.map((passkey) => (
              <PasskeyItem
                key={passkey.id}
                passkey={passkey}
                onRemoved={() => {
                  setSaid('removed');
                  listRef.current?.focus();
                }}
              />
            ))}
          </ul>
        )}
        <AddPasskey onAdded={() => setSaid('added')} />
      </section>
    </>
  );
}

/** SecurityPage shows the staff member's second factors and manages their passkeys. */
export function SecurityPage() {
  return (
    <StaffPage>
      <RequireStaff>
        <Security />
      </RequireStaff>
    </StaffPage>
  );
}
