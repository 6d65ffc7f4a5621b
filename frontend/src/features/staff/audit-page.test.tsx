import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../../test/render-app.tsx';
import { answer, fill, refusal } from '../../test/answer.ts';
import { signedIn } from './staff-test-api.ts';
import { csvHref, filtersOf } from './audit-page.tsx';

function event(id: number, action = 'password_changed') {
  return {
    id,
    occurredAt: '2026-03-04T15:00:00Z',
    actorKind: 'staff',
    actor: 'ana.rivera@riverside.example',
    subjectKind: 'student',
    subject: 'Maya Lopez (mayal4821)',
    studentNumber: '204815733',
    action,
    path: 'staff',
    outcome: 'succeeded',
  };
}

describe('filtersOf and csvHref', () => {
  it('keep only the filled-in filters, trimmed, and put them in the CSV link', () => {
    const filters = filtersOf({ student: ' 204815733 ', staff: '', action: 'pin_changed', path: 'guardian', from: '2026-03-01', to: '' });
    expect(filters).toEqual({ student: '204815733', action: 'pin_changed', path: 'guardian', from: '2026-03-01' });
    expect(csvHref(filters)).toBe('/api/v1/staff/audit.csv?student=204815733&action=pin_changed&path=guardian&from=2026-03-01');
    expect(csvHref({})).toBe('/api/v1/staff/audit.csv');
    expect(filtersOf({ student: '', staff: '', action: '', path: 'nonsense', from: '', to: '' })).toEqual({});
  });
});

describe('AuditPage', { timeout: 30_000 }, () => {
  it('lists events, filters them, pages back to older ones, and links the CSV with the same filters', async () => {
    signedIn();
    const audit = answer('get', '/staff/audit', [
      { status: 200, body: { events: [event(9), event(8)], nextBefore: 8 } },
      { status: 200, body: { events: [event(5, 'pin_changed')], nextBefore: 5 } },
      { status: 200, body: { events: [event(4, 'pin_changed')] } },
    ]);
    const user = userEvent.setup();
    renderApp('/staff/audit');

    expect(await screen.findByRole('heading', { level: 1, name: 'Audit' })).toBeInTheDocument();
    expect(await screen.findByText('2 events shown.')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Audit' })).toHaveAttribute('aria-current', 'page');
    const table = screen.getByRole('table', { name: 'Events, newest first' });
    expect(within(table).getAllByRole('row')).toHaveLength(3);
    expect(within(table).getAllByText('Maya Lopez (mayal4821)')).toHaveLength(2);

    await fill(user, 'Student (ID)', '204815733');
    await fill(user, 'Action', 'pin_changed');
    await user.selectOptions(screen.getByLabelText('Path'), 'Guardian');
    await fill(user, 'From', '2026-03-01');
    await user.click(screen.getByRole('button', { name: 'Show' }));
    expect(await screen.findByText('1 event shown.')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Download CSV' })).toHaveAttribute(
      'href',
      '/api/v1/staff/audit.csv?student=204815733&action=pin_changed&path=guardian&from=2026-03-01',
    );

    await user.click(screen.getByRole('button', { name: 'Show older events' }));
    expect(await screen.findByText('2 events shown.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Show older events' })).not.toBeInTheDocument();
    expect(audit.map((a) => a.query)).toEqual([
      '',
      '?student=204815733&action=pin_changed&path=guardian&from=2026-03-01',
      '?student=204815733&action=pin_changed&path=guardian&from=2026-03-01&before=5',
    ]);
  });

  it('says a refused filter next to its field, which takes focus', async () => {
    signedIn();
    const audit = answer('get', '/staff/audit', [
      { status: 200, body: { events: [] } },
      refusal(422, 'invalid_filter', { details: [{ rule: 'invalid_filter', message: 'The first day comes after the last.', field: 'from' }] }),
    ]);
    const user = userEvent.setup();
    renderApp('/staff/audit');
    await screen.findByText('No events match.');
    await fill(user, 'From', '2026-03-09');
    await fill(user, 'To', '2026-03-01');
    await user.click(screen.getByRole('button', { name: 'Show' }));
    const from = screen.getByLabelText('From');
    await waitFor(() => expect(from).toHaveFocus());
    expect(from).toHaveAccessibleDescription('The first day comes after the last.');
    expect(audit[1]?.query).toBe('?from=2026-03-09&to=2026-03-01');
  });

  it('shows any other failure in an alert', async () => {
    signedIn();
    answer('get', '/staff/audit', [refusal(500, 'internal')]);
    renderApp('/staff/audit');
    expect(await screen.findByRole('alert')).toHaveTextContent('We could not load the events.Server says internal.');
  });

  it('speaks Spanish', async () => {
    window.localStorage.setItem('portal.language', 'es');
    signedIn();
    answer('get', '/staff/audit', [{ status: 200, body: { events: [] } }]);
    renderApp('/staff/audit');
    expect(await screen.findByRole('heading', { level: 1, name: 'Auditoría' })).toBeInTheDocument();
    expect(await screen.findByText('Ningún evento coincide.')).toBeInTheDocument();
  });
});
