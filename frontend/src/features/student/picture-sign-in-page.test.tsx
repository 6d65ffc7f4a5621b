import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PictureId } from '../../components/picture.tsx';
import { answer, fill, refusal } from '../../test/answer.ts';
import { renderApp } from '../../test/render-app.tsx';
import { api, server } from '../../test/server.ts';
import { account, session } from './test-data.ts';

// A seeded stand-in for the shuffle: each call gives the next rotation of the 16 pictures, so
// the tests know every order the page shows and can tell a new one from the last.
const shuffles = vi.hoisted(() => ({ calls: 0 }));
vi.mock('../../components/picture.tsx', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../components/picture.tsx')>();
  return {
    ...real,
    shuffledPictures: (): PictureId[] => {
      const n = (shuffles.calls++ * 5 + 3) % real.pictureIds.length;
      return [...real.pictureIds.slice(n), ...real.pictureIds.slice(0, n)];
    },
  };
});

const code = 'ABCD2345';
const maya = { studentId: 'st-maya', displayName: 'Maya R.' };
const pictureClass = {
  className: 'Kindergarten - Room 4',
  // Not in order: the page sorts them.
  students: [maya, { studentId: 'st-zoe', displayName: 'Zoe B.' }, { studentId: 'st-ana', displayName: 'Ana L.' }],
};

/** signedOutUntilPictures: no session until the picture sign-in makes one (it is cached then). */
function signedOutUntilPictures() {
  server.use(
    http.get(api('/session'), () => new HttpResponse(null, { status: 204 })),
    http.get(api('/me/account'), () =>
      HttpResponse.json({ ...account, firstName: 'Maya', grade: 0, selfResetEligible: false, signedInWith: 'pictures' }),
    ),
  );
}

/** openPictures opens the app at /pictures with hash in the browser's address, as a class QR does. */
function openPictures(hash = '') {
  window.history.replaceState(null, '', `/pictures${hash}`);
  return renderApp('/pictures');
}

/** grid is the names of the 16 picture buttons, in the order shown. */
function grid(): string[] {
  return within(screen.getByRole('group', { name: 'Pictures' }))
    .getAllByRole('button')
    .map((b) => b.getAttribute('aria-label') ?? '');
}

function filledSlots(): number {
  return document.querySelectorAll('.picture-progress__slot--filled').length;
}

/** toPictureStep opens the class link and taps Maya's name. */
async function toPictureStep(user: ReturnType<typeof userEvent.setup>) {
  answer('post', '/pictures/class', [{ status: 200, body: pictureClass }]);
  openPictures(`#${code}`);
  await user.click(await screen.findByRole('button', { name: 'Maya R.' }));
  expect(await screen.findByRole('heading', { name: 'Tap your 3 pictures' })).toBeInTheDocument();
}

async function tapAll(user: ReturnType<typeof userEvent.setup>, names: string[]) {
  for (const name of names) await user.click(screen.getByRole('button', { name }));
}

beforeEach(() => {
  shuffles.calls = 0;
  signedOutUntilPictures();
});

afterEach(() => {
  window.history.replaceState(null, '', '/');
});

describe('PictureSignInPage', () => {
  it('clears the class code from the address, lists the class by name, and signs Maya in with her 3 pictures in order', async () => {
    const user = userEvent.setup();
    const opened = answer('post', '/pictures/class', [{ status: 200, body: pictureClass }]);
    const signIns = answer('post', '/session/pictures', [{ status: 200, body: session(false) }]);
    const { router } = openPictures(`#${code.toLowerCase()}`);

    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in with my pictures' })).toBeInTheDocument();
    await waitFor(() => expect(window.location.hash).toBe(''));
    expect(window.location.pathname).toBe('/pictures');
    expect(await screen.findByRole('heading', { name: 'Kindergarten - Room 4' })).toBeInTheDocument();
    // Typed or read in any case, the code is sent in capitals.
    expect(opened.map((s) => s.body)).toEqual([{ code }]);
    const list = screen.getByRole('button', { name: 'Ana L.' }).closest('ul');
    if (!list) throw new Error('the names are not a list');
    const names = within(list).getAllByRole('button').map((b) => b.textContent);
    expect(names).toEqual(['Ana L.', 'Maya R.', 'Zoe B.']);

    await user.click(screen.getByRole('button', { name: 'Maya R.' }));
    expect(await screen.findByRole('heading', { name: 'Tap your 3 pictures' })).toHaveFocus();
    expect(screen.getByText('Maya R.')).toBeInTheDocument();
    expect(grid()).toHaveLength(16);
    expect(new Set(grid()).size).toBe(16);

    await user.click(screen.getByRole('button', { name: 'cat' }));
    expect(filledSlots()).toBe(1);
    expect(screen.getByText('You tapped 1 of 3 pictures.')).toHaveAttribute('role', 'status');
    // The slots show that a picture was tapped, never which one.
    expect(document.querySelector('.picture-progress')?.querySelector('.picture')).toBeNull();
    await tapAll(user, ['moon', 'star']);

    expect(await screen.findByText('Hi, Maya! You are in.')).toBeInTheDocument();
    expect(signIns.map((s) => s.body)).toEqual([{ classCode: code, studentId: 'st-maya', pictures: ['cat', 'moon', 'star'] }]);
    expect(router.state.location.pathname).toBe('/account');
    expect(screen.getByText('You signed in with your pictures.')).toBeInTheDocument();
    expect(screen.queryByText(/You signed in with your badge/)).not.toBeInTheDocument();
    expect(screen.getByText('Your teacher can help you, and can give you new pictures.')).toBeInTheDocument();
    expect(screen.getByText('Your family can help you at home.')).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: /change/i })).not.toBeInTheDocument();
  });

  it('without a class link, opens a class from its typed code, or goes to the pictures with a typed username', async () => {
    const user = userEvent.setup();
    const opened = answer('post', '/pictures/class', [{ status: 200, body: pictureClass }]);
    const signIns = answer('post', '/session/pictures', [refusal(401, 'pictures_invalid')]);
    openPictures();

    await fill(user, 'My username', ' mayar0042 ');
    await user.click(screen.getByRole('button', { name: 'Next' }));
    expect(await screen.findByRole('heading', { name: 'Tap your 3 pictures' })).toBeInTheDocument();
    expect(screen.getByText('mayar0042')).toBeInTheDocument();
    await tapAll(user, ['dog', 'apple', 'boat']);
    await screen.findByRole('alert');
    expect(signIns.map((s) => s.body)).toEqual([{ username: 'mayar0042', pictures: ['dog', 'apple', 'boat'] }]);
    expect(opened).toHaveLength(0);

    await user.click(screen.getByRole('button', { name: 'Not you? Choose your name again' }));
    await fill(user, /^Class code/, 'abcd-2345');
    await user.click(screen.getByRole('button', { name: 'Open my class' }));
    expect(await screen.findByRole('heading', { name: 'Kindergarten - Room 4' })).toHaveFocus();
    expect(opened.map((s) => s.body)).toEqual([{ code }]);
  });

  it('asks for a class code or a username when the field is left empty, and sends nothing', async () => {
    const user = userEvent.setup();
    const opened = answer('post', '/pictures/class', [{ status: 500 }]);
    openPictures();
    await user.click(await screen.findByRole('button', { name: 'Open my class' }));
    expect(await screen.findByText('Type the class code.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Next' }));
    expect(await screen.findByText('Type your username.')).toBeInTheDocument();
    expect(opened).toHaveLength(0);
  });

  it('says a wrong try in a child’s words, clears the taps and shows the pictures in a new order each time', async () => {
    const user = userEvent.setup();
    const signIns = answer('post', '/session/pictures', [refusal(401, 'pictures_invalid')]);
    await toPictureStep(user);

    const orders = [grid()];
    for (let attempt = 1; attempt <= 3; attempt++) {
      await tapAll(user, ['cat', 'moon', 'star']);
      await waitFor(() => expect(signIns).toHaveLength(attempt));
      const alert = await screen.findByRole('alert');
      expect(alert).toHaveTextContent('Those are not your pictures. Try again.');
      await waitFor(() => expect(alert.parentElement).toHaveFocus());
      expect(filledSlots()).toBe(0);
      orders.push(grid());
    }
    // Every order differs from every other: where a picture sat says nothing about the next try.
    expect(new Set(orders.map((o) => o.join())).size).toBe(orders.length);
  });

  it('shows no pictures once they are locked', async () => {
    const user = userEvent.setup();
    answer('post', '/session/pictures', [refusal(423, 'pictures_locked')]);
    await toPictureStep(user);
    await tapAll(user, ['cat', 'moon', 'star']);

    expect(await screen.findByRole('alert')).toHaveTextContent('Your pictures are locked. Ask your teacher to unlock them.');
    expect(screen.queryByRole('group', { name: 'Pictures' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'cat' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Start again' })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Not you? Choose your name again' })).toBeInTheDocument();
  });

  it('says when to try again after too many tries', async () => {
    const user = userEvent.setup();
    answer('post', '/session/pictures', [refusal(429, 'pictures_throttled', { retryAt: '2030-01-01T10:30:00Z' })]);
    await toPictureStep(user);
    const before = grid();
    await tapAll(user, ['cat', 'moon', 'star']);
    expect(await screen.findByRole('alert')).toHaveTextContent(/^Too many tries\. Wait a minute, then try again\. You can try again/);
    expect(grid()).not.toEqual(before);
  });

  it('says in words when a class code is not found, and lets a grown-up type it', async () => {
    answer('post', '/pictures/class', [refusal(404, 'picture_class_invalid')]);
    openPictures('#ZZZZ9999');
    expect(await screen.findByRole('alert')).toHaveTextContent('We could not find that class. Ask your teacher for the class code.');
    await waitFor(() => expect(window.location.hash).toBe(''));
    expect(screen.getByLabelText(/^Class code/)).toHaveAttribute('aria-invalid', 'true');
  });

  it('shows the usual error when the class cannot be opened, and opens it on Try again', async () => {
    const user = userEvent.setup();
    const opened = answer('post', '/pictures/class', [refusal(500, 'internal_error'), { status: 200, body: pictureClass }]);
    openPictures(`#${code}`);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('We could not open your class.');
    expect(alert).toHaveTextContent('Server says internal_error.');
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('button', { name: 'Maya R.' })).toBeInTheDocument();
    expect(opened.map((s) => s.body)).toEqual([{ code }, { code }]);
  });

  it('says a link with no usable code is not a class, without asking the server', async () => {
    const opened = answer('post', '/pictures/class', [{ status: 500 }]);
    openPictures('#no!');
    expect(await screen.findByRole('alert')).toHaveTextContent('We could not find that class.');
    await waitFor(() => expect(window.location.hash).toBe(''));
    expect(opened).toHaveLength(0);
  });

  it('shows the usual error for other failures, and tries again from a fresh grid', async () => {
    const user = userEvent.setup();
    const signIns = answer('post', '/session/pictures', [refusal(500, 'internal_error'), refusal(401, 'pictures_invalid')]);
    await toPictureStep(user);
    await tapAll(user, ['cat', 'moon', 'star']);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('We could not check your pictures.');
    expect(alert).toHaveTextContent('Server says internal_error.');
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole('button', { name: grid()[0] })).toHaveFocus());
    expect(signIns).toHaveLength(1);
  });

  it('never counts a picture twice, and Start again clears the taps in a new order', async () => {
    const user = userEvent.setup();
    const signIns = answer('post', '/session/pictures', [refusal(401, 'pictures_invalid')]);
    await toPictureStep(user);

    await tapAll(user, ['cat', 'cat', 'cat']);
    expect(filledSlots()).toBe(1);
    expect(screen.getByRole('button', { name: 'cat' })).toHaveAttribute('aria-disabled', 'true');
    await tapAll(user, ['moon', 'moon']);
    expect(filledSlots()).toBe(2);
    expect(signIns).toHaveLength(0);

    const before = grid();
    await user.click(screen.getByRole('button', { name: 'Start again' }));
    expect(filledSlots()).toBe(0);
    expect(grid()).not.toEqual(before);
    expect(screen.getByRole('button', { name: 'cat' })).not.toHaveAttribute('aria-disabled');

    await tapAll(user, ['star', 'cat', 'star', 'moon']);
    await waitFor(() => expect(signIns).toHaveLength(1));
    expect(signIns[0]?.body).toEqual({ classCode: code, studentId: 'st-maya', pictures: ['star', 'cat', 'moon'] });
  });

  it('goes back to the names from the pictures', async () => {
    const user = userEvent.setup();
    await toPictureStep(user);
    await user.click(screen.getByRole('button', { name: 'Not you? Choose your name again' }));
    expect(await screen.findByRole('heading', { name: 'Kindergarten - Room 4' })).toHaveFocus();
    expect(screen.getByRole('button', { name: 'Zoe B.' })).toBeInTheDocument();
  });

  it('leads from a class with nobody on its list back to the class code and username forms', async () => {
    const user = userEvent.setup();
    answer('post', '/pictures/class', [{ status: 200, body: { className: 'Grade 1 - Room 2', students: [] } }]);
    openPictures(`#${code}`);
    expect(await screen.findByText('Nobody in this class has pictures yet. Ask your teacher.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Another class, or type my username' }));
    expect(await screen.findByLabelText('My username')).toBeInTheDocument();
    expect(screen.getByLabelText('Class code')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole('heading', { level: 1, name: 'Sign in with my pictures' })).toHaveFocus());
  });

  it('works with the keyboard alone: Tab, Enter and Space', async () => {
    const user = userEvent.setup();
    answer('post', '/pictures/class', [{ status: 200, body: pictureClass }]);
    const signIns = answer('post', '/session/pictures', [{ status: 200, body: session(false) }]);
    openPictures(`#${code}`);
    const ana = await screen.findByRole('button', { name: 'Ana L.' });
    while (document.activeElement !== ana) await user.tab();
    await user.tab();
    expect(screen.getByRole('button', { name: 'Maya R.' })).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(await screen.findByRole('heading', { name: 'Tap your 3 pictures' })).toHaveFocus();

    // From the heading, Tab reaches the pictures in the order shown.
    const order = grid();
    await user.tab();
    expect(screen.getByRole('button', { name: order[0] })).toHaveFocus();
    await user.keyboard('{Enter}');
    await user.tab();
    expect(screen.getByRole('button', { name: order[1] })).toHaveFocus();
    await user.keyboard(' ');
    await user.tab();
    await user.tab();
    expect(screen.getByRole('button', { name: order[3] })).toHaveFocus();
    await user.keyboard('{Enter}');

    expect(await screen.findByText('Hi, Maya! You are in.')).toBeInTheDocument();
    expect(signIns.map((s) => s.body)).toEqual([
      { classCode: code, studentId: 'st-maya', pictures: [order[0], order[1], order[3]] },
    ]);
  });

  it('speaks Spanish, pictures and all', async () => {
    window.localStorage.setItem('portal.language', 'es');
    const user = userEvent.setup();
    answer('post', '/pictures/class', [{ status: 200, body: pictureClass }]);
    answer('post', '/session/pictures', [refusal(401, 'pictures_invalid')]);
    openPictures(`#${code}`);

    expect(await screen.findByRole('heading', { level: 1, name: 'Entrar con mis dibujos' })).toBeInTheDocument();
    expect(await screen.findByText('Toca tu nombre.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Maya R.' }));
    expect(await screen.findByRole('heading', { name: 'Toca tus 3 dibujos' })).toBeInTheDocument();
    expect(screen.getByRole('group', { name: 'Dibujos' })).toBeInTheDocument();
    await tapAll(user, ['gato', 'luna', 'estrella']);
    expect(await screen.findByRole('alert')).toHaveTextContent('Esos no son tus dibujos. Inténtalo otra vez.');
    expect(screen.getByRole('button', { name: 'Empezar otra vez' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '¿No eres tú? Elige tu nombre otra vez' })).toBeInTheDocument();
  });
});
