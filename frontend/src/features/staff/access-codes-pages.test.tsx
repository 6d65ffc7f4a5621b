import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { renderApp } from '../../test/render-app.tsx';
import { answer, refusal } from '../../test/answer.ts';
import { forget } from './shown-once.ts';
import { batch } from './report-test-api.ts';
import { signedIn, staffCsrf, staffSession } from './staff-test-api.ts';

const theClass = {
  class: { id: 'cl-4b', classNumber: '4-203', name: 'Class 4B', schoolName: 'Lincoln Elementary', studentCount: 2 },
  students: [],
};

afterEach(() => forget());

describe('ClassAccessCodesPage', { timeout: 30_000 }, () => {
  it('issues codes for the students who have none, lists them once, and hands them to the letters', async () => {
    signedIn();
    answer('get', '/staff/classes/cl-4b', [{ status: 200, body: theClass }]);
    const issued = answer('post', '/staff/classes/cl-4b/access-codes', [{ status: 200, body: batch }]);
    const user = userEvent.setup();
    const { router } = renderApp('/staff/classes/cl-4b/access-codes');

    expect(await screen.findByRole('heading', { level: 1, name: 'Show access codes' })).toBeInTheDocument();
    expect(await screen.findByText(/for the families of 4-203 Class 4B/)).toBeInTheDocument();
    expect(screen.getByLabelText('Issue codes for students who have none')).toBeChecked();
    await user.click(screen.getByRole('button', { name: 'Issue the codes' }));

    const title = await screen.findByRole('heading', { level: 2, name: 'New access codes' });
    await waitFor(() => expect(title).toHaveFocus());
    expect(issued).toEqual([{ body: { reissue: false }, query: '', csrf: staffCsrf }]);
    const table = screen.getByRole('table', { name: 'New parent access codes, by last name' });
    expect(
      within(table)
        .getAllByRole('row')
        .slice(1)
        .map((row) => row.textContent),
    ).toEqual(['Maya López204815733mayal4821ABCD-EFGH-JKLM', 'Leo Ortiz204815740leoo1234NPQR-STUV-WXYZ']);
    expect(screen.getByText('These codes are shown only once. Download the CSV or print the letters now.')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Print family letters' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Family letters' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/staff/print/letters');
    expect(screen.getAllByRole('article')).toHaveLength(2);
  });

  it('says every student has a code when none was needed, and reissues for everyone after asking', async () => {
    signedIn();
    answer('get', '/staff/classes/cl-4b', [{ status: 200, body: theClass }]);
    const issued = answer('post', '/staff/classes/cl-4b/access-codes', [
      { status: 200, body: { ...batch, students: [] } },
      { status: 200, body: batch },
    ]);
    const user = userEvent.setup();
    renderApp('/staff/classes/cl-4b/access-codes');

    await user.click(await screen.findByRole('button', { name: 'Issue the codes' }));
    expect(await screen.findByRole('status')).toHaveTextContent('Every student already has a code.');
    await user.click(screen.getByLabelText('Reissue for everyone (old codes stop working)'));
    await user.click(screen.getByRole('button', { name: 'Issue the codes' }));
    const question = screen.getByText(/Every earlier code stops working/);
    await waitFor(() => expect(question).toHaveFocus());
    await user.keyboard('{Escape}');
    expect(issued).toHaveLength(1);
    await user.click(screen.getByRole('button', { name: 'Issue the codes' }));
    await user.click(screen.getByRole('button', { name: 'Yes, reissue every code' }));
    expect(await screen.findByRole('heading', { level: 2, name: 'New access codes' })).toBeInTheDocument();
    expect(issued.map((i) => i.body)).toEqual([{ reissue: false }, { reissue: true }]);
  });

  it('tells a teacher that the school office issues codes', async () => {
    signedIn(staffSession({ role: 'teacher', title: 'Teacher' }));
    answer('get', '/staff/classes/cl-4b', [{ status: 200, body: theClass }]);
    renderApp('/staff/classes/cl-4b/access-codes');
    expect(await screen.findByText(/Access codes are issued by the school office/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Issue the codes' })).not.toBeInTheDocument();
  });

  it('shows the server’s refusal', async () => {
    signedIn();
    answer('get', '/staff/classes/cl-4b', [{ status: 200, body: theClass }]);
    answer('post', '/staff/classes/cl-4b/access-codes', [refusal(403, 'not_allowed')]);
    const user = userEvent.setup();
    renderApp('/staff/classes/cl-4b/access-codes');
    await user.click(await screen.findByRole('button', { name: 'Issue the codes' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Your role does not allow this.');
  });
});

describe('SchoolAccessCodesPage', { timeout: 30_000 }, () => {
  const lincoln = { id: 'sc-lincoln', name: 'Lincoln Elementary', displayCode: '02M123', grades: [-1, 4, 5] };

  it('starts a job for one grade, and says so when another job of the school is running', async () => {
    signedIn();
    answer('get', '/staff/schools', [{ status: 200, body: [lincoln] }]);
    const started = answer('post', '/staff/schools/sc-lincoln/access-codes', [refusal(409, 'job_running')]);
    const user = userEvent.setup();
    renderApp('/staff/schools/sc-lincoln/access-codes');

    expect(await screen.findByRole('heading', { level: 1, name: 'Access codes for Lincoln Elementary' })).toBeInTheDocument();
    expect(screen.getByLabelText('The whole school')).toBeChecked();
    await user.click(screen.getByLabelText('One grade'));
    await user.selectOptions(screen.getByLabelText('Grade'), '4');
    await user.click(screen.getByRole('button', { name: 'Start' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Another bulk job for this school is running.');
    expect(within(alert).getByRole('link', { name: 'See By Class' })).toHaveAttribute('href', '/staff/classes');
    expect(started.map((s) => s.body)).toEqual([{ reissue: false, grade: 4 }]);
  });

  it('reissues for the whole school after asking', async () => {
    signedIn();
    answer('get', '/staff/schools', [{ status: 200, body: [lincoln] }]);
    const started = answer('post', '/staff/schools/sc-lincoln/access-codes', [refusal(422, 'empty_selection')]);
    const user = userEvent.setup();
    renderApp('/staff/schools/sc-lincoln/access-codes');
    await user.click(await screen.findByLabelText('Reissue for everyone (old codes stop working)'));
    await user.click(screen.getByRole('button', { name: 'Start' }));
    await user.click(screen.getByRole('button', { name: 'Yes, reissue every code' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Server says empty_selection.');
    expect(started.map((s) => s.body)).toEqual([{ reissue: true }]);
  });

  it('says a school out of scope is not there', async () => {
    signedIn();
    answer('get', '/staff/schools', [{ status: 200, body: [lincoln] }]);
    renderApp('/staff/schools/sc-other/access-codes');
    expect(await screen.findByText('This school is not in your scope.')).toBeInTheDocument();
  });
});
