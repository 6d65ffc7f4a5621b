import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../../test/render-app.tsx';
import { answer } from '../../test/answer.ts';
import { signedIn, staffSession, staffStudent } from './staff-test-api.ts';

// Every staff page renders in Spanish, its title first (the pages' own tests check English).
describe('staff pages in Spanish', { timeout: 30_000 }, () => {
  it.each([
    { path: '/staff', title: 'Inicio de sesión del personal', signedInAs: null },
    { path: '/staff/forgot', title: '¿Olvidó su contraseña?', signedInAs: null },
    { path: '/staff/reset-password#token=t', title: 'Elija una contraseña nueva', signedInAs: null },
    { path: '/staff/students', title: 'Buscar un estudiante', signedInAs: staffSession() },
    { path: '/staff/students/st-maya', title: 'Maya Lopez', signedInAs: staffSession() },
    { path: '/staff/students/st-maya/letter', title: 'No hay carta para imprimir', signedInAs: staffSession() },
    { path: '/staff/audit', title: 'Auditoría', signedInAs: staffSession() },
    { path: '/staff/members', title: 'Personal', signedInAs: staffSession({ role: 'district_admin' }) },
    { path: '/staff/district/regenerate', title: 'Regenerar contraseñas predeterminadas', signedInAs: staffSession({ role: 'district_admin' }) },
    { path: '/staff/password', title: 'Cambiar mi contraseña', signedInAs: staffSession() },
    { path: '/staff/security', title: 'Seguridad del inicio de sesión', signedInAs: staffSession() },
  ])('$path: $title', async ({ path, title, signedInAs }) => {
    window.localStorage.setItem('portal.language', 'es');
    if (signedInAs) signedIn(signedInAs);
    answer('get', '/staff/students/st-maya', [{ status: 200, body: staffStudent() }]);
    answer('get', '/staff/audit', [{ status: 200, body: { events: [] } }]);
    answer('get', '/staff/members', [{ status: 200, body: [] }]);
    answer('get', '/staff/me/passkeys', [{ status: 200, body: [] }]);
    renderApp(path);
    expect(await screen.findByRole('heading', { level: 1, name: title })).toBeInTheDocument();
    expect(document.documentElement.lang).toBe('es');
  });
});
