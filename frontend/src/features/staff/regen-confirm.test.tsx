import { screen, waitFor, within } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../../test/render-app.tsx';
import { answer, fill, refusal } from '../../test/answer.ts';
import { regenCounts as counts, regenRequestId as requestId, regenStatus } from './regen-test-data.ts';
import { signedIn, staffCsrf, staffSession } from './staff-test-api.ts';

const admin = staffSession({ role: 'district_admin', title: 'District Administrator', schoolName: undefined });
const dryRunPath = '/staff/district/regenerations/dry-run';
const runPath = `/staff/district/regenerations/${requestId}/run`;

const dryRun = { requestId, expiresAt: '2026-12-07T10:30:00Z', ...counts };

const status = regenStatus();

/** preview fills the form (also reset and force change ticked unless told) and previews it. */
async function preview(user: UserEvent, { alsoReset = true } = {}) {
  await fill(user, 'PSU code', '317');
  await fill(user, 'Campus codes', '317304, 317310');
  await fill(user, 'Grade levels', '3,4');
  if (alsoReset) {
    await user.click(screen.getByLabelText('Also reset current passwords'));
    await user.click(screen.getByLabelText('Force password change at next sign-in'));
  }
  await user.click(screen.getByRole('button', { name: 'Preview' }));
  return screen.findByRole('region', { name: 'Preview' });
}

describe('RegenConfirm', { timeout: 30_000 }, () => {
  it('says what will happen, asks, runs the previewed draft and goes to its progress page', async () => {
    signedIn(admin);
    answer('post', dryRunPath, [{ status: 200, body: dryRun }]);
    const run = answer('post', runPath, [{ status: 202, body: status }]);
    answer('get', `/staff/district/regenerations/${requestId}`, [{ status: 200, body: status }]);
    const user = userEvent.setup();
    const { router } = renderApp('/staff/district/regenerate');
    const region = await preview(user);

    const recap = within(region).getByRole('region', { name: 'What happens when you confirm' });
    expect(within(recap).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      "Each of the 7 students gets a new default password. Staff can look it up on the student's page until the student chooses their own.",
      'It also becomes their current password: the old one stops working, they are signed out everywhere, and they and their guardians get an email.',
      'At their next sign-in they must choose a new password.',
      'It runs in the background. Its progress page shows how far it is and lets you cancel it. You get an email when it ends.',
    ]);
    const button = within(region).getByRole('button', { name: 'Regenerate 7 default passwords' });
    expect(button).toHaveClass('button--primary');

    // Keyboard alone: Enter opens the question, Escape closes it and the focus comes back.
    button.focus();
    await user.keyboard('{Enter}');
    const question = await screen.findByText('Regenerate the default passwords of 7 students now?');
    await waitFor(() => expect(question).toHaveFocus());
    expect(screen.getByLabelText('Grade levels').closest('[inert]'), 'the form is still while it asks').not.toBeNull();
    await user.keyboard('{Escape}');
    expect(screen.queryByText('Regenerate the default passwords of 7 students now?')).not.toBeInTheDocument();
    await waitFor(() => expect(button).toHaveFocus());
    expect(screen.getByLabelText('Grade levels').closest('[inert]')).toBeNull();
    expect(run).toHaveLength(0);

    await user.keyboard('{Enter}');
    await user.click(await screen.findByRole('button', { name: 'Yes, regenerate' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Default password regeneration' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe(`/staff/district/regenerate/${requestId}`);
    expect(run).toHaveLength(1);
    expect(run[0]?.csrf).toBe(staffCsrf);
  });

  it('words a request without also reset, and cannot confirm nothing', async () => {
    signedIn(admin);
    answer('post', dryRunPath, [{ status: 200, body: { ...dryRun, total: 0, schools: [] } }]);
    const run = answer('post', runPath, [{ status: 202, body: status }]);
    const user = userEvent.setup();
    renderApp('/staff/district/regenerate');
    const region = await preview(user, { alsoReset: false });
    expect(within(region).getByText('Their current passwords keep working.')).toBeInTheDocument();
    expect(within(region).queryByText(/next sign-in/)).not.toBeInTheDocument();
    const button = within(region).getByRole('button', { name: 'Regenerate 0 default passwords' });
    expect(button).toHaveAttribute('aria-disabled', 'true');
    expect(button).toHaveAccessibleDescription(/^There is nothing to regenerate: no student matches this request\./);
    await user.click(button);
    expect(screen.queryByText(/now\?$/)).not.toBeInTheDocument();
    expect(run).toHaveLength(0);
  });

  it('offers to preview again when the draft expired, then confirms the new draft', async () => {
    signedIn(admin);
    const second = '6f1c2a30-0000-4000-8000-000000000002';
    const dry = answer('post', dryRunPath, [
      { status: 200, body: dryRun },
      { status: 200, body: { ...dryRun, requestId: second, total: 8 } },
    ]);
    answer('post', runPath, [refusal(409, 'dry_run_expired')]);
    const again = answer('post', `/staff/district/regenerations/${second}/run`, [{ status: 202, body: { ...status, id: second } }]);
    answer('get', `/staff/district/regenerations/${second}`, [{ status: 200, body: { ...status, id: second } }]);
    const user = userEvent.setup();
    const { router } = renderApp('/staff/district/regenerate');
    await preview(user);
    await user.click(screen.getByRole('button', { name: 'Regenerate 7 default passwords' }));
    await user.click(await screen.findByRole('button', { name: 'Yes, regenerate' }));

    const alert = await screen.findByRole('alert');
    await waitFor(() => expect(alert).toHaveFocus());
    expect(alert).toHaveTextContent('This preview is more than 30 minutes old, so it can no longer be confirmed.');
    await user.click(within(alert).getByRole('button', { name: 'Preview again' }));
    expect(await screen.findByRole('button', { name: 'Regenerate 8 default passwords' })).toBeInTheDocument();
    expect(dry.map((d) => d.body)).toEqual([0, 1].map(() => dry[0]?.body));
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Regenerate 8 default passwords' }));
    await user.click(await screen.findByRole('button', { name: 'Yes, regenerate' }));
    await waitFor(() => expect(router.state.location.pathname).toBe(`/staff/district/regenerate/${second}`));
    expect(again).toHaveLength(1);
  });

  it('leads to the running request when another one runs', async () => {
    signedIn(admin);
    const running = { ...status, id: '6f1c2a30-0000-4000-8000-00000000000a', status: 'running', done: 3 };
    answer('post', dryRunPath, [{ status: 200, body: dryRun }]);
    answer('post', runPath, [refusal(409, 'regeneration_running')]);
    answer('get', '/staff/district/regenerations', [{ status: 200, body: { requests: [running, { ...status, id: 'old', status: 'done' }] } }]);
    const user = userEvent.setup();
    renderApp('/staff/district/regenerate');
    await preview(user);
    await user.click(screen.getByRole('button', { name: 'Regenerate 7 default passwords' }));
    await user.click(await screen.findByRole('button', { name: 'Yes, regenerate' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Another request of your district is still running. Wait until it ends');
    expect(await within(alert).findByRole('link', { name: 'See the running request' })).toHaveAttribute(
      'href',
      `/staff/district/regenerate/${running.id}`,
    );
  });

  it('leads to the progress of a request confirmed already', async () => {
    signedIn(admin);
    answer('post', dryRunPath, [{ status: 200, body: dryRun }]);
    answer('post', runPath, [refusal(409, 'regeneration_confirmed')]);
    const user = userEvent.setup();
    renderApp('/staff/district/regenerate');
    await preview(user);
    await user.click(screen.getByRole('button', { name: 'Regenerate 7 default passwords' }));
    await user.click(await screen.findByRole('button', { name: 'Yes, regenerate' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('This request was confirmed already.');
    expect(within(alert).getByRole('link', { name: 'See its progress' })).toHaveAttribute('href', `/staff/district/regenerate/${requestId}`);
  });

  it('asks for the second factor again when it is stale, then runs the same draft', async () => {
    signedIn(admin);
    answer('post', dryRunPath, [{ status: 200, body: dryRun }]);
    const run = answer('post', runPath, [refusal(403, 'second_factor_stale'), { status: 202, body: status }]);
    answer('get', `/staff/district/regenerations/${requestId}`, [{ status: 200, body: status }]);
    answer('post', '/staff/session/second-factor', [{ status: 200, body: { ...admin, csrfToken: 'staff-csrf-2' } }]);
    const user = userEvent.setup();
    const { router } = renderApp('/staff/district/regenerate');
    await preview(user);
    await user.click(screen.getByRole('button', { name: 'Regenerate 7 default passwords' }));
    await user.click(await screen.findByRole('button', { name: 'Yes, regenerate' }));
    await user.type(await screen.findByLabelText('6-digit code from the app'), '123456{Enter}');
    await waitFor(() => expect(router.state.location.pathname).toBe(`/staff/district/regenerate/${requestId}`));
    expect(run.map((r) => r.csrf)).toEqual([staffCsrf, 'staff-csrf-2']);
  });

  it('clears the preview and its button when a field changes, so only what was previewed can run', async () => {
    signedIn(admin);
    answer('post', dryRunPath, [{ status: 200, body: dryRun }]);
    const user = userEvent.setup();
    renderApp('/staff/district/regenerate');
    await preview(user);
    expect(screen.getByRole('button', { name: 'Regenerate 7 default passwords' })).toBeInTheDocument();
    await user.click(screen.getByLabelText('Force password change at next sign-in'));
    expect(screen.queryByRole('region', { name: 'Preview' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^Regenerate/ })).not.toBeInTheDocument();
  });

  it('speaks Spanish', async () => {
    window.localStorage.setItem('portal.language', 'es');
    signedIn(admin);
    answer('post', dryRunPath, [{ status: 200, body: dryRun }]);
    answer('post', runPath, [refusal(409, 'dry_run_expired')]);
    const user = userEvent.setup();
    renderApp('/staff/district/regenerate');
    await fill(user, 'Código PSU', '317');
    await user.click(screen.getByRole('button', { name: 'Vista previa' }));
    await user.click(await screen.findByRole('button', { name: 'Regenerar 7 contraseñas predeterminadas' }));
    await user.click(await screen.findByRole('button', { name: 'Sí, regenerar' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(/Esta vista previa tiene más de 30 minutos/);
    expect(screen.getByRole('button', { name: 'Ver de nuevo la vista previa' })).toBeInTheDocument();
  });
});
