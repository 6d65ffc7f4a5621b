import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { Loading } from '../../components/loading.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { SecretBox } from '../../components/secret-box.tsx';
import { StudentResetForm } from '../../components/student-reset-form.tsx';
import { useRetrySentence } from '../../lib/error-message.ts';
import { useFamilyErrorMessage } from './family-errors.ts';
import { isRefusal } from '../../lib/api-error.ts';
import { FamilyPage, RequireGuardian } from './family-frame.tsx';
import { useFocusTitle } from '../../lib/focus-title.ts';
import { fullName } from './child-card.tsx';
import { useChild, useResetChildPassword, type Child, type ChildReset } from './family-queries.ts';
import { LoadError } from '../../components/load-error.tsx';

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
  const familyErrorMessage = useFamilyErrorMessage();
  const retrySentence = useRetrySentence('family.errors');
  const name = child.firstName;

  if (reset.isSuccess) return <Done result={reset.data} mustChange={reset.variables.mustChange} child={child} />;
  if (isRefusal(reset.error, 404)) return <NotFound />;
  if (isRefusal(reset.error, 403, 'student_is_adult')) return <Adult name={name} />;

  const errorMessage = (error: unknown) => {
    if (!isRefusal(error, 429, 'child_reset_limit')) return familyErrorMessage(error);
    const when = error.retryAt;
    return [t('family.reset.limit', { name }), when ? retrySentence(when) : ''].join(' ').trim();
  };
  return (
    <>
      <PageTitle>{t('family.reset.title', { name: fullName(child) })}</PageTitle>
      <p>{t('family.reset.intro', { name })}</p>
      {child.resetsLeftToday !== undefined && <p>{t('family.reset.resetsLeft', { name, count: child.resetsLeftToday })}</p>}
      <StudentResetForm
        student={child}
        reset={reset}
        words={{
          how: t('family.reset.how'),
          typed: t('family.reset.typed'),
          typedHint: t('family.reset.typedHint', { name }),
          generated: t('family.reset.generated'),
          generatedHint: t('family.reset.generatedHint', { name }),
          mustChange: t('family.reset.mustChange', { name }),
          mustChangeHint: t('family.reset.mustChangeHint', { name }),
          submit: t('family.reset.submit'),
          submitting: t('family.reset.submitting'),
        }}
        initial={{ mode: 'typed', mustChange: false }}
        idPrefix="child-password"
        errorId="child-reset-error"
        errorMessage={errorMessage}
        offerToSave
      />
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
