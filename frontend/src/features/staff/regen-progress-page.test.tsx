import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../../test/render-app.tsx';
import { answer, refusal } from '../../test/answer.ts';
import { regenRequestId, regenStatus } from './regen-test-data.ts';
import { signedIn, staffCsrf, staffSession } from './staff-test-api.ts';

const admin = staffSession({ role: 'district_admin', title: 'District Administrator', schoolName: undefined });
const id = regenRequestId;
const path = `/staff/district/regenerations/${id}`;

const request = regenStatus({
  status: 'running',
  done: 2,
  startedAt: '2026-12-07T10:01:01Z',
  durationSeconds: 0.8,
  ratePerSecond: 2.5,
  secondsLeft: 130,
});

const bar = () => screen.getByRole('progressbar', { name: 'Progress' });

describe('RegenProgressPage', { timeout: 30_000 }, () => {
  it('follows the request every second: bar, rate, time left, status read out when it changes; then how it ended', async () => {
    signedIn(admin);
    const polls = answer('get', path, [
      { status: 200, body: { ...request, status: 'queued', done: 0, startedAt: undefined, durationSeconds: undefined, ratePerSecond: undefined, secondsLeft: undefined } },
      { status: 200, body: request },
      { status: 200, body: { ...request, status: 'done', done: 7, finishedAt: '2026-12-07T10:02:06Z', durationSeconds: 65, ratePerSecond: 0.1, secondsLeft: undefined } },
    ]);
    renderApp(`/staff/district/regenerate/${id}`);

    expect(await screen.findByRole('heading', { level: 1, name: 'Default password regeneration' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Default passwords' })).toHaveAttribute('aria-current', 'page');
    expect(screen.getByText(/^Requested by Dana Admin on December 7, 2026 at /)).toBeInTheDocument();
    const status = screen.getByRole('status');
    expect(status).toHaveAttribute('aria-live', 'polite');
    expect(status).toHaveTextContent(/^Waiting to start\.$/);
    expect(bar()).toHaveAttribute('aria-valuenow', '0');
    expect(bar()).toHaveAttribute('aria-valuemax', '7');
    expect(screen.queryByText(/a second$/)).not.toBeInTheDocument();

    await waitFor(() => expect(status).toHaveTextContent(/^Running\.$/), { timeout: 3000 });
    expect(bar()).toHaveAttribute('aria-valuenow', '2');
    expect(bar()).toHaveAttribute('aria-valuetext', '2 of 7 students done');
    expect(screen.getByText('2.5 students a second')).toBeInTheDocument();
    expect(screen.getByText('About 2 minutes left')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Cancel request' })).toBeInTheDocument();

    const asked = screen.getByRole('region', { name: 'The request' });
    const terms = [...asked.querySelectorAll('dl > div')].map((d) => d.textContent);
    expect(terms).toEqual(['PSU code317', 'Campus codes317304, 317310', 'Grades3, 4', 'Also resetYes', 'Force changeYes', 'CommentsStart of term']);
    const table = within(screen.getByRole('region', { name: 'Students in the request, by school and grade, as previewed' }));
    expect(table.getAllByRole('row').map((row) => [...row.querySelectorAll('th, td')].map((c) => c.textContent))).toContainEqual(['Total', '7']);
    expect(screen.getByText('The preview counted 7 students.')).toBeInTheDocument();

    await waitFor(() => expect(status).toHaveTextContent(/^Done\.$/), { timeout: 3000 });
    expect(bar()).toHaveAttribute('aria-valuenow', '7');
    expect(screen.getByText('7 of 7 students got a new default password.')).toBeInTheDocument();
    expect(screen.getByText('It took 1 min 5 s.')).toBeInTheDocument();
    expect(screen.queryByText(/a second$/)).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Cancel request' })).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Back to the history of requests' })).toHaveAttribute('href', '/staff/district/regenerations');
    // Ended: the page stops asking.
    const seen = polls.length;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(polls.length).toBe(seen);
  });

  it('cancels after asking, then says who cancelled and how many were done', async () => {
    signedIn(admin);
    answer('get', path, [{ status: 200, body: request }]);
    const cancelled = { ...request, status: 'cancelled', done: 3, cancelledBy: 'Dana Admin', durationSeconds: 42, secondsLeft: undefined };
    const cancel = answer('post', `${path}/cancel`, [{ status: 200, body: cancelled }]);
    const user = userEvent.setup();
    renderApp(`/staff/district/regenerate/${id}`);

    await user.click(await screen.findByRole('button', { name: 'Cancel request' }));
    const question = await screen.findByText('Cancel this request?');
    await waitFor(() => expect(question).toHaveFocus());
    expect(screen.getByText(/Students done so far keep their new default passwords/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Keep it running' }));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Cancel request' })).toHaveFocus());
    expect(cancel).toHaveLength(0);

    await user.keyboard('{Enter}');
    await user.click(await screen.findByRole('button', { name: 'Yes, cancel it' }));
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('Cancelled.'));
    expect(cancel).toHaveLength(1);
    expect(cancel[0]?.csrf).toBe(staffCsrf);
    expect(screen.getByText('3 of 7 students got a new default password.')).toBeInTheDocument();
    expect(screen.getByText('Cancelled by Dana Admin.')).toBeInTheDocument();
    expect(screen.getByText('It took 42 s.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Cancel request' })).not.toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole('heading', { level: 2, name: 'Progress' })).toHaveFocus());
  });

  it('says a request that ended meanwhile cannot be cancelled', async () => {
    signedIn(admin);
    answer('get', path, [{ status: 200, body: request }]);
    answer('post', `${path}/cancel`, [refusal(409, 'regeneration_ended')]);
    const user = userEvent.setup();
    renderApp(`/staff/district/regenerate/${id}`);
    await user.click(await screen.findByRole('button', { name: 'Cancel request' }));
    await user.click(await screen.findByRole('button', { name: 'Yes, cancel it' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('This request has ended already.');
  });

  it('says why a request failed', async () => {
    signedIn(admin);
    answer('get', path, [
      { status: 200, body: { ...request, status: 'failed', done: 4, durationSeconds: 3725, error: 'The database went away.', secondsLeft: undefined } },
    ]);
    renderApp(`/staff/district/regenerate/${id}`);
    expect(await screen.findByText('It stopped: The database went away.')).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('Stopped by an error.');
    expect(screen.getByText('4 of 7 students got a new default password.')).toBeInTheDocument();
    expect(screen.getByText('It took 1 h 2 min.')).toBeInTheDocument();
  });

  it('says a request it cannot find is not there', async () => {
    signedIn(admin);
    answer('get', path, [refusal(404, 'not_found')]);
    renderApp(`/staff/district/regenerate/${id}`);
    expect(await screen.findByRole('heading', { level: 1, name: 'Request not found' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Back to the history of requests' })).toBeInTheDocument();
  });

  it('speaks Spanish', async () => {
    window.localStorage.setItem('portal.language', 'es');
    signedIn(admin);
    answer('get', path, [{ status: 200, body: { ...request, ratePerSecond: 1, secondsLeft: 30 } }]);
    renderApp(`/staff/district/regenerate/${id}`);
    expect(await screen.findByRole('heading', { level: 1, name: 'Regeneración de contraseñas predeterminadas' })).toBeInTheDocument();
    expect(screen.getByText('1 estudiante por segundo')).toBeInTheDocument();
    expect(screen.getByText('Falta menos de un minuto')).toBeInTheDocument();
    expect(screen.getByText(/^Solicitada por Dana Admin el 7 de diciembre de 2026 a las /)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Cancelar la solicitud' })).toBeInTheDocument();
  });
});
