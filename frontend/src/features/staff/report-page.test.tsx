import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../../test/render-app.tsx';
import { answer, fill, refusal } from '../../test/answer.ts';
import { signedIn, staffSession } from './staff-test-api.ts';
import { rosterFileHref, studentAccountsHref } from './report-page.tsx';

const lincoln = { id: 'sc-lincoln', name: 'Lincoln Elementary', displayCode: '02M123', grades: [-1, 4] };
const hamilton = { id: 'sc-hamilton', name: 'Hamilton Middle', displayCode: '02M456', grades: [] };

const roster = [
  {
    studentNumber: '204815733',
    lastName: 'López',
    firstName: 'Maya',
    grade: 4,
    email: 'mayal4821@riverside.example',
    pinSet: true,
    questionsSet: false,
    passwordChangedAt: '2026-03-04T15:00:00Z',
    mustChangePassword: false,
  },
  {
    studentNumber: '204815001',
    lastName: 'Ortiz',
    firstName: 'Ana',
    grade: -1,
    email: 'anao5001@riverside.example',
    pinSet: false,
    questionsSet: true,
    mustChangePassword: true,
  },
];

function bodyRows(table: HTMLElement) {
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent));
}

describe('ReportPage', { timeout: 30_000 }, () => {
  it('loads the one school, sorts by a column header and filters by name and grade', async () => {
    signedIn();
    answer('get', '/staff/schools', [{ status: 200, body: [lincoln] }]);
    const loads = answer('get', '/staff/schools/sc-lincoln/roster', [{ status: 200, body: roster }]);
    const user = userEvent.setup();
    renderApp('/staff/report');

    expect(await screen.findByRole('heading', { level: 1, name: 'View Report' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'View Report' })).toHaveAttribute('aria-current', 'page');
    expect(await screen.findByText('2 students shown of 2.')).toHaveAttribute('aria-live', 'polite');
    expect(loads).toHaveLength(1);
    expect(screen.getByLabelText('School')).toHaveDisplayValue('Lincoln Elementary (02M123)');
    const table = screen.getByRole('table', { name: 'Students of Lincoln Elementary; the column buttons sort the table' });
    // The student ID heads each row.
    expect(within(table).getAllByRole('rowheader').map((th) => th.textContent)).toEqual(['204815733', '204815001']);
    expect(bodyRows(table)).toEqual([
      ['204815733', 'López', 'Maya', '4', 'mayal4821@riverside.example', 'Yes', 'No', 'March 4, 2026', 'No'],
      ['204815001', 'Ortiz', 'Ana', 'Pre-K', 'anao5001@riverside.example', 'No', 'Yes', 'School-issued password', 'Yes'],
    ]);

    const gradeHeader = within(table).getByRole('columnheader', { name: /Grade/ });
    expect(gradeHeader).not.toHaveAttribute('aria-sort');
    await user.click(within(gradeHeader).getByRole('button', { name: /Grade/ }));
    expect(gradeHeader).toHaveAttribute('aria-sort', 'ascending');
    expect(bodyRows(table).map((r) => r[0])).toEqual(['204815001', '204815733']);
    // The keyboard works the same button.
    within(gradeHeader).getByRole('button').focus();
    await user.keyboard('{Enter}');
    expect(gradeHeader).toHaveAttribute('aria-sort', 'descending');
    expect(bodyRows(table).map((r) => r[0])).toEqual(['204815733', '204815001']);

    await fill(user, 'Student ID, name or email', 'lopez');
    expect(await screen.findByText('1 student shown of 2.')).toBeInTheDocument();
    expect(bodyRows(table).map((r) => r[0])).toEqual(['204815733']);
    await user.selectOptions(screen.getByLabelText('Grade'), 'Pre-K');
    expect(await screen.findByText('No data: no student matches the filter.')).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    await user.clear(screen.getByLabelText('Student ID, name or email'));
    expect(await screen.findByText('1 student shown of 2.')).toBeInTheDocument();

    expect(screen.getByRole('link', { name: 'Download CSV' })).toHaveAttribute('href', '/api/v1/staff/schools/sc-lincoln/roster.csv');
    expect(screen.getByRole('link', { name: 'Download CSV' })).toHaveAttribute('download');
    expect(screen.getByRole('link', { name: 'Download Excel (XLSX)' })).toHaveAttribute('href', '/api/v1/staff/schools/sc-lincoln/roster.xlsx');
    expect(screen.getByRole('link', { name: 'Access codes for this school' })).toHaveAttribute('href', '/staff/schools/sc-lincoln/access-codes');
  });

  it('asks which school when there are several, keeps the choice in the address, and says "No data" for an empty one', async () => {
    signedIn(staffSession({ role: 'teacher', title: 'Teacher' }));
    answer('get', '/staff/schools', [{ status: 200, body: [hamilton, lincoln] }]);
    const empty = answer('get', '/staff/schools/sc-hamilton/roster', [{ status: 200, body: [] }]);
    const user = userEvent.setup();
    const { router } = renderApp('/staff/report');

    const school = await screen.findByLabelText('School');
    expect(school).toHaveDisplayValue('Choose a school');
    expect(screen.queryByRole('status')).not.toBeInTheDocument();
    await user.selectOptions(school, 'Hamilton Middle (02M456)');
    expect(await screen.findByText('No data: this school has no students in your scope.')).toBeInTheDocument();
    expect(empty).toHaveLength(1);
    expect(router.state.location.search).toBe('?school=sc-hamilton');
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    // A teacher gets the report, not the access codes (the school office hands those out), nor
    // the Student Accounts report with its passwords.
    expect(screen.getByRole('link', { name: 'Download CSV' })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Access codes for this school' })).not.toBeInTheDocument();
    expect(screen.queryByRole('group', { name: 'Student Accounts (confidential)' })).not.toBeInTheDocument();
    expect(screen.queryByRole('link', { name: /Student Accounts/ })).not.toBeInTheDocument();
  });

  it('shows a failed load in an alert with a retry', async () => {
    signedIn();
    answer('get', '/staff/schools', [{ status: 200, body: [lincoln] }]);
    answer('get', '/staff/schools/sc-lincoln/roster', [refusal(500, 'internal'), { status: 200, body: roster }]);
    const user = userEvent.setup();
    renderApp('/staff/report');
    expect(await screen.findByRole('alert')).toHaveTextContent('We could not load the report.Server says internal.');
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('2 students shown of 2.')).toBeInTheDocument();
  });

  it('speaks Spanish', async () => {
    window.localStorage.setItem('portal.language', 'es');
    signedIn();
    answer('get', '/staff/schools', [{ status: 200, body: [lincoln] }]);
    answer('get', '/staff/schools/sc-lincoln/roster', [{ status: 200, body: [] }]);
    renderApp('/staff/report');
    expect(await screen.findByRole('heading', { level: 1, name: 'Ver informe' })).toBeInTheDocument();
    expect(await screen.findByText('Sin datos: esta escuela no tiene estudiantes a su cargo.')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole('link', { name: 'Descargar CSV' })).toBeInTheDocument());
    const accounts = screen.getByRole('group', { name: 'Cuentas de estudiantes (confidencial)' });
    expect(accounts).toHaveAccessibleDescription(
      'Usuarios y contraseñas predeterminadas que aún no se cambiaron, por clase; guárdelo en un lugar seguro.',
    );
    expect(within(accounts).getByRole('link', { name: 'Descargar Cuentas de estudiantes Excel (XLSX)' })).toHaveAttribute(
      'href',
      '/api/v1/staff/schools/sc-lincoln/student-accounts.xlsx',
    );
  });

  it.each([
    ['school_admin', 'Principal'],
    ['district_admin', 'District administrator'],
  ] as const)('offers a %s the Student Accounts report, marked confidential, by keyboard', async (role, title) => {
    signedIn(staffSession({ role, title }));
    answer('get', '/staff/schools', [{ status: 200, body: [lincoln] }]);
    answer('get', '/staff/schools/sc-lincoln/roster', [{ status: 200, body: roster }]);
    const user = userEvent.setup();
    renderApp('/staff/report');

    const accounts = await screen.findByRole('group', { name: 'Student Accounts (confidential)' });
    expect(accounts).toHaveAccessibleDescription('Usernames and default passwords not yet changed, by class; keep it safe.');
    const csv = within(accounts).getByRole('link', { name: 'Download Student Accounts CSV' });
    const xlsx = within(accounts).getByRole('link', { name: 'Download Student Accounts Excel (XLSX)' });
    expect(csv).toHaveAttribute('href', '/api/v1/staff/schools/sc-lincoln/student-accounts.csv');
    expect(csv).toHaveAttribute('download');
    expect(xlsx).toHaveAttribute('href', '/api/v1/staff/schools/sc-lincoln/student-accounts.xlsx');
    expect(xlsx).toHaveAttribute('download');
    // Right after the roster's two downloads in the tab order.
    screen.getByRole('link', { name: 'Download Excel (XLSX)' }).focus();
    await user.tab();
    expect(csv).toHaveFocus();
    await user.tab();
    expect(xlsx).toHaveFocus();
  });

  it('links the exports under the API path, the school ID escaped', () => {
    expect(rosterFileHref('a/b', 'csv')).toBe('/api/v1/staff/schools/a%2Fb/roster.csv');
    expect(studentAccountsHref('a/b', 'xlsx')).toBe('/api/v1/staff/schools/a%2Fb/student-accounts.xlsx');
  });
});
