import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../../test/render-app.tsx';
import { answer, refusal } from '../../test/answer.ts';
import { heldFor } from './shown-once.ts';
import { signedIn } from './staff-test-api.ts';

const job = {
  id: 'job-1',
  kind: 'reset',
  mode: 'generated',
  mustChange: true,
  state: 'running',
  schoolId: 'sch-1',
  schoolName: 'Lincoln Elementary',
  grade: 4,
  total: 3,
  done: 0,
  createdAt: '2026-12-07T01:00:00Z',
  resultTaken: false,
};

describe('JobPage', { timeout: 30_000 }, () => {
  it('follows the progress until the job ends, then shows the result once', async () => {
    signedIn();
    const polls = answer('get', '/staff/jobs/job-1', [
      { status: 200, body: { ...job, state: 'queued' } },
      { status: 200, body: { ...job, done: 2 } },
      { status: 200, body: { ...job, state: 'done', done: 3, finishedAt: '2026-12-07T01:00:05Z' } },
    ]);
    const students = [
      { id: 'a', firstName: 'Ana', lastName: 'Ruiz', username: 'anar1', password: 'Pw-Ana-1' },
      { id: 'b', firstName: 'Leo', lastName: 'Chen', username: 'leoc1', password: 'Pw-Leo-2' },
    ];
    const take = answer('post', '/staff/jobs/job-1/result', [{ status: 200, body: { job: { ...job, state: 'done', done: 3 }, students } }]);
    const user = userEvent.setup();
    renderApp('/staff/jobs/job-1');

    expect(await screen.findByRole('heading', { level: 1, name: 'Bulk reset progress' })).toBeInTheDocument();
    expect(screen.getByText('Password reset: Lincoln Elementary, Grade 4')).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('Waiting to start: 0 of 3 students.');
    expect(screen.getByText(/You can close this page: the work goes on/)).toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('Working: 2 of 3 students done.'), { timeout: 3000 });
    expect(screen.getByRole('progressbar')).toHaveAttribute('value', '2');
    const show = await screen.findByRole('button', { name: 'Show the result (once)' }, { timeout: 3000 });
    expect(screen.getByRole('progressbar')).toHaveAttribute('value', '3');
    expect(screen.queryByText(/You can close this page/)).not.toBeInTheDocument();

    await user.click(show);
    expect(await screen.findByRole('heading', { level: 2, name: 'New passwords: shown only once' })).toBeInTheDocument();
    expect(screen.getByText('Pw-Leo-2')).toBeInTheDocument();
    expect(take).toHaveLength(1);
    // Done: the page stops asking.
    const asked = polls.length;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(polls.length).toBe(asked);
  });

  it('says a result already taken cannot be shown again', async () => {
    signedIn();
    answer('get', '/staff/jobs/job-1', [{ status: 200, body: { ...job, state: 'done', done: 3 } }]);
    answer('post', '/staff/jobs/job-1/result', [refusal(410, 'result_taken')]);
    const user = userEvent.setup();
    renderApp('/staff/jobs/job-1');
    await user.click(await screen.findByRole('button', { name: 'Show the result (once)' }));
    expect(await screen.findByText(/This result was already shown once/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Show the result (once)' })).not.toBeInTheDocument();
  });

  it('says why a job failed', async () => {
    signedIn();
    answer('get', '/staff/jobs/job-1', [{ status: 200, body: { ...job, state: 'failed', done: 1, error: 'The database went away.' } }]);
    renderApp('/staff/jobs/job-1');
    expect(await screen.findByRole('alert')).toHaveTextContent('It stopped: The database went away.');
    expect(screen.queryByRole('button', { name: 'Show the result (once)' })).not.toBeInTheDocument();
  });

  it('shows an access-code job’s codes once and hands the family letters to their print page', async () => {
    signedIn();
    const codesJob = { ...job, kind: 'access_codes', reissue: false, state: 'done', done: 1, total: 1 };
    answer('get', '/staff/jobs/job-1', [{ status: 200, body: codesJob }]);
    const letters = {
      schoolName: 'Lincoln Elementary',
      districtName: 'Riverside Unified School District',
      familyPortalUrl: 'https://family.riverside.example',
      expiresAt: '2027-02-01T00:00:00Z',
      students: [
        { id: 'a', studentNumber: '204811', firstName: 'Ana', lastName: 'Ruiz', username: 'anar1', grade: 4, accessCode: 'ABCD2345EFGH', locale: 'es' },
      ],
    };
    const students = [{ id: 'a', firstName: 'Ana', lastName: 'Ruiz', username: 'anar1', accessCode: 'ABCD2345EFGH' }];
    answer('post', '/staff/jobs/job-1/result', [{ status: 200, body: { job: codesJob, students, letters } }]);
    const user = userEvent.setup();
    renderApp('/staff/jobs/job-1');
    expect(await screen.findByRole('heading', { level: 1, name: 'Access codes progress' })).toBeInTheDocument();
    await user.click(await screen.findByRole('button', { name: 'Show the result (once)' }));
    expect(await screen.findByRole('heading', { level: 2, name: 'New access codes: shown only once' })).toBeInTheDocument();
    expect(screen.getByText('ABCD-2345-EFGH')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Print login cards' })).not.toBeInTheDocument();
    // The letters page is the access-code pages' (its own tests); the link hands it the letters.
    const link = screen.getByRole('link', { name: 'Print family letters' });
    expect(link).toHaveAttribute('href', '/staff/print/letters');
    await user.click(link);
    expect(heldFor('letters')).toEqual(letters);
  });
});
