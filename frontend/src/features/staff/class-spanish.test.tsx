import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../../test/render-app.tsx';
import { answer } from '../../test/answer.ts';
import { signedIn, staffSession } from './staff-test-api.ts';

const klass = { id: 'c-4b', classNumber: '4-203', name: 'Clase 4B', schoolName: 'Lincoln Elementary', studentCount: 0 };
const job = {
  id: 'job-1',
  kind: 'reset',
  state: 'running',
  schoolId: 'sch-1',
  schoolName: 'Lincoln Elementary',
  grade: 0,
  total: 40,
  done: 10,
  createdAt: '2026-12-07T01:00:00Z',
  resultTaken: false,
};

// The By Class pages in Spanish, beside spanish-titles.test.tsx: the title and a line of each.
describe('By Class pages in Spanish', { timeout: 30_000 }, () => {
  it.each([
    { path: '/staff/classes', title: 'Por clase', line: 'Un grado entero o toda la escuela' },
    { path: '/staff/classes/c-4b', title: 'Clase 4B (4-203)', line: 'Esta clase no tiene estudiantes.' },
    { path: '/staff/jobs/job-1', title: 'Avance del restablecimiento en bloque', line: 'En curso: 10 de 40 estudiantes listos.' },
    { path: '/staff/print/cards', title: 'No hay tarjetas para imprimir', line: 'Volver a las clases' },
  ])('$path: $title', async ({ path, title, line }) => {
    window.localStorage.setItem('portal.language', 'es');
    signedIn(staffSession());
    answer('get', '/staff/classes', [{ status: 200, body: { schools: [] } }]);
    answer('get', '/staff/classes/c-4b', [{ status: 200, body: { class: klass, students: [] } }]);
    answer('get', '/staff/schools', [{ status: 200, body: [] }]);
    answer('get', '/staff/jobs', [{ status: 200, body: [] }]);
    answer('get', '/staff/jobs/job-1', [{ status: 200, body: job }]);
    renderApp(path);
    expect(await screen.findByRole('heading', { level: 1, name: title })).toBeInTheDocument();
    expect(await screen.findByText(line)).toBeInTheDocument();
    expect(document.documentElement.lang).toBe('es');
  });
});
