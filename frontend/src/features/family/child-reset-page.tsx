import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { Loading } from '../../components/loading.tsx';
import { NewPasswordFields, usePasswordVerdict } from '../../components/new-password-fields.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { SecretBox } from '../../components/secret-box.tsx';
import { useRetrySentence } from '../../lib/error-message.ts';
import { useRefusalFocus } from '../../lib/refusal-focus.ts';
import { detailsOf, isRefusal, useFamilyErrorMessage } from './family-errors.ts';
import { FamilyPage, RequireGuardian, useFocusTitle } from './family-frame.tsx';
import { fullName } from './child-card.tsx';
import { useChild, useResetChildPassword, type Child, type ChildReset } from './family-queries.ts';
import { LoadError } from '../../components/load-error.tsx';

type Mode = 'typed' | 'generated';
const modes: readonly Mode[] = ['typed', 'generated'];
const passwordIdPrefix = 'child-password';

function BackToChildren() {
  const { t } = useTranslation();
  return (
    <p>
      <Link to="/family/children">{t('family.reset.back')}</Link>
    </p>
  );
}

function NotFound() {
  const { t } = useTranslation();
  useFocusTitle(true);
  return (
    <>
      <PageTitle>{t('family.reset.notFoundTitle')}</PageTitle>
      <p>{t('family.reset.notFoundBody')}</p>
      <BackToChildren />
    </>
  );
}

function Adult({ name }: { name: string }) {
  const { t } = useTranslation();
  useFocusTitle(true);
  return (
    <>
      <PageTitle>{t('family.reset.adultTitle')}</PageTitle>
      <p>{t('family.children.adult', { name })}</p>
      <BackToChildren />
    </>
  );
}

/** GeneratedPassword shows the new password once, large and easy to read, with a copy button. */
function GeneratedPassword({ password }: { password: string }) {
  const { t } = useTranslation();
  return (
    <SecretBox
      title={t('family.reset.generatedTitle')}
      secret={password}
      labels={{ copy: t('family.reset.copy'), copied: t('family.reset.copied'), copyFailed: t('family.reset.copyFailed') }}
      note={t('family.reset.shownOnce')}
    />
  );
}

function Done({ result, mustChange, child }: { result: ChildReset; mustChange: boolean; child: Child }) {
  const { t } = useTranslation();
  useFocusTitle(result);
  const name = child.firstName;
  return (
    <>
      <PageTitle>{t('family.reset.doneTitle', { name: fullName(child) })}</PageTitle>
      {result.generatedPassword ? (
        <GeneratedPassword password={result.generatedPassword} />
      ) : (
        <p>{t('family.reset.typedDone', { name })}</p>
      )}
      <div className="notice notice--ok">
        {mustChange && <p>{t('family.reset.mustChangeDone', { name })}</p>}
        <p>{t('family.reset.signedOut', { name })}</p>
        <p>{t('family.reset.emailSent', { name })}</p>
      </div>
      <p>
        <Link className="button button--primary" to="/family/children">
          {t('family.reset.back')}
        </Link>
      </p>
    </>
  );
}

function ResetForm({ child }: { child: Child }) {
  const { t } = useTranslation();
  const reset = useResetChildPassword(child.id);
  const errorMessage = useFamilyErrorMessage();
  const retrySentence = useRetrySentence('family.errors');
  const name = child.firstName;

  const [mode, setMode] = useState<Mode>('typed');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [mustChange, setMustChange] = useState(false);
  const [submitted, setSubmitted] = useState(false);
  const { formRef, alertRef, refused } = useRefusalFocus();

  const context = useMemo(
    () => ({ username: child.username, names: [child.firstName, child.lastName] }),
    [child.username, child.firstName, child.lastName],
  );
  const verdict = usePasswordVerdict(password, confirm, context);

  if (reset.isSuccess) return <Done result={reset.data} mustChange={reset.variables.mustChange} child={child} />;
  if (isRefusal(reset.error, 404)) return <NotFound />;
  if (isRefusal(reset.error, 403, 'student_is_adult')) return <Adult name={name} />;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (reset.isPending) return;
    setSubmitted(true);
    if (mode === 'typed' && !verdict.ok) {
      reset.reset();
      refused();
      return;
    }
    const body =
      mode === 'typed'
        ? { mode, newPassword: password, confirmPassword: confirm, mustChange }
        : { mode, mustChange };
    reset.mutate(body, { onError: refused });
  };

  const details = mode === 'typed' ? detailsOf(reset.error) : detailsOf(undefined);
  let formError: string | undefined;
  if (isRefusal(reset.error, 429, 'child_reset_limit')) {
    const when = reset.error.retryAt;
    formError = [t('family.reset.limit', { name }), when ? retrySentence(when) : ''].join(' ').trim();
  } else if (reset.isError && details.length === 0) {
    formError = errorMessage(reset.error);
  }

  return (
    <>
      <PageTitle>{t('family.reset.title', { name: fullName(child) })}</PageTitle>
      <p>{t('family.reset.intro', { name })}</p>
      {child.resetsLeftToday !== undefined && <p>{t('family.reset.resetsLeft', { name, count: child.resetsLeftToday })}</p>}
      {formError && (
        <div id="child-reset-error" ref={alertRef} role="alert" tabIndex={-1} className="alert">
          {formError}
        </div>
      )}
      <form ref={formRef} className="form" noValidate onSubmit={onSubmit}>
        <fieldset className="family-choice">
          <legend>{t('family.reset.how')}</legend>
          {modes.map((m) => (
            <div className="family-choice__option" key={m}>
              <input
                type="radio"
                id={`reset-mode-${m}`}
                name="mode"
                value={m}
                checked={mode === m}
                aria-describedby={`reset-mode-${m}-hint`}
                onChange={() => setMode(m)}
              />
              <label htmlFor={`reset-mode-${m}`}>{t(`family.reset.${m}`)}</label>
              <p className="field__hint" id={`reset-mode-${m}-hint`}>
                {t(`family.reset.${m}Hint`, { name })}
              </p>
            </div>
          ))}
        </fieldset>
        {mode === 'typed' && (
          <>
            {/* A username field lets a password manager file the password under the child's account. */}
            <input type="text" name="username" autoComplete="username" value={child.username} readOnly hidden />
            <NewPasswordFields
              idPrefix={passwordIdPrefix}
              password={password}
              onPasswordChange={setPassword}
              confirm={confirm}
              onConfirmChange={setConfirm}
              context={context}
              serverErrors={details}
              submitted={submitted}
              audience={{ kind: 'child', name }}
            />
          </>
        )}
        <div className="family-check">
          <input
            type="checkbox"
            id="reset-must-change"
            name="mustChange"
            checked={mustChange}
            aria-describedby="reset-must-change-hint"
            onChange={(e) => setMustChange(e.target.checked)}
          />
          <label htmlFor="reset-must-change">{t('family.reset.mustChange', { name })}</label>
          <p className="field__hint" id="reset-must-change-hint">
            {t('family.reset.mustChangeHint', { name })}
          </p>
        </div>
        <button type="submit" className="button button--primary" aria-disabled={reset.isPending || undefined}>
          {reset.isPending ? t('family.reset.submitting') : t('family.reset.submit')}
        </button>
      </form>
      <BackToChildren />
    </>
  );
}

function ChildReset({ childId }: { childId: string }) {
  const { t } = useTranslation();
  const child = useChild(childId);
  const errorMessage = useFamilyErrorMessage();

  if (child.isPending) return <Loading />;
  if (isRefusal(child.error, 404)) return <NotFound />;
  if (child.isError) {
    return (
      <>
        <PageTitle>{t('errors.title')}</PageTitle>
        <LoadError
          what={t('family.reset.loadError')}
          message={errorMessage(child.error)}
          retryLabel={t('family.reset.retry')}
          onRetry={() => void child.refetch()}
        />
        <BackToChildren />
      </>
    );
  }
  if (child.data.access === 'adult') return <Adult name={child.data.firstName} />;
  return <ResetForm child={child.data} />;
}

/** ChildResetPage resets a linked child's password, typed or generated. */
export function ChildResetPage() {
  const { childId = '' } = useParams();
  return (
    <FamilyPage>
      <RequireGuardian>
        <ChildReset key={childId} childId={childId} />
      </RequireGuardian>
    </FamilyPage>
  );
}
