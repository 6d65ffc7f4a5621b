import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../../test/render-app.tsx';
import { answer } from '../../test/answer.ts';
import { signedIn, staffSession } from './staff-test-api.ts';

const classes = {
  schools: [
    {
      schoolId: 'sch-1',
      schoolName: 'Lincoln Elementary',
      classes: [
        { id: 'c-4b', classNumber: '4-203', name: 'Class 4B', schoolName: 'Lincoln Elementary', studentCount: 24 },
        { id: 'c-5a', classNumber: '5-101', name: 'Class 5A', schoolName: 'Lincoln Elementary', studentCount: 1 },
      ],
    },
  ],
};
const school = { id: 'sch-1', name: 'Lincoln Elementary', displayCode: '02M123', grades: [0, 4, 5] };
const job = {
  id: 'job-7',
  kind: 'reset',
  state: 'done',
  schoolId: 'sch-1',
  schoolName: 'Lincoln Elementary',
  total: 300,
  done: 300,
  createdAt: '2026-12-06T15:00:00Z',
  resultTaken: true,
};

describe('ClassesPage', { timeout: 30_000 }, () => {
  it('lists a teacher’s classes by school, with no grade or school reset', async () => {
    signedIn(staffSession({ role: 'teacher', title: 'Teacher' }));
    answer('get', '/staff/classes', [{ status: 200, body: classes }]);
    const jobs = answer('get', '/staff/jobs', [{ status: 200, body: [] }]);
    renderApp('/staff/classes');
    const section = await screen.findByRole('region', { name: 'Lincoln Elementary' });
    const items = within(section).getAllByRole('listitem');
    expect(items.map((li) => li.textContent)).toEqual(['Class 4B (4-203) 24 students', 'Class 5A (5-101) 1 student']);
    expect(within(items[0]!).getByRole('link')).toHaveAttribute('href', '/staff/classes/c-4b');
    expect(screen.queryByRole('heading', { name: 'A whole grade or the school' })).not.toBeInTheDocument();
    expect(jobs).toEqual([]);
  });

  it('lets an admin reset a grade as a job and follow it', async () => {
    signedIn(staffSession());
    answer('get', '/staff/classes', [{ status: 200, body: classes }]);
    answer('get', '/staff/schools', [{ status: 200, body: [school] }]);
    answer('get', '/staff/jobs', [{ status: 200, body: [job] }]);
    const start = answer('post', '/staff/schools/sch-1/reset', [{ status: 202, body: { ...job, id: 'job-8', state: 'queued', done: 0, grade: 4 } }]);
    answer('get', '/staff/jobs/job-8', [{ status: 200, body: { ...job, id: 'job-8', state: 'running', done: 10, grade: 4, resultTaken: false } }]);
    const user = userEvent.setup();
    const { router } = renderApp('/staff/classes');

    const recent = await screen.findByRole('region', { name: 'Your recent bulk work' });
    expect(await within(recent).findByRole('link', { name: 'Password reset: Lincoln Elementary, whole school' })).toHaveAttribute('href', '/staff/jobs/job-7');
    expect(recent).toHaveTextContent('Done: 300 of 300 students.');

    expect(await screen.findByText('School: Lincoln Elementary')).toBeInTheDocument();
    const grade = screen.getByRole('combobox', { name: 'Students' });
    expect(within(grade).getAllByRole('option').map((o) => o.textContent)).toEqual(['The whole school', 'Kindergarten', 'Grade 4', 'Grade 5']);
    await user.selectOptions(grade, '4');
    await user.click(screen.getByRole('button', { name: 'Reset passwords' }));
    await user.click(await screen.findByRole('button', { name: 'Yes, reset' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Bulk reset progress' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/staff/jobs/job-8');
    expect(start.map((s) => s.body)).toEqual([{ mode: 'generated', mustChange: true, grade: 4 }]);
  });
});
