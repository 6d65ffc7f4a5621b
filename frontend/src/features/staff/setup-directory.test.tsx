import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { answer, refusal } from '../../test/answer.ts';
import { renderApp } from '../../test/render-app.tsx';
import { directoryOn, setupAdmin, setupApi } from './setup-test-data.ts';
import { signedIn, staffCsrf, staffStudent } from './staff-test-api.ts';

const page = '/staff/district/setup';

function section(name: string): HTMLElement {
  return screen.getByRole('region', { name });
}

/** termValue is what a description list says for term, within an element. */
function termValue(within_: HTMLElement, term: string): string | null | undefined {
  const dt = within(within_)
    .getAllByRole('term')
    .find((el) => el.textContent === term);
  return dt?.nextElementSibling?.textContent;
}

describe('SetupDirectory', { timeout: 30_000 }, () => {
  it('says write-back is not set up and names the settings that set it up', async () => {
    signedIn(setupAdmin);
    setupApi();
    renderApp(page);
    await screen.findByRole('heading', { level: 1, name: 'District setup' });
    const directory = section('Directory write-back');
    expect(await within(directory).findByText('Write-back is not set up: new passwords stay in the portal only.')).toBeInTheDocument();
    const names = within(directory)
      .getAllByRole('listitem')
      .map((li) => li.textContent);
    expect(names).toContain('PORTAL_DIRECTORY_URL');
    expect(names).toContain('PORTAL_DIRECTORY_BIND_PASSWORD');
    expect(within(directory).queryByRole('button', { name: 'Test the connection' })).not.toBeInTheDocument();
  });

  it('shows the settings, what waits and the failures; the test answer is read out, ok or not', async () => {
    signedIn(setupAdmin);
    setupApi({ directory: directoryOn });
    const test = answer('post', '/staff/district/directory/test', [
      { status: 200, body: { ok: true, message: 'The directory answered and accepted the service account.' } },
      { status: 200, body: { ok: false, message: 'The directory did not answer at ldap.riverside.example:636.' } },
      refusal(404, 'directory_not_configured'),
    ]);
    const user = userEvent.setup();
    renderApp(page);
    await screen.findByRole('heading', { level: 1, name: 'District setup' });
    const directory = section('Directory write-back');
    await within(directory).findByText('3 students are waiting for their new passwords to be written.');
    expect(termValue(directory, 'Address')).toBe('ldaps://ldap.riverside.example');
    expect(termValue(directory, 'Kind')).toBe('OpenLDAP');
    expect(termValue(directory, 'Service account')).toBe('cn=portal,ou=services,dc=riverside,dc=example');
    expect(termValue(directory, 'Where students are')).toBe('ou=students,dc=riverside,dc=example');
    expect(termValue(directory, 'Username attribute')).toBe('uid');
    expect(termValue(directory, 'Encryption')).toBe('TLS');
    expect(within(directory).getByText(/^The oldest has waited since December 7, 2026 /)).toBeInTheDocument();

    const failures = within(directory).getByRole('table', { name: 'Students whose password could not be written to the directory' });
    const rows = within(failures)
      .getAllByRole('row')
      .map((row) => [...row.querySelectorAll('th, td')].map((c) => c.textContent));
    expect(rows[0]).toEqual(['Student', 'Username', 'School', 'Reason', 'When']);
    expect(rows[1]?.slice(0, 4)).toEqual(['Maya Lopez', 'mayal4821', 'Lincoln Elementary', 'The directory has no entry with uid=mayal4821.']);
    expect(rows[1]?.[4]).toMatch(/^December 6, 2026 /);

    // The live region is there before the first answer, so each answer is read out.
    const button = within(directory).getByRole('button', { name: 'Test the connection' });
    const status = within(directory).getByRole('status');
    expect(status).toHaveAttribute('aria-live', 'polite');
    expect(status).toBeEmptyDOMElement();
    await user.click(button);
    await waitFor(() => expect(status).toHaveTextContent('It works. The directory answered and accepted the service account.'));
    expect(test[0]?.csrf).toBe(staffCsrf);
    await user.click(button);
    await waitFor(() => expect(status).toHaveTextContent('It does not work. The directory did not answer at ldap.riverside.example:636.'));
    await user.click(button);
    await waitFor(() => expect(status).toHaveTextContent('Write-back is not set up on the server.'));
    expect(test).toHaveLength(3);
  });

  it('says when nothing waits and nothing failed', async () => {
    signedIn(setupAdmin);
    setupApi({ directory: { ...directoryOn, pending: 0, oldestPendingAt: undefined, failures: [] } });
    renderApp(page);
    await screen.findByRole('heading', { level: 1, name: 'District setup' });
    const directory = section('Directory write-back');
    expect(await within(directory).findByText('Every new password has been written.')).toBeInTheDocument();
    expect(within(directory).getByText('No write has failed.')).toBeInTheDocument();
    expect(within(directory).queryByRole('table')).not.toBeInTheDocument();
  });

  it('speaks Spanish, with usted', async () => {
    window.localStorage.setItem('portal.language', 'es');
    signedIn(setupAdmin);
    setupApi({ directory: directoryOn });
    answer('post', '/staff/district/directory/test', [{ status: 200, body: { ok: false, message: 'El directorio no respondió.' } }]);
    const user = userEvent.setup();
    renderApp(page);
    expect(await screen.findByRole('heading', { level: 1, name: 'Configuración del distrito' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Configuración del distrito' })).toHaveAttribute('aria-current', 'page');
    const directory = section('Contraseñas en el directorio');
    expect(await within(directory).findByText('3 estudiantes esperan que sus contraseñas nuevas se guarden en el directorio.')).toBeInTheDocument();
    expect(termValue(directory, 'Cuenta de servicio')).toBe('cn=portal,ou=services,dc=riverside,dc=example');
    expect(within(directory).getByRole('table', { name: 'Estudiantes cuya contraseña no se pudo guardar en el directorio' })).toBeInTheDocument();
    await user.click(within(directory).getByRole('button', { name: 'Probar la conexión' }));
    await waitFor(() => expect(within(directory).getByRole('status')).toHaveTextContent('No funciona. El directorio no respondió.'));
    expect(screen.getByLabelText('Archivo OneRoster (.zip)')).toHaveAccessibleDescription(/de 64 MiB como máximo/);
    expect(screen.getByRole('button', { name: 'Revisar el archivo' })).toBeInTheDocument();
  });
});

describe('the directory line of the By Student page', { timeout: 30_000 }, () => {
  const open = async (directory: unknown) => {
    signedIn();
    answer('get', '/staff/students/st-maya', [{ status: 200, body: staffStudent(directory === undefined ? {} : { directory: directory as never }) }]);
    renderApp('/staff/students/st-maya');
    await screen.findByRole('heading', { level: 1, name: 'Maya Lopez' });
    return termValue(document.body, 'Directory');
  };

  it.each([
    [{ state: 'current' }, 'Has the current password'],
    [{ state: 'pending' }, 'Being written'],
    [{ state: 'failed', reason: 'The directory refused the password: too short.' }, 'Failed: The directory refused the password: too short.'],
  ])('says %j in words', async (directory, words) => {
    expect(await open(directory)).toBe(words);
  });

  it('says since when a password is being written', async () => {
    expect(await open({ state: 'pending', since: '2026-12-07T09:15:00Z' })).toMatch(/^Being written \(since December 7, 2026 .+\)$/);
  });

  it.each([[{ state: 'not_configured' }], [undefined]])('says nothing without a directory (%j)', async (directory) => {
    expect(await open(directory)).toBeUndefined();
  });
});
