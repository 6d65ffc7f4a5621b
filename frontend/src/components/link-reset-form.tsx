import { useState, type FormEvent, type ReactNode } from 'react';
import { Link } from 'react-router';
import type { UseMutationResult, UseQueryResult } from '@tanstack/react-query';
import { detailsOf, isRefusal } from '../lib/api-error.ts';
import { useFocusTitle } from '../lib/focus-title.ts';
import { useRefusalFocus } from '../lib/refusal-focus.ts';
import { Loading } from './loading.tsx';
import { LoadError } from './load-error.tsx';
import { NewPasswordFields, usePasswordVerdict } from './new-password-fields.tsx';
import { PageTitle } from './page-title.tsx';

/** What a "choose a new password" link sends with the new password. */
export interface LinkResetBody {
  token: string;
  newPassword: string;
  confirmPassword: string;
}

/** The words of a link reset page, in its area's voice. */
export interface LinkResetWords {
  title: string;
  intro: string;
  newPassword: string;
  confirm: string;
  submit: string;
  submitting: string;
  goneTitle: string;
  goneBody: string;
  missingTitle: string;
  missingBody: string;
  /** The button to the forgot page, for a link that no longer works. */
  newLink: string;
  doneTitle: string;
  /** The button to the sign-in page once the password is changed. */
  signIn: string;
  /** Said when the link check failed for another reason than a dead link (with a check only). */
  checkError?: string;
  retry?: string;
}

export interface LinkResetFormProps {
  /** The emailed link's token (useLinkToken), if the address brought one. */
  token: string | undefined;
  /** Ids: `${idPrefix}-new` and `${idPrefix}-confirm` for the fields, `${errorId}` for the alert. */
  idPrefix: string;
  errorId: string;
  words: LinkResetWords;
  /** The notice shown once the password is changed (what happened, what comes next). */
  done: ReactNode;
  forgotPath: string;
  signInPath: string;
  reset: UseMutationResult<unknown, Error, LinkResetBody>;
  /**
   * The area's check that the link still works before a password is typed, if it has one: a dead
   * link is then reported when the page opens.
   */
  check?: UseQueryResult<unknown, Error> | undefined;
  errorMessage(error: unknown): string;
}

// Who the link is for is not known here: the checklist checks the rules without a username or names.
const noContext = {};

function LinkProblem({ kind, words, forgotPath }: { kind: 'gone' | 'missing'; words: LinkResetWords; forgotPath: string }) {
  useFocusTitle(kind);
  return (
    <>
      <PageTitle>{kind === 'gone' ? words.goneTitle : words.missingTitle}</PageTitle>
      <p>{kind === 'gone' ? words.goneBody : words.missingBody}</p>
      <p>
        <Link className="button button--primary" to={forgotPath}>
          {words.newLink}
        </Link>
      </p>
    </>
  );
}

function Done({ words, done, signInPath }: { words: LinkResetWords; done: ReactNode; signInPath: string }) {
  useFocusTitle(true);
  return (
    <>
      <PageTitle>{words.doneTitle}</PageTitle>
      {done}
      <p>
        <Link className="button button--primary" to={signInPath}>
          {words.signIn}
        </Link>
      </p>
    </>
  );
}

/**
 * LinkResetForm is where an emailed "choose a new password" link lands, for any area (staff,
 * family): the new password with the live checklist, and the pages for a link cut short, a link
 * that no longer works, and the password changed. Key it on the link's arrival (useLinkToken) so
 * the link opened again starts over.
 */
export function LinkResetForm(props: LinkResetFormProps) {
  const { token, idPrefix, errorId, words, reset, check, errorMessage } = props;
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const { formRef, alertRef, refused } = useRefusalFocus();
  const verdict = usePasswordVerdict(password, confirm, noContext);

  // A token the server cannot read (400) is a link cut short; the check, where there is one, is
  // what reads it.
  const unread = check ? check.error : reset.error;
  if (!token || isRefusal(unread, 400)) return <LinkProblem kind="missing" words={words} forgotPath={props.forgotPath} />;
  if (isRefusal(reset.error, 410) || isRefusal(check?.error, 410)) {
    return <LinkProblem kind="gone" words={words} forgotPath={props.forgotPath} />;
  }
  if (reset.isSuccess) return <Done words={words} done={props.done} signInPath={props.signInPath} />;
  if (check?.isPending) {
    return (
      <>
        <PageTitle>{words.title}</PageTitle>
        <Loading />
      </>
    );
  }
  if (check?.isError) {
    return (
      <>
        <PageTitle>{words.title}</PageTitle>
        <LoadError
          what={words.checkError}
          message={errorMessage(check.error)}
          retryLabel={words.retry ?? ''}
          onRetry={() => void check.refetch()}
        />
      </>
    );
  }

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (reset.isPending) return;
    setSubmitted(true);
    if (!verdict.ok) {
      reset.reset();
      refused();
      return;
    }
    reset.mutate({ token, newPassword: password, confirmPassword: confirm }, { onError: refused });
  };

  const details = detailsOf(reset.error);
  const formError = reset.isError && details.length === 0 ? errorMessage(reset.error) : undefined;
  return (
    <>
      <PageTitle>{words.title}</PageTitle>
      <p>{words.intro}</p>
      {formError && (
        <div id={errorId} ref={alertRef} role="alert" tabIndex={-1} className="alert">
          {formError}
        </div>
      )}
      <form ref={formRef} className="form" noValidate onSubmit={onSubmit}>
        <NewPasswordFields
          idPrefix={idPrefix}
          password={password}
          onPasswordChange={setPassword}
          confirm={confirm}
          onConfirmChange={setConfirm}
          context={noContext}
          serverErrors={details}
          submitted={submitted}
          labels={{ password: words.newPassword, confirm: words.confirm }}
          audience={{ kind: 'guardian' }}
        />
        <button type="submit" className="button button--primary" aria-disabled={reset.isPending || undefined}>
          {reset.isPending ? words.submitting : words.submit}
        </button>
      </form>
    </>
  );
}
