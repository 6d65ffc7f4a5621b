import { useQueryClient } from '@tanstack/react-query';
import { useDeferredValue, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Loading } from '../../components/loading.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { ChildCard, fullName } from './child-card.tsx';
import { useFamilyErrorMessage } from './family-errors.ts';
import { FamilyPage, RequireGuardian, useGuardianSession } from './family-frame.tsx';
import { useNotice } from './family-notice.ts';
import { childrenQueryKey, useChildren, type Child } from './family-queries.ts';
import { VerifyBanner } from './verify-resend.tsx';
import { LoadError } from '../../components/load-error.tsx';

function LinkAChild() {
  const { t } = useTranslation();
  return (
    <p>
      <Link className="button button--primary" to="/family/link">
        {t('family.children.link')}
      </Link>
    </p>
  );
}

function NoChildren() {
  const { t } = useTranslation();
  return (
    <section className="family-empty" aria-labelledby="no-children-title">
      <h2 id="no-children-title">{t('family.children.emptyTitle')}</h2>
      <p>{t('family.children.emptyBody')}</p>
      <p>{t('family.children.emptyAsk')}</p>
    </section>
  );
}

function Dashboard() {
  const { t } = useTranslation();
  const { guardian } = useGuardianSession();
  const queryClient = useQueryClient();
  // The list renders as a deferred update, in slices that leave the main thread free.
  const children = useDeferredValue(useChildren());
  const errorMessage = useFamilyErrorMessage();
  const notice = useNotice();
  const [unlinked, setUnlinked] = useState<string>();

  useEffect(() => {
    // The card that had focus is gone: start again from the top of the page.
    if (unlinked) document.querySelector<HTMLElement>('#main h1')?.focus();
  }, [unlinked]);

  const onUnlinked = (child: Child) => {
    queryClient.setQueryData<Child[]>(childrenQueryKey, (list) => list?.filter((c) => c.id !== child.id));
    setUnlinked(fullName(child));
  };

  let message: string | undefined;
  if (unlinked) message = t('family.children.unlinked', { name: unlinked });
  else if (notice?.kind === 'linked') message = t('family.children.linked', { name: notice.name });
  else if (notice?.kind === 'password') message = t('family.children.passwordSaved');

  return (
    <>
      <PageTitle>{t('family.children.title')}</PageTitle>
      {/* The region is on the page before the message, so screen readers announce it. */}
      <div role="status">{message && <p className="notice notice--ok">{message}</p>}</div>
      <p className="greeting">{t('family.children.greeting', { name: guardian.name })}</p>
      {!guardian.emailVerified && <VerifyBanner email={guardian.email} />}
      {children.isPending && <Loading />}
      {children.isError && (
        <LoadError
          what={t('family.children.loadError')}
          message={errorMessage(children.error)}
          retryLabel={t('family.children.retry')}
          onRetry={() => void children.refetch()}
        />
      )}
      {children.data && children.data.length === 0 && <NoChildren />}
      {children.data && children.data.length > 0 && (
        <ul className="child-list">
          {children.data.map((child) => (
            <ChildCard key={child.id} child={child} onUnlinked={onUnlinked} />
          ))}
        </ul>
      )}
      {/* Nothing below the loading line: the list would push it down when it arrives. An
          unconfirmed email gets the banner above, which says why linking waits, not a button
          the server would refuse. */}
      {!children.isPending && guardian.emailVerified && <LinkAChild />}
    </>
  );
}

/** ChildrenPage is the family dashboard: each linked child with recovery status. */
export function ChildrenPage() {
  return (
    <FamilyPage>
      <RequireGuardian>
        <Dashboard />
      </RequireGuardian>
    </FamilyPage>
  );
}
