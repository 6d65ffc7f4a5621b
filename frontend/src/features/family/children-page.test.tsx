import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../../test/render-app.tsx';
import { api, server } from '../../test/server.ts';
import { answer, refusal } from '../../test/answer.ts';
import { ana, familyCsrf, guardianSession, leo, maya, signedIn } from './family-test-api.ts';

function card(name: string): HTMLElement {
  return screen.getByRole('article', { name });
}

function row(scope: HTMLElement, term: string): HTMLElement {
  const dt = within(scope).getByText(term, { selector: 'dt' });
  if (!dt.parentElement) throw new Error(`no row ${term}`);
  return dt.parentElement;
}

describe('ChildrenPage', { timeout: 30_000 }, () => {
  it('shows each linked child with recovery status, never a secret', async () => {
    signedIn({ children: [maya, leo] });
    const user = userEvent.setup();
    renderApp('/family/children');

    expect(await screen.findByRole('heading', { level: 1, name: 'My children' })).toBeInTheDocument();
    await waitFor(() => expect(document.title).toBe('My children – Password Help – Riverside Unified School District'));
    expect(screen.getByText('Hello, María López!')).toBeInTheDocument();
    const first = await screen.findByRole('article', { name: 'Maya Lopez' });
    expect(within(row(first, 'School')).getByText('Lincoln Elementary')).toBeInTheDocument();
    expect(within(row(first, 'Grade')).getByText('4')).toBeInTheDocument();
    expect(within(row(first, 'Username')).getByText('mayal4821')).toBeInTheDocument();
    expect(within(row(first, 'Recovery PIN')).getByText('Set')).toBeInTheDocument();
    expect(within(row(first, 'Security questions')).getByText('Not set')).toBeInTheDocument();
    expect(within(row(first, 'Password last changed')).getByText('January 15, 2026')).toBeInTheDocument();
    expect(within(row(first, 'Resets left today')).getByText('5')).toBeInTheDocument();
    expect(within(first).queryByText(/Must choose a new password/)).not.toBeInTheDocument();
    expect(within(first).getByRole('link', { name: 'Reset password for Maya Lopez' })).toHaveAttribute(
      'href',
      '/family/children/c-maya/reset',
    );
    expect(within(first).getByRole('button', { name: 'Unlink Maya Lopez' })).toBeInTheDocument();

    // Maya can reset alone and has a PIN: no tip.
    expect(within(first).queryByRole('region', { name: /set up a way back in/ })).not.toBeInTheDocument();

    const second = card('Leo Lopez');
    expect(within(row(second, 'Grade')).getByText('Kindergarten')).toBeInTheDocument();
    // Too young for a PIN or questions: no red "Not set", but who resets it.
    expect(within(second).queryByText('Not set')).not.toBeInTheDocument();
    expect(within(second).queryByText('Recovery PIN')).not.toBeInTheDocument();
    expect(within(row(second, 'Forgotten password')).getByText('You or the school reset it before grade 3.')).toBeInTheDocument();
    expect(within(second).queryByRole('region', { name: /set up a way back in/ })).not.toBeInTheDocument();
    expect(within(row(second, 'Password last changed')).getByText('Not yet')).toBeInTheDocument();
    expect(within(second).getByText('Must choose a new password at the next sign-in.')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Link a child' })).toHaveAttribute('href', '/family/link');

    await user.click(screen.getByRole('button', { name: 'Español' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Mis hijos' })).toBeInTheDocument();
    expect(within(row(card('Maya Lopez'), 'Último cambio de contraseña')).getByText('15 de enero de 2026')).toBeInTheDocument();
  });

  it('tips a guardian to help an older child with neither a PIN nor questions', async () => {
    const sam = { ...maya, id: 'c-sam', firstName: 'Sam', grade: 5, pinSet: false, questionsSet: false };
    const kim = { ...leo, id: 'c-kim', firstName: 'Kim', grade: 2, selfResetFromGrade: 2, selfResetEligible: true };
    signedIn({ children: [sam, { ...kim, pinSet: true }] });
    answer('put', '/family/me/language', [{ status: 204 }]);
    const user = userEvent.setup();
    renderApp('/family/children');
    const older = await screen.findByRole('article', { name: 'Sam Lopez' });
    const tip = within(older).getByRole('region', { name: 'Help Sam set up a way back in' });
    expect(tip).toHaveTextContent('Sam has no recovery PIN or security questions yet.');
    expect(within(row(older, 'Recovery PIN')).getByText('Not set')).toBeInTheDocument();
    // The server, not the grade, says who can reset alone: grade 2 here, where the district says so.
    expect(within(card('Kim Lopez')).queryByText('Forgotten password')).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Español' }));
    expect(
      await screen.findByRole('region', { name: 'Ayude a Sam a preparar una forma de recuperar su cuenta' }),
    ).toBeInTheDocument();
  });

  it("words the district's own self-service grade for a young child, in both languages", async () => {
    signedIn({ children: [{ ...leo, selfResetFromGrade: 4 }] });
    answer('put', '/family/me/language', [{ status: 204 }]);
    const user = userEvent.setup();
    renderApp('/family/children');
    const young = await screen.findByRole('article', { name: 'Leo Lopez' });
    expect(within(young).getByText('You or the school reset it before grade 4.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Español' }));
    expect(await screen.findByText('Antes de 4.º grado, la restablece usted o la escuela.')).toBeInTheDocument();
  });

  it('offers only unlinking for a child who is 18 or older', async () => {
    signedIn({ children: [ana] });
    renderApp('/family/children');
    const adult = await screen.findByRole('article', { name: 'Ana Lopez' });
    expect(within(adult).getByText('Ana is 18 or older and now manages their own account.')).toBeInTheDocument();
    expect(within(adult).queryByRole('link', { name: /Reset password/ })).not.toBeInTheDocument();
    expect(within(adult).queryByText('Recovery PIN')).not.toBeInTheDocument();
    expect(within(adult).getByRole('button', { name: 'Unlink Ana Lopez' })).toBeInTheDocument();
  });

  it('explains how to link a first child', async () => {
    signedIn({ children: [] });
    renderApp('/family/children');
    const empty = await screen.findByRole('region', { name: 'No children linked yet' });
    expect(empty).toHaveTextContent('a parent access code');
    expect(empty).toHaveTextContent('Ask the school office for a parent access code.');
    expect(screen.getByRole('link', { name: 'Link a child' })).toBeInTheDocument();
  });

  it('asks a guardian to confirm the email, and sends the link again', async () => {
    signedIn({ session: guardianSession({ emailVerified: false }), children: [] });
    const until = new Date();
    until.setHours(23, 59, 0, 0);
    const resend = answer('post', '/family/verify-email/resend', [
      { status: 202 },
      refusal(429, 'verification_resend_too_soon', { retryAt: until.toISOString() }),
    ]);
    const user = userEvent.setup();
    renderApp('/family/children');
    const banner = await screen.findByRole('region', { name: 'Confirm your email' });
    expect(banner).toHaveTextContent('Before you can link a child, open the link we sent to maria.lopez@example.com.');
    // Why linking waits, not a button the server would refuse.
    expect(screen.queryByRole('link', { name: 'Link a child' })).not.toBeInTheDocument();

    await user.click(within(banner).getByRole('button', { name: 'Send the link again' }));
    expect(await within(banner).findByRole('status')).toHaveTextContent(
      'We sent a new link to maria.lopez@example.com. It works for 48 hours.',
    );
    await user.click(within(banner).getByRole('button', { name: 'Send the link again' }));
    const time = new Intl.DateTimeFormat('en', { timeStyle: 'short' }).format(until);
    expect(await within(banner).findByRole('alert')).toHaveTextContent(
      `We sent you a link a moment ago. Wait a minute, then try again. You can try again at ${time}.`,
    );
    expect(resend.map((r) => r.csrf)).toEqual([familyCsrf, familyCsrf]);
  });

  it('unlinks a child after asking, and Cancel or Escape leaves it linked', async () => {
    const reads = signedIn({ children: [maya, leo] });
    const unlink: string[] = [];
    server.use(
      http.delete(api('/family/children/:childId'), ({ params, request }) => {
        unlink.push(`${String(params.childId)} ${request.headers.get('X-CSRF-Token')}`);
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const user = userEvent.setup();
    renderApp('/family/children');
    const first = await screen.findByRole('article', { name: 'Maya Lopez' });

    await user.click(within(first).getByRole('button', { name: 'Unlink Maya Lopez' }));
    const question = within(first).getByRole('group', { name: 'Unlink Maya Lopez from your account?' });
    expect(within(question).getByText('Unlink Maya Lopez from your account?')).toHaveFocus();
    expect(question).toHaveTextContent('you need a new parent access code from the school');
    await user.click(within(question).getByRole('button', { name: 'Cancel' }));
    expect(within(first).getByRole('button', { name: 'Unlink Maya Lopez' })).toHaveFocus();

    await user.click(within(first).getByRole('button', { name: 'Unlink Maya Lopez' }));
    await user.keyboard('{Escape}');
    expect(within(first).queryByRole('group')).not.toBeInTheDocument();
    expect(within(first).getByRole('button', { name: 'Unlink Maya Lopez' })).toHaveFocus();
    expect(unlink).toHaveLength(0);

    server.use(http.get(api('/family/children'), () => HttpResponse.json({ children: [leo] })));
    await user.click(within(first).getByRole('button', { name: 'Unlink Maya Lopez' }));
    await user.click(screen.getByRole('button', { name: 'Yes, unlink' }));
    await waitFor(() => expect(screen.queryByRole('article', { name: 'Maya Lopez' })).not.toBeInTheDocument());
    expect(screen.getByRole('status')).toHaveTextContent('Maya Lopez is no longer linked to your account.');
    expect(screen.getByRole('heading', { level: 1, name: 'My children' })).toHaveFocus();
    expect(card('Leo Lopez')).toBeInTheDocument();
    expect(unlink).toEqual([`c-maya ${familyCsrf}`]);
    expect(reads.children).toBe(1);
  });

  it('says when unlinking failed, and keeps the child', async () => {
    signedIn({ children: [maya] });
    answer('delete', '/family/children/c-maya', [refusal(403, 'csrf_token_invalid')]);
    const user = userEvent.setup();
    renderApp('/family/children');
    await user.click(await screen.findByRole('button', { name: 'Unlink Maya Lopez' }));
    await user.click(screen.getByRole('button', { name: 'Yes, unlink' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Your session has expired. Reload the page and try again.');
    expect(card('Maya Lopez')).toBeInTheDocument();
  });

  it('sends the guardian to sign in when the session ended meanwhile', async () => {
    server.use(
      http.get(api('/family/session'), () => HttpResponse.json(guardianSession())),
      http.get(api('/family/children'), () =>
        HttpResponse.json({ code: 'not_signed_in', message: 'Please sign in.' }, { status: 401 }),
      ),
    );
    const { router } = renderApp('/family/children');
    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in to the family portal' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/family');
  });

  it("switches the page's language without touching the language of the emails", async () => {
    signedIn({ children: [] });
    const language = answer('put', '/family/me/language', [{ status: 204 }]);
    const user = userEvent.setup();
    renderApp('/family/children');
    await screen.findByRole('heading', { level: 1, name: 'My children' });
    await user.click(screen.getByRole('button', { name: 'Español' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Mis hijos' })).toBeInTheDocument();
    await user.click(screen.getByRole('link', { name: 'Mi cuenta' }));
    // The account page still shows the language the emails are in: the switch changed nothing there.
    expect(await screen.findByRole('radio', { name: 'English' })).toBeChecked();
    expect(language).toEqual([]);
  });
});
