import { screen, waitFor, within } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { answer, refusal } from '../../test/answer.ts';
import { renderApp } from '../../test/render-app.tsx';
import { contentDisposition } from './setup-queries.ts';
import { answerUpload, checkFailed, draftImport, importId, setupAdmin, setupApi, zipFile } from './setup-test-data.ts';
import { signedIn, staffCsrf } from './staff-test-api.ts';

const page = '/staff/district/setup';
const applyPath = `/staff/district/roster/imports/${importId}/apply`;

/** cells is a table's rows, a list of cell texts each. */
function cells(table: HTMLElement): (string | null)[][] {
  return within(table)
    .getAllByRole('row')
    .map((row) => [...row.querySelectorAll('th, td')].map((c) => c.textContent));
}

async function checkFile(user: UserEvent, file = zipFile()) {
  await user.upload(await screen.findByLabelText('OneRoster file (.zip)'), file);
  await user.click(screen.getByRole('button', { name: 'Check the file' }));
}

async function applyPlan(user: UserEvent) {
  await user.click(await screen.findByRole('button', { name: 'Apply this import' }));
  await user.click(await screen.findByRole('button', { name: 'Yes, apply it' }));
}

describe('SetupRoster', { timeout: 30_000 }, () => {
  it('is a district admin page with three sections in order, the limit said up front and the past imports', async () => {
    signedIn(setupAdmin);
    setupApi({
      imports: [
        draftImport({ state: 'applied', appliedAt: '2026-12-06T18:00:00Z' }),
        draftImport({ importId: 'old', state: 'failed', source: 'command_line', fileName: undefined, createdBy: { name: 'command line' }, failure: 'The database went away.' }),
      ],
    });
    renderApp(page);
    expect(await screen.findByRole('heading', { level: 1, name: 'District setup' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'District setup' })).toHaveAttribute('aria-current', 'page');
    expect(screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent)).toEqual([
      'Roster (OneRoster)',
      'Directory write-back',
      'Staff sign-in (single sign-on)',
    ]);
    const input = screen.getByLabelText('OneRoster file (.zip)');
    expect(input).toHaveAttribute('type', 'file');
    expect(input).toHaveAttribute('accept', '.zip,application/zip');
    expect(input).toHaveAccessibleDescription(/at most 64 MiB/);

    const history = await screen.findByRole('table', { name: 'Past roster imports, newest first' });
    const rows = cells(history);
    expect(rows[0]).toEqual(['Date', 'By', 'From', 'State', 'Changes']);
    expect(rows[1]?.slice(1)).toEqual(['Dana Admin', 'Upload (roster.zip)', 'Applied', '10 added, 3 changed, 5 retired']);
    expect(rows[1]?.[0]).toMatch(/^December 6, 2026 /);
    expect(rows[2]?.slice(1)).toEqual(['command line', 'Command line', 'FailedThe database went away.', '10 added, 3 changed, 5 retired']);
  });

  it('asks for a file before checking, and sends none', async () => {
    signedIn(setupAdmin);
    setupApi();
    const uploads = answerUpload([{ status: 200, body: draftImport() }]);
    const user = userEvent.setup();
    renderApp(page);
    await user.click(await screen.findByRole('button', { name: 'Check the file' }));
    const input = screen.getByLabelText('OneRoster file (.zip)');
    await waitFor(() => expect(input).toHaveFocus());
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(input).toHaveAccessibleDescription(/^Choose a \.zip file first\./);
    expect(uploads).toHaveLength(0);
  });

  it('sends the zip as bytes and lists every error by file, row and column, with how many more', async () => {
    signedIn(setupAdmin);
    setupApi();
    const uploads = answerUpload([{ status: 422, body: checkFailed }]);
    const user = userEvent.setup();
    renderApp(page);
    await checkFile(user);

    const title = await screen.findByRole('heading', { level: 3, name: 'The file has errors' });
    await waitFor(() => expect(title).toHaveFocus());
    expect(uploads).toHaveLength(1);
    expect([...(uploads[0]?.bytes ?? [])]).toEqual([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]);
    expect(uploads[0]?.contentType).toBe('application/zip');
    expect(uploads[0]?.contentDisposition).toBe("attachment; filename*=UTF-8''roster.zip");
    expect(uploads[0]?.csrf).toBe(staffCsrf);
    expect(screen.getByText('1,003 errors were found. Nothing was changed: fix the files and check again.')).toBeInTheDocument();
    expect(cells(screen.getByRole('table', { name: 'Errors in the file, by file, row and column' }))).toEqual([
      ['File', 'Row', 'Column', 'Problem'],
      ['users.csv', '14', 'grades', '"14" is not a OneRoster grade code (use IT, PR, PK, TK, KG, 01–13, UG).'],
      ['enrollments.csv', '3', 'classSourcedId', 'class "class-x" is not in classes.csv.'],
      ['manifest.csv', 'Whole file', '', 'The manifest names no users.csv.'],
    ]);
    expect(screen.getByText('And 1,000 more errors.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Apply this import' })).not.toBeInTheDocument();

    // Another file clears the answer about the last one.
    await user.upload(screen.getByLabelText('OneRoster file (.zip)'), zipFile('fixed.zip'));
    expect(screen.queryByRole('heading', { name: 'The file has errors' })).not.toBeInTheDocument();
  });

  it.each([
    [refusal(400, 'not_a_zip'), /^This file is not a zip\./],
    [refusal(413, 'upload_too_large'), /^This file is larger than the 64 MiB limit\./],
  ])('says at the field what is wrong with the file (%j)', async (answerWith, words) => {
    signedIn(setupAdmin);
    setupApi();
    answerUpload([answerWith]);
    const user = userEvent.setup();
    renderApp(page);
    await checkFile(user);
    const input = screen.getByLabelText('OneRoster file (.zip)');
    await waitFor(() => expect(input).toHaveFocus());
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(input).toHaveAccessibleDescription(words);
  });

  it('names any file in an ASCII header', () => {
    expect(contentDisposition("Año 2026 (it's final).zip")).toBe("attachment; filename*=UTF-8''A%C3%B1o%202026%20%28it%27s%20final%29.zip");
  });

  it('refuses a file over 64 MiB before sending it', async () => {
    signedIn(setupAdmin);
    setupApi();
    const uploads = answerUpload([{ status: 200, body: draftImport() }]);
    const user = userEvent.setup();
    renderApp(page);
    const big = zipFile('huge.zip');
    Object.defineProperty(big, 'size', { value: 64 * 1024 * 1024 + 1 });
    await checkFile(user, big);
    const input = screen.getByLabelText('OneRoster file (.zip)');
    await waitFor(() => expect(input).toHaveAccessibleDescription(/^This file is larger than the 64 MiB limit\./));
    expect(uploads).toHaveLength(0);
  });

  it('asks for the second factor again when it is stale, then checks the same file', async () => {
    signedIn(setupAdmin);
    setupApi();
    const uploads = answerUpload([refusal(403, 'second_factor_stale'), { status: 200, body: draftImport() }]);
    answer('post', '/staff/session/second-factor', [{ status: 200, body: { ...setupAdmin, csrfToken: 'staff-csrf-2' } }]);
    const user = userEvent.setup();
    renderApp(page);
    await checkFile(user);
    await user.type(await screen.findByLabelText('6-digit code from the app'), '123456{Enter}');
    expect(await screen.findByRole('heading', { level: 3, name: 'What this import would change' })).toBeInTheDocument();
    expect(uploads.map((u) => u.csrf)).toEqual([staffCsrf, 'staff-csrf-2']);
    expect(uploads[1]?.bytes).toEqual(uploads[0]?.bytes);
  });

  it('shows the plan per file with a plain warning, applies it after asking, and follows it until applied', async () => {
    signedIn(setupAdmin);
    const loads = setupApi();
    answerUpload([{ status: 200, body: draftImport() }]);
    const apply = answer('post', applyPath, [{ status: 202, body: draftImport({ state: 'applying' }) }]);
    const polls = answer('get', `/staff/district/roster/imports/${importId}`, [
      { status: 200, body: draftImport({ state: 'applying' }) },
      { status: 200, body: draftImport({ state: 'applied', appliedAt: '2026-12-07T10:05:00Z', finishedAt: '2026-12-07T10:05:02Z' }) },
    ]);
    const user = userEvent.setup();
    renderApp(page);
    await checkFile(user);

    const title = await screen.findByRole('heading', { level: 3, name: 'What this import would change' });
    await waitFor(() => expect(title).toHaveFocus());
    expect(screen.getByText('The file "roster.zip" has no errors.')).toBeInTheDocument();
    expect(cells(screen.getByRole('table', { name: 'What applying the import would change, per file' }))).toEqual([
      ['File', 'Added', 'Changed', 'Retired', 'Unchanged'],
      ['orgs.csv', '1', '0', '0', '3'],
      ['classes.csv', '1', '2', '0', '12'],
      ['users.csv', '4', '1', '2', '310'],
      ['enrollments.csv', '4', '0', '3', '311'],
    ]);
    const warning = '2 people are not in the file and would be retired: they can no longer sign in. Their accounts and their history are kept.';
    expect(screen.getByText(warning)).toBeInTheDocument();
    expect(screen.getByText(/^Nothing has changed yet\./)).toBeInTheDocument();

    // Keyboard alone: Enter opens the question, Escape closes it and the focus comes back.
    const button = screen.getByRole('button', { name: 'Apply this import' });
    button.focus();
    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.getByText('Apply this import now?')).toHaveFocus());
    expect(within(screen.getByRole('group', { name: 'Apply this import now?' })).getByText(warning)).toBeInTheDocument();
    await user.keyboard('{Escape}');
    await waitFor(() => expect(button).toHaveFocus());
    expect(apply).toHaveLength(0);

    await applyPlan(user);
    expect(await screen.findByText('The import is applied: the district now matches the file.', {}, { timeout: 5000 })).toBeInTheDocument();
    expect(apply).toHaveLength(1);
    expect(apply[0]?.csrf).toBe(staffCsrf);
    expect(polls.length).toBeGreaterThanOrEqual(1);
    expect(screen.queryByRole('button', { name: 'Apply this import' })).not.toBeInTheDocument();
    // Applying and its end refresh the past imports.
    await waitFor(() => expect(loads.imports.length).toBeGreaterThanOrEqual(3));
  });

  it('says nobody would be retired, and how a failed import ended', async () => {
    signedIn(setupAdmin);
    setupApi();
    const plan = draftImport().plan.files.map((f) => ({ ...f, retired: 0 }));
    answerUpload([{ status: 200, body: draftImport({ plan: { files: plan } }) }]);
    answer('post', applyPath, [{ status: 202, body: draftImport({ state: 'failed', failure: 'The database went away.' }) }]);
    answer('get', `/staff/district/roster/imports/${importId}`, [{ status: 200, body: draftImport({ state: 'failed', failure: 'The database went away.' }) }]);
    const user = userEvent.setup();
    renderApp(page);
    await checkFile(user);
    expect(await screen.findByText('Nobody would be retired.')).toBeInTheDocument();
    await applyPlan(user);
    expect(await screen.findByText('The import failed and nothing changed. The database went away.')).toBeInTheDocument();
  });

  it.each([
    ['roster_import_applied', 'This import was applied already.', false],
    ['roster_import_running', 'Another import of your district is being applied. Wait until it ends, then check the file again.', true],
    ['roster_plan_stale', 'Another import was applied after this check, so its counts no longer hold. Check the file again.', true],
  ])('words a refused apply (409 %s)', async (code, words, again) => {
    signedIn(setupAdmin);
    setupApi();
    answerUpload([{ status: 200, body: draftImport() }]);
    answer('post', applyPath, [refusal(409, code)]);
    const user = userEvent.setup();
    renderApp(page);
    await checkFile(user);
    await applyPlan(user);
    const alert = await screen.findByRole('alert');
    await waitFor(() => expect(alert).toHaveFocus());
    expect(alert).toHaveTextContent(words);
    expect(within(alert).queryByRole('button', { name: 'Check the file again' }) !== null).toBe(again);
  });

  it('checks the same file again when the check expired, then applies the new draft', async () => {
    signedIn(setupAdmin);
    setupApi();
    const second = '7a2b3c40-0000-4000-8000-000000000002';
    const uploads = answerUpload([{ status: 200, body: draftImport() }, { status: 200, body: draftImport({ importId: second }) }]);
    answer('post', applyPath, [refusal(409, 'dry_run_expired')]);
    const again = answer('post', `/staff/district/roster/imports/${second}/apply`, [{ status: 202, body: draftImport({ importId: second, state: 'applied' }) }]);
    answer('get', `/staff/district/roster/imports/${second}`, [{ status: 200, body: draftImport({ importId: second, state: 'applied' }) }]);
    const user = userEvent.setup();
    renderApp(page);
    await checkFile(user);
    await applyPlan(user);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('This check is more than 30 minutes old, so it can no longer be applied. Check the file again.');
    await user.click(within(alert).getByRole('button', { name: 'Check the file again' }));
    await waitFor(() => expect(uploads).toHaveLength(2));
    await waitFor(() => expect(screen.queryByRole('alert')).not.toBeInTheDocument());
    await applyPlan(user);
    expect(await screen.findByText('The import is applied: the district now matches the file.')).toBeInTheDocument();
    expect(again).toHaveLength(1);
  });

  it('is only for district admins, and only they see its tab', async () => {
    signedIn();
    answer('get', '/staff/students', [{ status: 200, body: { students: [], more: false } }]);
    const { router } = renderApp(page);
    expect(await screen.findByRole('heading', { level: 1, name: 'Find a student' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/staff/students');
    expect(screen.queryByRole('link', { name: 'District setup' })).not.toBeInTheDocument();
  });
});
