import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { answer, fill, refusal } from '../../test/answer.ts';
import { renderApp } from '../../test/render-app.tsx';
import { maya, signedIn, staffCsrf, staffSession, staffStudent } from './staff-test-api.ts';

const token = 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcde';
const issued = (studentId = maya.id, firstName = maya.firstName, badgeId = 'B7K2M9QX') => ({
  studentId,
  firstName,
  lastName: maya.lastName,
  username: maya.username,
  grade: 1,
  badgeId,
  token,
  signInUrl: `http://localhost/badge#${token}`,
  issuedAt: '2026-03-04T15:00:00Z',
});
const young = (extra: Record<string, unknown> = {}) =>
  staffStudent({ student: { ...maya, grade: 1 }, youngStudent: true, badgeEligible: true, allowedActions: ['issue_badge'], ...extra });
const withBadge = young({ badge: { badgeId: 'A1B2C3D4', issuedAt: '2026-01-10T15:00:00Z', lastUsedAt: '2026-03-01T15:00:00Z' } });

/** qrOf is the QR an element's region draws: an SVG image named for the student. */
function qrOf(name: string) {
  return screen.getByRole('img', { name: `QR badge of ${name}` });
}

describe('badges on By Student', { timeout: 30_000 }, () => {
  it('issues a badge, shows its QR once and prints it on a login card with the badge id', async () => {
    signedIn();
    answer('get', `/staff/students/${maya.id}`, [{ status: 200, body: young() }, { status: 200, body: withBadge }]);
    const posted = answer('post', `/staff/students/${maya.id}/badge`, [{ status: 200, body: issued() }]);
    const user = userEvent.setup();
    const { router } = renderApp(`/staff/students/${maya.id}`);

    const section = await screen.findByRole('region', { name: 'QR badge' });
    expect(within(section).getByText('No badge yet.')).toBeInTheDocument();
    await user.click(within(section).getByRole('button', { name: 'Issue badge' }));

    expect(await within(section).findByText('The new badge is ready. It is shown only now: print the card.')).toBeInTheDocument();
    expect(posted).toHaveLength(1);
    expect(posted[0]?.csrf).toBe(staffCsrf);
    expect(qrOf('Maya Lopez').tagName.toLowerCase()).toBe('svg');
    expect(within(section).getByText('Badge B7K2M9QX')).toBeInTheDocument();
    // The status is asked for again: the badge's id and dates show.
    expect(await within(section).findByText('A1B2C3D4')).toBeInTheDocument();

    await user.click(within(section).getByRole('button', { name: 'Print badge card' }));
    expect(router.state.location.pathname).toBe('/staff/print/cards');
    const card = (await screen.findByText('Maya Lopez', { selector: '.login-card__name' })).closest('li');
    if (!card) throw new Error('no card');
    expect(within(card).getByRole('img', { name: 'QR badge of Maya Lopez' })).toBeInTheDocument();
    expect(within(card).getByText('Badge B7K2M9QX')).toBeInTheDocument();
    expect(within(card).getByText('mayal4821')).toBeInTheDocument();
    // No password on a badge card, and the token is never printed as text.
    expect(within(card).queryByText('Password')).not.toBeInTheDocument();
    expect(document.body.textContent).not.toContain(token);
  });

  it('shows the badge’s dates, and revokes only after a confirmation', async () => {
    signedIn();
    answer('get', `/staff/students/${maya.id}`, [{ status: 200, body: withBadge }, { status: 200, body: young() }]);
    const revoked = answer('delete', `/staff/students/${maya.id}/badge`, [{ status: 204 }]);
    const user = userEvent.setup();
    renderApp(`/staff/students/${maya.id}`);

    const section = await screen.findByRole('region', { name: 'QR badge' });
    expect(within(section).getByText('A1B2C3D4')).toBeInTheDocument();
    expect(within(section).getByText('January 10, 2026')).toBeInTheDocument();
    expect(within(section).getByText('March 1, 2026')).toBeInTheDocument();

    await user.click(within(section).getByRole('button', { name: 'Revoke badge' }));
    expect(screen.getByText('Revoke this badge? It stops working at once.')).toHaveFocus();
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(revoked).toHaveLength(0);
    expect(within(section).getByRole('button', { name: 'Revoke badge' })).toBeInTheDocument();

    await user.click(within(section).getByRole('button', { name: 'Revoke badge' }));
    await user.click(screen.getByRole('button', { name: 'Yes, revoke it' }));
    expect(await within(section).findByText('The badge is revoked. It no longer signs in.')).toBeInTheDocument();
    expect(revoked).toHaveLength(1);
    expect(await within(section).findByText('No badge yet.')).toBeInTheDocument();
  });

  it('says why a student outside the badge grades gets none', async () => {
    signedIn();
    answer('get', `/staff/students/${maya.id}`, [{ status: 200, body: young() }]);
    answer('post', `/staff/students/${maya.id}/badge`, [refusal(422, 'badge_not_eligible')]);
    const user = userEvent.setup();
    renderApp(`/staff/students/${maya.id}`);

    await user.click(await screen.findByRole('button', { name: 'Issue badge' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Badges are for the youngest grades only. This student signs in with a password.');
  });

  it('shows no badge section without issue_badge', async () => {
    signedIn();
    answer('get', `/staff/students/${maya.id}`, [{ status: 200, body: young({ allowedActions: ['reset_password'] }) }]);
    renderApp(`/staff/students/${maya.id}`);
    expect(await screen.findByRole('heading', { level: 1, name: 'Maya Lopez' })).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'QR badge' })).not.toBeInTheDocument();
  });
});

describe('badges for a class', { timeout: 30_000 }, () => {
  const klass = { id: 'c-1a', classNumber: '1-101', name: 'Class 1A', schoolName: 'Lincoln Elementary', studentCount: 1 };
  const roster = {
    class: klass,
    students: [
      {
        id: maya.id,
        studentNumber: maya.studentNumber,
        username: maya.username,
        firstName: 'Maya',
        lastName: 'Lopez',
        grade: 1,
        pinSet: false,
        questionsSet: false,
        mustChangePassword: false,
        recoveryLocked: false,
        schoolIssuedPasswordAvailable: false,
      },
    ],
  };

  it('issues badges with the reissue choice and opens their cards, ten a page', async () => {
    signedIn(staffSession({ role: 'teacher', title: 'Teacher' }));
    answer('get', `/staff/classes/${klass.id}`, [{ status: 200, body: roster }]);
    const twelve = Array.from({ length: 12 }, (_, i) => issued(`st-${i}`, `Kid${i}`, `BADGE0${String(i).padStart(2, '0')}`));
    const posted = answer('post', `/staff/classes/${klass.id}/badges`, [{ status: 200, body: { class: klass, badges: twelve } }]);
    const user = userEvent.setup();
    const { router } = renderApp(`/staff/classes/${klass.id}`);

    const section = await screen.findByRole('region', { name: 'Badges for this class' });
    await user.click(within(section).getByRole('radio', { name: 'Every student (old badges stop working)' }));
    await user.click(within(section).getByRole('button', { name: 'Issue badges' }));

    await waitFor(() => expect(router.state.location.pathname).toBe('/staff/print/cards'));
    expect(posted.map((p) => p.body)).toEqual([{ reissue: true }]);
    expect(await screen.findByText('12 cards on 2 pages (10 a page).')).toBeInTheDocument();
    expect(screen.getByRole('list', { name: 'Page 1 of 2' }).children).toHaveLength(10);
    expect(screen.getByRole('list', { name: 'Page 2 of 2' }).children).toHaveLength(2);
    expect(screen.getAllByRole('img', { name: /^QR badge of / })).toHaveLength(12);
    expect(screen.getAllByText(/Lincoln Elementary · Class 1A/)).toHaveLength(12);
  });

  it('says so when nobody needed a badge', async () => {
    signedIn();
    answer('get', `/staff/classes/${klass.id}`, [{ status: 200, body: roster }]);
    const posted = answer('post', `/staff/classes/${klass.id}/badges`, [{ status: 200, body: { class: klass, badges: [] } }]);
    const user = userEvent.setup();
    renderApp(`/staff/classes/${klass.id}`);

    const section = await screen.findByRole('region', { name: 'Badges for this class' });
    await user.click(within(section).getByRole('button', { name: 'Issue badges' }));
    expect(await within(section).findByText(/No badge was issued/)).toBeInTheDocument();
    expect(posted.map((p) => p.body)).toEqual([{ reissue: false }]);
  });
});

describe('year-end void', { timeout: 30_000 }, () => {
  const lincoln = { id: 'sc-lincoln', name: 'Lincoln Elementary', displayCode: '02M123', grades: [0, 1, 2] };

  it('sends the typed school code, says what the server refused, then how many badges ended', async () => {
    signedIn();
    answer('get', '/staff/schools', [{ status: 200, body: [lincoln] }]);
    const posted = answer('post', '/staff/schools/sc-lincoln/badges/void', [refusal(422, 'confirmation_mismatch'), { status: 200, body: { voided: 31 } }]);
    const user = userEvent.setup();
    renderApp('/staff/schools/sc-lincoln/access-codes');

    const section = await screen.findByRole('region', { name: 'End of the school year: void every badge' });
    await fill(user, 'Type the school code 02M123 to confirm', '02M124');
    await user.click(within(section).getByRole('button', { name: 'Void every badge' }));
    const field = screen.getByLabelText('Type the school code 02M123 to confirm');
    await waitFor(() => expect(field).toHaveAccessibleDescription('That is not the school code. Type the code shown above exactly.'));

    await fill(user, 'Type the school code 02M123 to confirm', ' 02M123 ');
    await user.click(within(section).getByRole('button', { name: 'Void every badge' }));
    expect(await within(section).findByText('31 badges voided.')).toBeInTheDocument();
    expect(posted.map((p) => p.body)).toEqual([{ confirmSchoolCode: '02M124' }, { confirmSchoolCode: '02M123' }]);
  });

  it('is not offered to a teacher', async () => {
    signedIn(staffSession({ role: 'teacher', title: 'Teacher' }));
    answer('get', '/staff/schools', [{ status: 200, body: [lincoln] }]);
    renderApp('/staff/schools/sc-lincoln/access-codes');
    expect(await screen.findByText(/Access codes are issued by the school office/)).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'End of the school year: void every badge' })).not.toBeInTheDocument();
  });
});
