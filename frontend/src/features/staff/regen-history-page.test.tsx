import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../../test/render-app.tsx';
import { answer } from '../../test/answer.ts';
import { regenStatus } from './regen-test-data.ts';
import { signedIn, staffSession } from './staff-test-api.ts';

const admin = staffSession({ role: 'district_admin', title: 'District Administrator', schoolName: undefined });
const path = '/staff/district/regenerations';

const counts = { total: 7, schools: [{ campusCode: '317304', name: 'Lincoln Elementary', total: 7, grades: [{ grade: 3, count: 7 }] }] };
const requests = [
  regenStatus({ id: 'req-2', status: 'running', grades: [3, -2], dryRun: counts, done: 2, durationSeconds: 4 }),
  regenStatus({
    id: 'req-1',
    status: 'cancelled',
    requestedAt: '2026-12-01T15:30:00Z',
    campusCodes: [],
    grades: [],
    alsoReset: false,
    forceChange: false,
    comments: '',
    dryRun: counts,
    done: 3,
    durationSeconds: 65,
  }),
];

describe('RegenHistoryPage', { timeout: 30_000 }, () => {
  it('lists the requests, each leading to its progress, with the CSV download', async () => {
    signedIn(admin);
    answer('get', path, [{ status: 200, body: { requests } }]);
    const user = userEvent.setup();
    const { router } = renderApp('/staff/district/regenerations');

    expect(await screen.findByRole('heading', { level: 1, name: 'History of default password requests' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Default passwords' })).toHaveAttribute('aria-current', 'page');
    expect(screen.getByRole('link', { name: 'Download CSV' })).toHaveAttribute('href', '/api/v1/staff/district/regenerations.csv');
    expect(screen.getByRole('link', { name: 'New request' })).toHaveAttribute('href', '/staff/district/regenerate');

    const table = await screen.findByRole('table', { name: 'Confirmed requests, newest first' });
    const rows = within(table)
      .getAllByRole('row')
      .map((row) => [...row.querySelectorAll(':scope > th, :scope > td')].map((c) => c.textContent));
    expect(rows[0]).toEqual(['Requested at', 'By', 'Filters', 'Comments', 'Previewed', 'Status', 'Done', 'Duration']);
    expect(rows[1]).toEqual([
      expect.stringMatching(/^December 7, 2026, /),
      'Dana Admin',
      'Campus codes317304, 317310Grades3, Pre-K (-2)Also resetYesForce changeYes',
      'Start of term',
      '7',
      'Running',
      '2 of 7',
      '4 s',
    ]);
    expect(rows[2]).toEqual([
      expect.stringMatching(/^December 1, 2026, /),
      'Dana Admin',
      'Campus codesAll schoolsGradesAll gradesAlso resetNoForce changeNo',
      '',
      '7',
      'Cancelled',
      '3 of 7',
      '1 min 5 s',
    ]);

    answer('get', `${path}/req-1`, [{ status: 200, body: requests[1]! }]);
    await user.click(within(table).getByRole('link', { name: /^December 1, 2026/ }));
    expect(router.state.location.pathname).toBe('/staff/district/regenerate/req-1');
  });

  it('says so when there is no request yet, and the form links here', async () => {
    signedIn(admin);
    answer('get', path, [{ status: 200, body: { requests: [] } }]);
    const user = userEvent.setup();
    renderApp('/staff/district/regenerate');
    await user.click(await screen.findByRole('link', { name: 'History of requests' }));
    expect(await screen.findByText('No request has been confirmed in your district yet.')).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Download CSV' })).toBeInTheDocument();
  });

  it('speaks Spanish', async () => {
    window.localStorage.setItem('portal.language', 'es');
    signedIn(admin);
    answer('get', path, [{ status: 200, body: { requests } }]);
    renderApp('/staff/district/regenerations');
    expect(await screen.findByRole('heading', { level: 1, name: 'Historial de solicitudes de contraseñas predeterminadas' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Descargar CSV' })).toBeInTheDocument();
    expect(await screen.findByText('Todas las escuelas')).toBeInTheDocument();
    expect(screen.getByText('Cancelada')).toBeInTheDocument();
  });

  it('is only for district admins', async () => {
    signedIn();
    answer('get', '/staff/students', [{ status: 200, body: { students: [], more: false } }]);
    const { router } = renderApp('/staff/district/regenerations');
    expect(await screen.findByRole('heading', { level: 1, name: 'Find a student' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/staff/students');
  });
});
