import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../../test/render-app.tsx';
import { answer, fill, refusal } from '../../test/answer.ts';
import { regenCounts, regenRequestId } from './regen-test-data.ts';
import { signedIn, staffCsrf, staffSession } from './staff-test-api.ts';

const admin = staffSession({ role: 'district_admin', title: 'District Administrator', schoolName: undefined });
const path = '/staff/district/regenerations/dry-run';

const dryRun = { requestId: regenRequestId, expiresAt: '2026-12-07T10:30:00Z', ...regenCounts };

const rules = refusal(422, 'regeneration_rules', {
  details: [
    { field: 'campusCodes', rule: 'campus_unknown', value: '902101', message: 'Campus code 902101 is not a school of district 317.' },
    { field: 'grades', rule: 'grade_unknown', value: '14', message: 'Grade 14 is not a grade code.' },
    { field: 'forceChange', rule: 'force_without_reset', message: 'Force change needs also reset.' },
  ],
});

describe('RegenPage', { timeout: 30_000 }, () => {
  it('previews a request by school and grade, sending the fields as typed; a change clears the preview', async () => {
    signedIn(admin);
    const seen = answer('post', path, [{ status: 200, body: dryRun }]);
    const user = userEvent.setup();
    renderApp('/staff/district/regenerate');

    expect(await screen.findByRole('heading', { level: 1, name: 'Regenerate default passwords' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Default passwords' })).toHaveAttribute('aria-current', 'page');
    expect(screen.getByLabelText('Grade levels')).toHaveAccessibleDescription(/-5 to -1 \(pre-K\), 0 \(kindergarten\), 1 to 12, 13 \(post-secondary\), -9/);
    expect(screen.getByLabelText('Campus codes')).toHaveAccessibleDescription(/Empty: every school/);
    expect(screen.getByLabelText('Force password change at next sign-in')).toHaveAccessibleDescription(
      'Takes effect only with "Also reset current passwords" ticked.',
    );
    await fill(user, 'PSU code', ' 317 ');
    await fill(user, 'Campus codes', '317304, 317310');
    await fill(user, 'Grade levels', '3,4');
    await user.click(screen.getByLabelText('Also reset current passwords'));
    await user.click(screen.getByLabelText('Force password change at next sign-in'));
    await fill(user, 'Comments', 'Start of term');
    await user.click(screen.getByRole('button', { name: 'Preview' }));

    const preview = await screen.findByRole('region', { name: 'Preview' });
    await waitFor(() => expect(within(preview).getByRole('heading', { level: 2, name: 'Preview' })).toHaveFocus());
    expect(seen.map((s) => s.body)).toEqual([
      { psuCode: '317', campusCodes: '317304, 317310', grades: '3,4', alsoReset: true, forceChange: true, comments: 'Start of term' },
    ]);
    expect(seen[0]?.csrf).toBe(staffCsrf);
    expect(within(preview).getByText('7 students would get a new default password.')).toBeInTheDocument();
    const rows = within(preview)
      .getAllByRole('row')
      .map((row) => [...row.querySelectorAll('th, td')].map((c) => c.textContent));
    expect(rows).toEqual([
      ['Campus code', 'School', 'Grade', 'Students'],
      ['317304', 'Lincoln Elementary', '3', '2'],
      ['317304', 'Lincoln Elementary', '4', '3'],
      ['317304', 'Lincoln Elementary', 'All grades', '5'],
      ['317310', 'Roosevelt Elementary', '4', '2'],
      ['317310', 'Roosevelt Elementary', 'All grades', '2'],
      ['Total', '7'],
    ]);
    expect(within(preview).getByText('Nothing has changed yet.')).toBeInTheDocument();
    expect(within(preview).getByRole('button', { name: 'Regenerate 7 default passwords' })).toBeInTheDocument();

    await user.type(screen.getByLabelText('Grade levels'), ',5');
    expect(screen.queryByRole('region', { name: 'Preview' })).not.toBeInTheDocument();
    expect(screen.queryByText(/would get a new default password/)).not.toBeInTheDocument();
  });

  it('shows each refusal at its field, naming the value, and moves the focus to the first', async () => {
    signedIn(admin);
    answer('post', path, [rules]);
    const user = userEvent.setup();
    renderApp('/staff/district/regenerate');
    await fill(user, 'PSU code', '317');
    await fill(user, 'Campus codes', '317304,902101');
    await fill(user, 'Grade levels', '3,14');
    await user.click(screen.getByLabelText('Force password change at next sign-in'));
    await user.click(screen.getByRole('button', { name: 'Preview' }));

    const campus = screen.getByLabelText('Campus codes');
    await waitFor(() => expect(campus).toHaveFocus());
    expect(campus).toHaveAttribute('aria-invalid', 'true');
    expect(campus).toHaveAccessibleDescription(/^Campus code 902101 is not a school of this district\./);
    const grades = screen.getByLabelText('Grade levels');
    expect(grades).toHaveAttribute('aria-invalid', 'true');
    expect(grades).toHaveAccessibleDescription(/^Grade "14" is not a grade code\. Use -5 to 13 or -9\./);
    const force = screen.getByLabelText('Force password change at next sign-in');
    expect(force).toHaveAttribute('aria-invalid', 'true');
    // The refusal explains in the box's own hint's words, then says what to do.
    expect(force).toHaveAccessibleDescription(
      /^Takes effect only with "Also reset current passwords" ticked\. Tick "Also reset current passwords" too, or untick this box\./,
    );
    expect(screen.getByLabelText('PSU code')).not.toHaveAttribute('aria-invalid');
    expect(screen.queryByRole('region', { name: 'Preview' })).not.toBeInTheDocument();
  });

  it('asks for an empty PSU code rather than quoting nothing, and names a wrong one', async () => {
    signedIn(admin);
    answer('post', path, [
      refusal(422, 'regeneration_rules', { details: [{ field: 'psuCode', rule: 'psu_format', value: '', message: 'Type it.' }] }),
      refusal(422, 'regeneration_rules', { details: [{ field: 'psuCode', rule: 'psu_other_district', value: '902', message: 'Not yours.' }] }),
    ]);
    const user = userEvent.setup();
    renderApp('/staff/district/regenerate');
    await user.click(await screen.findByRole('button', { name: 'Preview' }));
    const psu = screen.getByLabelText('PSU code');
    await waitFor(() => expect(psu).toHaveFocus());
    expect(psu).toHaveAccessibleDescription(/^Enter the PSU code\./);
    await user.type(psu, '902');
    await user.click(screen.getByRole('button', { name: 'Preview' }));
    await waitFor(() => expect(psu).toHaveAccessibleDescription(/^PSU code 902 is not your district\./));
    await waitFor(() => expect(psu).toHaveFocus());
  });

  it('shows a refusal without a field above the form, and takes the focus there', async () => {
    signedIn(admin);
    answer('post', path, [refusal(403, 'not_allowed')]);
    const user = userEvent.setup();
    renderApp('/staff/district/regenerate');
    await fill(user, 'PSU code', '317');
    await user.click(screen.getByRole('button', { name: 'Preview' }));
    await waitFor(() => expect(screen.getByRole('alert')).toHaveFocus());
    expect(screen.getByLabelText('PSU code')).not.toHaveAttribute('aria-invalid');
  });

  it('asks for the second factor again when it is stale, then previews the same request', async () => {
    signedIn(admin);
    const seen = answer('post', path, [refusal(403, 'second_factor_stale'), { status: 200, body: dryRun }]);
    const renewed = { ...admin, csrfToken: 'staff-csrf-2' };
    const renew = answer('post', '/staff/session/second-factor', [{ status: 200, body: renewed }]);
    const user = userEvent.setup();
    renderApp('/staff/district/regenerate');
    await fill(user, 'PSU code', '317');
    await fill(user, 'Grade levels', '4');
    await user.click(screen.getByRole('button', { name: 'Preview' }));

    await user.type(await screen.findByLabelText('6-digit code from the app'), '123456{Enter}');
    expect(await screen.findByText('7 students would get a new default password.')).toBeInTheDocument();
    expect(renew.map((r) => r.body)).toEqual([{ code: '123456' }]);
    expect(seen.map((s) => s.body)).toEqual([0, 1].map(() => ({ psuCode: '317', campusCodes: '', grades: '4', alsoReset: false, forceChange: false, comments: '' })));
    expect(seen.map((s) => s.csrf)).toEqual([staffCsrf, 'staff-csrf-2']);
  });

  it('speaks Spanish, with usted', async () => {
    window.localStorage.setItem('portal.language', 'es');
    signedIn(admin);
    answer('post', path, [rules]);
    const user = userEvent.setup();
    renderApp('/staff/district/regenerate');
    expect(await screen.findByRole('heading', { level: 1, name: 'Regenerar contraseñas predeterminadas' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Contraseñas predeterminadas' })).toHaveAttribute('aria-current', 'page');
    await fill(user, 'Código PSU', '317');
    await user.click(screen.getByRole('button', { name: 'Vista previa' }));
    await waitFor(() => expect(screen.getByLabelText('Códigos de escuela')).toHaveFocus());
    expect(screen.getByLabelText('Códigos de escuela')).toHaveAccessibleDescription(/^El código de escuela 902101 no es de una escuela de este distrito\./);
    expect(screen.getByLabelText('Grados')).toHaveAccessibleDescription(/^El grado "14" no es un código de grado\./);
    expect(screen.getByLabelText('Obligar a cambiar la contraseña al iniciar sesión')).toHaveAccessibleDescription(
      /^Solo tiene efecto si marca "Restablecer también las contraseñas actuales"\. Marque también .*, o desmarque esta casilla\./,
    );
  });

  it('is only for district admins, and only they see its tab', async () => {
    signedIn();
    answer('get', '/staff/students', [{ status: 200, body: { students: [], more: false } }]);
    const { router } = renderApp('/staff/district/regenerate');
    expect(await screen.findByRole('heading', { level: 1, name: 'Find a student' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/staff/students');
    expect(screen.queryByRole('link', { name: 'Default passwords' })).not.toBeInTheDocument();
  });
});
