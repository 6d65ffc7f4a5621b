import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../../test/render-app.tsx';
import { answer, refusal } from '../../test/answer.ts';
import { signedIn, staffCsrf, staffSession } from './staff-test-api.ts';

const admin = staffSession({ role: 'district_admin', title: 'District Administrator', schoolName: undefined });
const lee = {
  id: 's-lee',
  email: 'sam.lee@riverside.example',
  firstName: 'Sam',
  lastName: 'Lee',
  role: 'teacher',
  title: 'Teacher',
  schoolName: 'Lincoln Elementary',
  secondFactorEnrolled: true,
};

describe('MembersPage', { timeout: 30_000 }, () => {
  it('resets a second factor after a confirmation, asking for a fresh code first when the server wants one', async () => {
    signedIn(admin);
    const list = answer('get', '/staff/members', [{ status: 200, body: [lee] }]);
    const reset = answer('delete', '/staff/members/s-lee/second-factor', [refusal(403, 'second_factor_stale'), { status: 204 }]);
    const renewed = { ...admin, csrfToken: 'staff-csrf-2' };
    const renew = answer('post', '/staff/session/second-factor', [refusal(401, 'second_factor_invalid'), { status: 200, body: renewed }]);
    const user = userEvent.setup();
    renderApp('/staff/members');

    expect(await screen.findByRole('heading', { level: 1, name: 'Staff' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Staff' })).toHaveAttribute('aria-current', 'page');
    expect(screen.getByText(/District Administrator · Riverside Unified School District/)).toBeInTheDocument();
    await user.click(await screen.findByRole('button', { name: 'Reset second factor of Sam Lee' }));
    await waitFor(() => expect(screen.getByText('Reset the second factor of Sam Lee?')).toHaveFocus());
    await user.click(screen.getByRole('button', { name: 'Yes, reset it' }));

    const code = await screen.findByLabelText('6-digit code from the app');
    await user.type(code, '111111{Enter}');
    await waitFor(() => expect(screen.getByRole('alert')).toHaveFocus());
    await user.clear(code);
    await user.type(code, '222222{Enter}');

    expect(await screen.findByText('The second factor of Sam Lee is reset.')).toBeInTheDocument();
    expect(reset.map((r) => r.csrf)).toEqual([staffCsrf, 'staff-csrf-2']);
    expect(renew.map((r) => r.body)).toEqual([{ code: '111111' }, { code: '222222' }]);
    expect(list[0]?.query).toBe('');
  });

  it('searches by email or name', async () => {
    signedIn(admin);
    const list = answer('get', '/staff/members', [{ status: 200, body: [lee] }, { status: 200, body: [] }]);
    const user = userEvent.setup();
    renderApp('/staff/members');
    await user.type(await screen.findByLabelText('Email or name'), 'zz{Enter}');
    expect(await screen.findByText('No staff member found.')).toBeInTheDocument();
    expect(list.map((l) => l.query)).toEqual(['', '?q=zz']);
  });

  it('is only for district admins', async () => {
    signedIn();
    answer('get', '/staff/students', [{ status: 200, body: { students: [], more: false } }]);
    const { router } = renderApp('/staff/members');
    expect(await screen.findByRole('heading', { level: 1, name: 'Find a student' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/staff/students');
  });
});
