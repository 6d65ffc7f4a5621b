import { useMutation, useQuery } from '@tanstack/react-query';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../lib/api-error.ts';
import { loadCommonList } from '../lib/password-rules.ts';
import { renderComponent } from '../test/render-component.tsx';
import { LinkResetForm, type LinkResetBody } from './link-reset-form.tsx';

const words = {
  title: 'Choose a new password',
  intro: 'Pick one.',
  newPassword: 'New password',
  confirm: 'Type it again',
  submit: 'Save',
  submitting: 'Saving…',
  goneTitle: 'Link gone',
  goneBody: 'It was used.',
  missingTitle: 'Link not complete',
  missingBody: 'Open it again.',
  newLink: 'Ask for a new link',
  doneTitle: 'Password changed',
  signIn: 'Sign in',
  checkError: 'We could not check the link.',
  retry: 'Retry',
};

const refusal = (status: number) => new ApiError(status, { code: `http_${status}`, message: `Refused ${status}.` });

interface Setup {
  token?: string | undefined;
  /** What the link check answers: nothing for an area without one. */
  check?: ApiError | 'ok' | undefined;
  reset?: ApiError | undefined;
}

function Form({ token, check, reset: refused, sent }: Setup & { sent: LinkResetBody[] }) {
  const reset = useMutation({
    mutationFn: async (body: LinkResetBody) => {
      sent.push(body);
      if (refused) throw refused;
    },
  });
  const linkCheck = useQuery({
    queryKey: ['link-check', token],
    queryFn: async () => {
      if (check instanceof ApiError) throw check;
      return true;
    },
    enabled: check !== undefined,
  });
  return (
    <LinkResetForm
      token={token}
      idPrefix="test-reset"
      errorId="test-reset-error"
      words={words}
      done={<p>All set.</p>}
      forgotPath="/forgot"
      signInPath="/sign-in"
      reset={reset}
      check={check === undefined ? undefined : linkCheck}
      errorMessage={(error) => (error instanceof Error ? error.message : 'Unknown.')}
    />
  );
}

async function submit(setup: Setup) {
  const sent: LinkResetBody[] = [];
  const user = userEvent.setup();
  renderComponent(<Form {...setup} sent={sent} />);
  await user.type(await screen.findByLabelText('New password'), 'Sunny-Kite-42');
  await user.type(screen.getByLabelText('Type it again'), 'Sunny-Kite-42');
  await user.click(screen.getByRole('button', { name: 'Save' }));
  return sent;
}

describe('LinkResetForm', { timeout: 30_000 }, () => {
  beforeAll(() => loadCommonList());

  const opening: { name: string; setup: Setup; title: string }[] = [
    { name: 'a link without a token', setup: { check: 'ok' }, title: 'Link not complete' },
    { name: 'a token the check cannot read (400)', setup: { token: 't', check: refusal(400) }, title: 'Link not complete' },
    { name: 'a link the check finds used (410)', setup: { token: 't', check: refusal(410) }, title: 'Link gone' },
  ];
  for (const c of opening) {
    it(`says so on opening ${c.name}, with a way to a new link`, async () => {
      renderComponent(<Form {...c.setup} sent={[]} />);
      expect(await screen.findByRole('heading', { level: 1, name: c.title })).toBeInTheDocument();
      expect(screen.getByRole('link', { name: 'Ask for a new link' })).toHaveAttribute('href', '/forgot');
      expect(screen.queryByLabelText('New password')).not.toBeInTheDocument();
    });
  }

  it('offers to try the check again when it failed otherwise', async () => {
    renderComponent(<Form token="t" check={refusal(500)} sent={[]} />);
    expect(await screen.findByRole('alert')).toHaveTextContent('We could not check the link.Refused 500.');
    expect(screen.getByRole('button', { name: 'Retry' })).toBeInTheDocument();
  });

  const answers: { name: string; setup: Setup; title: string }[] = [
    { name: 'a reset the server cannot read, without a check (400)', setup: { token: 't', reset: refusal(400) }, title: 'Link not complete' },
    { name: 'a reset of a used link (410)', setup: { token: 't', check: 'ok', reset: refusal(410) }, title: 'Link gone' },
    { name: 'a reset that worked', setup: { token: 't', check: 'ok' }, title: 'Password changed' },
  ];
  for (const c of answers) {
    it(`answers ${c.name} with its page, focused`, async () => {
      const sent = await submit(c.setup);
      expect(await screen.findByRole('heading', { level: 1, name: c.title })).toHaveFocus();
      expect(sent).toEqual([{ token: 't', newPassword: 'Sunny-Kite-42', confirmPassword: 'Sunny-Kite-42' }]);
    });
  }

  it('keeps the form and says why, when a checked link is refused for another reason', async () => {
    await submit({ token: 't', check: 'ok', reset: refusal(400) });
    expect(await screen.findByRole('alert')).toHaveTextContent('Refused 400.');
    expect(screen.getByLabelText('New password')).toBeInTheDocument();
  });

  it('sends nothing while the new password breaks the rules', async () => {
    const sent: LinkResetBody[] = [];
    const user = userEvent.setup();
    renderComponent(<Form token="t" sent={sent} />);
    await user.type(screen.getByLabelText('New password'), 'short');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(screen.getByLabelText('New password')).toHaveAttribute('aria-invalid', 'true');
    expect(sent).toEqual([]);
  });
});
