import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { answer } from '../../test/answer.ts';
import { renderApp } from '../../test/render-app.tsx';
import { forget } from './shown-once.ts';
import { signedIn, staffSession } from './staff-test-api.ts';

const klass = { id: 'c-1a', classNumber: '1-101', name: 'Class 1A', schoolName: 'Lincoln Elementary', studentCount: 3 };
const path = `/staff/classes/${klass.id}`;

function rosterStudent(id: string, firstName: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    studentNumber: `2048${id}`,
    username: `${firstName.toLowerCase()}l1`,
    firstName,
    lastName: 'Lopez',
    grade: 1,
    pinSet: false,
    questionsSet: false,
    mustChangePassword: false,
    recoveryLocked: false,
    schoolIssuedPasswordAvailable: false,
    ...extra,
  };
}

const roster = {
  class: klass,
  students: [
    rosterStudent('st-1', 'Ana', { badge: true, pictures: 'active' }),
    rosterStudent('st-2', 'Ben', { badge: false, pictures: 'none' }),
    rosterStudent('st-3', 'Cleo', { badge: false, pictures: 'locked' }),
    // A grade 3 student of a mixed class: no young sign-ins.
    rosterStudent('st-4', 'Dan', { grade: 3 }),
  ],
};

const signIn = { code: 'K7MW3QXP', signInUrl: 'http://localhost/pictures#K7MW3QXP' };
const ids = ['cat', 'moon', 'star'] as const;

function issuedPictures(studentId: string, firstName: string, pictures: readonly string[] = ids) {
  return { studentId, firstName, lastName: 'Lopez', username: `${firstName.toLowerCase()}l1`, grade: 1, pictures, setAt: '2026-03-04T15:00:00Z' };
}

function classAnswers(body: object = roster) {
  answer('get', path, [{ status: 200, body }]);
  return answer('get', `${path}/picture-sign-in`, [{ status: 200, body: signIn }]);
}

beforeEach(() => forget());

describe('picture passwords for a class', { timeout: 30_000 }, () => {
  it('shows each young student’s badge and pictures in the roster, and the counts', async () => {
    signedIn(staffSession({ role: 'teacher', title: 'Teacher' }));
    classAnswers();
    renderApp(path);
    const table = await screen.findByRole('table', { name: 'Students of the class and their sign-in status' });
    expect(within(table).getByRole('columnheader', { name: 'Badge' })).toBeInTheDocument();
    expect(within(table).getByRole('columnheader', { name: 'Pictures' })).toBeInTheDocument();
    const row = (name: string) => within(table).getByRole('row', { name: new RegExp(name) });
    const lastTwo = (name: string) => within(row(name)).getAllByRole('cell').slice(-2).map((c) => c.textContent);
    expect(lastTwo('Ana Lopez')).toEqual(['Yes', 'Set']);
    expect(lastTwo('Ben Lopez')).toEqual(['No', 'None']);
    expect(lastTwo('Cleo Lopez')).toEqual(['No', 'Locked']);
    expect(lastTwo('Dan Lopez')).toEqual(['–Not in the badge grades', '–Not in the badge grades']);
    const section = screen.getByRole('region', { name: 'Picture passwords for this class' });
    expect(within(section).getByText('With pictures: 1. Without: 1. Locked: 1.')).toBeInTheDocument();
  });

  it('leaves the young columns out of a class with no young student, and makes no class code', async () => {
    signedIn();
    const asked = classAnswers({ class: klass, students: [rosterStudent('st-4', 'Dan', { grade: 7 })] });
    renderApp(path);
    const table = await screen.findByRole('table');
    expect(within(table).queryByRole('columnheader', { name: 'Pictures' })).not.toBeInTheDocument();
    const section = screen.getByRole('region', { name: 'Picture passwords for this class' });
    expect(within(section).getByText('No student of this class is in the badge grades.')).toBeInTheDocument();
    expect(within(section).queryByRole('button')).not.toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Class picture sign-in' })).not.toBeInTheDocument();
    expect(asked).toHaveLength(0);
  });

  it('sets pictures for students without them and lands on their cards, ten a page', async () => {
    signedIn(staffSession({ role: 'teacher', title: 'Teacher' }));
    classAnswers();
    const twelve = Array.from({ length: 12 }, (_, i) => issuedPictures(`st-${i + 10}`, `Kid${String(i).padStart(2, '0')}`));
    const posted = answer('post', `${path}/pictures`, [{ status: 200, body: { class: klass, pictures: twelve } }]);
    const user = userEvent.setup();
    const { router } = renderApp(path);

    const section = await screen.findByRole('region', { name: 'Picture passwords for this class' });
    await user.click(within(section).getByRole('button', { name: 'Set pictures for students without them' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/staff/print/cards'));
    expect(posted.map((p) => p.body)).toEqual([{ reissue: false }]);
    expect(await screen.findByText('12 cards on 2 pages (10 a page).')).toBeInTheDocument();
    expect(screen.getAllByRole('list', { name: 'Picture password: cat, then moon, then star' })).toHaveLength(12);
    expect(screen.getAllByText(/Lincoln Elementary · Class 1A \(1-101\)/)).toHaveLength(12);
  });

  it('asks first, naming how many, before new pictures for everyone', async () => {
    signedIn();
    classAnswers();
    const posted = answer('post', `${path}/pictures`, [{ status: 200, body: { class: klass, pictures: [issuedPictures('st-1', 'Ana')] } }]);
    const user = userEvent.setup();
    const { router } = renderApp(path);

    const section = await screen.findByRole('region', { name: 'Picture passwords for this class' });
    await user.click(within(section).getByRole('button', { name: 'New pictures for everyone' }));
    const question = 'Give new pictures to all 3 students of the badge grades? Their old pictures stop working at once.';
    expect(within(section).getByText(question)).toHaveFocus();
    await user.click(within(section).getByRole('button', { name: 'Cancel' }));
    expect(posted).toHaveLength(0);
    await waitFor(() => expect(within(section).getByRole('button', { name: 'New pictures for everyone' })).toHaveFocus());

    await user.click(within(section).getByRole('button', { name: 'New pictures for everyone' }));
    await user.click(within(section).getByRole('button', { name: 'Yes, new pictures for everyone' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/staff/print/cards'));
    expect(posted.map((p) => p.body)).toEqual([{ reissue: true }]);
  });

  it('says so when every young student has pictures already', async () => {
    signedIn();
    classAnswers();
    answer('post', `${path}/pictures`, [{ status: 200, body: { class: klass, pictures: [] } }]);
    const user = userEvent.setup();
    const { router } = renderApp(path);
    const section = await screen.findByRole('region', { name: 'Picture passwords for this class' });
    await user.click(within(section).getByRole('button', { name: 'Set pictures for students without them' }));
    expect(await within(section).findByText(/No picture password was set/)).toBeInTheDocument();
    expect(router.state.location.pathname).toBe(path);
  });

  it('puts the badges and pictures made for the class on one visit on the same cards', async () => {
    signedIn();
    classAnswers();
    const badge = (studentId: string, firstName: string) => ({
      ...issuedPictures(studentId, firstName),
      badgeId: `B-${studentId}`,
      token: 't'.repeat(43),
      signInUrl: `http://localhost/badge#${studentId}`,
      issuedAt: '2026-03-04T15:00:00Z',
    });
    answer('post', `${path}/badges`, [{ status: 200, body: { class: klass, badges: [badge('st-1', 'Ana'), badge('st-2', 'Ben')] } }]);
    answer('post', `${path}/pictures`, [
      { status: 200, body: { class: klass, pictures: [issuedPictures('st-2', 'Ben'), issuedPictures('st-3', 'Cleo', ['dog', 'fish', 'tree'])] } },
    ]);
    const user = userEvent.setup();
    const { router } = renderApp(path);

    await user.click(within(await screen.findByRole('region', { name: 'Badges for this class' })).getByRole('button', { name: 'Issue badges' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/staff/print/cards'));
    await router.navigate(path);
    const section = await screen.findByRole('region', { name: 'Picture passwords for this class' });
    await user.click(within(section).getByRole('button', { name: 'Set pictures for students without them' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/staff/print/cards'));

    expect(await screen.findByText('3 cards on 1 page (10 a page).')).toBeInTheDocument();
    const card = (name: string) => screen.getByText(name, { selector: '.login-card__name' }).closest('li')!;
    expect(within(card('Ana Lopez')).getByRole('img', { name: 'QR badge of Ana Lopez' })).toBeInTheDocument();
    expect(within(card('Ana Lopez')).queryByRole('list', { name: /^Picture password/ })).not.toBeInTheDocument();
    expect(within(card('Ben Lopez')).getByRole('img', { name: 'QR badge of Ben Lopez' })).toBeInTheDocument();
    expect(within(card('Ben Lopez')).getByRole('list', { name: 'Picture password: cat, then moon, then star' })).toBeInTheDocument();
    expect(within(card('Cleo Lopez')).queryByRole('img', { name: /^QR badge/ })).not.toBeInTheDocument();
    expect(within(card('Cleo Lopez')).getByRole('list', { name: 'Picture password: dog, then fish, then tree' })).toBeInTheDocument();
  });
});

describe('class picture sign-in', { timeout: 30_000 }, () => {
  it('shows the class code and its QR, and makes a new code only after a question', async () => {
    signedIn();
    classAnswers();
    const renewed = answer('post', `${path}/picture-sign-in`, [{ status: 200, body: { code: 'R4TN8WZC', signInUrl: 'http://localhost/pictures#R4TN8WZC' } }]);
    const user = userEvent.setup();
    renderApp(path);

    const section = await screen.findByRole('region', { name: 'Class picture sign-in' });
    const code = await within(section).findByText('K7MW3QXP');
    expect(code).toHaveAttribute('translate', 'no');
    const qr = within(section).getByRole('img', { name: 'QR code of the class picture sign-in page' });
    expect(qr.tagName.toLowerCase()).toBe('svg');

    await user.click(within(section).getByRole('button', { name: 'New class code' }));
    expect(within(section).getByText('Make a new class code? The old code and every printed sheet stop working at once.')).toHaveFocus();
    await user.click(within(section).getByRole('button', { name: 'Cancel' }));
    expect(renewed).toHaveLength(0);
    await user.click(within(section).getByRole('button', { name: 'New class code' }));
    await user.click(within(section).getByRole('button', { name: 'Yes, make a new code' }));
    expect(await within(section).findByText('R4TN8WZC')).toBeInTheDocument();
    expect(within(section).queryByText('K7MW3QXP')).not.toBeInTheDocument();
    expect(within(section).getByText('The class has a new code. Print the sheet again.')).toBeInTheDocument();
    expect(renewed).toHaveLength(1);
  });

  it('prints the class sign-in sheet with the QR, the code and 3 steps, in English or Spanish', async () => {
    signedIn();
    classAnswers();
    answer('get', '/district', [{ status: 200, body: { name: 'Riverside Unified School District', color: '#1d4ed8', onColor: '#fff', help: {} } }]);
    const user = userEvent.setup();
    const { router } = renderApp(path);

    const section = await screen.findByRole('region', { name: 'Class picture sign-in' });
    await user.click(await within(section).findByRole('button', { name: 'Print the class sign-in sheet' }));
    expect(router.state.location.pathname).toBe(`${path}/picture-sheet`);
    expect(await screen.findByRole('heading', { level: 1, name: 'Class sign-in sheet' })).toBeInTheDocument();
    const sheet = screen.getByRole('article', { name: 'Sign in with my pictures' });
    expect(sheet).toHaveAttribute('lang', 'en');
    expect(within(sheet).getByText('Class 1A (1-101)')).toBeInTheDocument();
    expect(within(sheet).getByText('K7MW3QXP')).toHaveAttribute('translate', 'no');
    expect(within(sheet).getByRole('img', { name: 'QR code of the class picture sign-in page' })).toBeInTheDocument();
    expect(within(sheet).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Scan the QR code with the camera. Or go to localhost/pictures and type the class code.',
      'Tap your name.',
      'Tap your 3 pictures, in order.',
    ]);
    expect(await within(sheet).findByText('Riverside Unified School District')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Print' })).toBeInTheDocument();

    await user.click(screen.getByRole('radio', { name: 'Español' }));
    const hoja = screen.getByRole('article', { name: 'Entrar con mis dibujos' });
    expect(hoja).toHaveAttribute('lang', 'es');
    expect(within(hoja).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Escanea el código QR con la cámara. O ve a localhost/pictures y escribe el código de la clase.',
      'Toca tu nombre.',
      'Toca tus 3 dibujos, en orden.',
    ]);
    // The page around it stays in the staff member's language.
    expect(screen.getByRole('heading', { level: 1, name: 'Class sign-in sheet' })).toBeInTheDocument();
  });

  it('speaks Spanish on the class page (usted)', async () => {
    window.localStorage.setItem('portal.language', 'es');
    signedIn();
    classAnswers();
    const user = userEvent.setup();
    renderApp(path);
    const section = await screen.findByRole('region', { name: 'Contraseñas de dibujos de esta clase' });
    await user.click(within(section).getByRole('button', { name: 'Dibujos nuevos para todos' }));
    expect(
      within(section).getByText('¿Dar dibujos nuevos a los 3 estudiantes de los grados con tarjeta? Sus dibujos anteriores dejan de funcionar de inmediato.'),
    ).toBeInTheDocument();
    const signInRegion = screen.getByRole('region', { name: 'Entrada con dibujos de la clase' });
    expect(await within(signInRegion).findByRole('button', { name: 'Imprimir la hoja de entrada de la clase' })).toBeInTheDocument();
    expect(within(signInRegion).getByRole('button', { name: 'Código de clase nuevo' })).toBeInTheDocument();
  });
});
