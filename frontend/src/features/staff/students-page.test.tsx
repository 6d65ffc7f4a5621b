import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../../test/render-app.tsx';
import { answer, fill, refusal } from '../../test/answer.ts';
import { maya, signedIn, staffStudent } from './staff-test-api.ts';

const leo = { ...maya, id: 'st-leo', studentNumber: '204815740', username: 'leol1234', firstName: 'Leo', grade: 0 };

describe('StudentsPage', { timeout: 30_000 }, () => {
  it('finds students, says how many in a live status, and opens one', async () => {
    signedIn();
    const search = answer('get', '/staff/students', [{ status: 200, body: { students: [maya, leo], more: true } }]);
    answer('get', '/staff/students/st-leo', [{ status: 200, body: staffStudent({ student: leo }) }]);
    const user = userEvent.setup();
    const { router } = renderApp('/staff/students');

    expect(await screen.findByRole('heading', { level: 1, name: 'Find a student' })).toBeInTheDocument();
    await waitFor(() => expect(document.title).toBe('Find a student – Password Help – Riverside Unified School District'));
    expect(screen.getByRole('search')).toBeInTheDocument();
    await fill(user, 'Student ID, username, email or name', ' lopez ');
    await user.keyboard('{Enter}');

    const count = await screen.findByText('2 students found.');
    expect(count).toHaveAttribute('aria-live', 'polite');
    expect(search.map((s) => s.query)).toEqual(['?q=lopez']);
    const table = screen.getByRole('table', { name: 'Students found' });
    const rows = within(table).getAllByRole('row');
    expect(rows.map((row) => within(row).queryAllByRole('cell').map((cell) => cell.textContent))).toEqual([
      [],
      ['204815733', 'mayal4821', '4', 'Lincoln Elementary'],
      ['204815740', 'leol1234', 'Kindergarten', 'Lincoln Elementary'],
    ]);
    expect(screen.getByText('More students match than are listed. Type more of the name.')).toBeInTheDocument();
    // The search is not in the address: it may be a student's name.
    expect(router.state.location.search).toBe('');

    await user.click(within(table).getByRole('link', { name: /Lopez, Leo/ }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Leo Lopez' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/staff/students/st-leo');

    await router.navigate(-1);
    expect(await screen.findByText('2 students found.')).toBeInTheDocument();
    expect(screen.getByLabelText('Student ID, username, email or name')).toHaveValue('lopez');
  });

  it('asks for 2 characters before searching, and says when nothing matched', async () => {
    signedIn();
    const search = answer('get', '/staff/students', [{ status: 200, body: { students: [], more: false } }]);
    const user = userEvent.setup();
    renderApp('/staff/students');
    const field = await screen.findByLabelText('Student ID, username, email or name');
    await user.type(field, 'm{Enter}');
    expect(field).toHaveFocus();
    expect(field).toHaveAccessibleDescription(/Type at least 2 characters\./);
    expect(search).toHaveLength(0);
    await user.type(field, 'x{Enter}');
    expect(await screen.findByText('No student found. Check the spelling, or search by student ID.')).toBeInTheDocument();
  });

  it('shows the server refusal of a search', async () => {
    signedIn();
    const search = answer('get', '/staff/students', [refusal(422, 'search_too_short')]);
    const user = userEvent.setup();
    renderApp('/staff/students');
    await user.type(await screen.findByLabelText('Student ID, username, email or name'), '--{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent('Type at least 2 characters.');
    expect(search).toHaveLength(1);
  });

  it('speaks Spanish', async () => {
    window.localStorage.setItem('portal.language', 'es');
    signedIn();
    renderApp('/staff/students');
    expect(await screen.findByRole('heading', { level: 1, name: 'Buscar un estudiante' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Por estudiante' })).toHaveAttribute('aria-current', 'page');
  });
});
