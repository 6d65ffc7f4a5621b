import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { answer, refusal } from '../../test/answer.ts';
import { renderApp } from '../../test/render-app.tsx';
import { choose } from './picture-picker.tsx';
import { forget } from './shown-once.ts';
import { maya, signedIn, staffCsrf, staffStudent } from './staff-test-api.ts';

const path = `/staff/students/${maya.id}`;
const young = (extra: Record<string, unknown> = {}) =>
  staffStudent({
    student: { ...maya, grade: 1 },
    youngStudent: true,
    badgeEligible: true,
    pictures: { state: 'none' },
    allowedActions: ['issue_badge', 'set_pictures'],
    ...extra,
  });
const active = young({ pictures: { state: 'active', setAt: '2026-01-10T15:00:00Z', lastUsedAt: '2026-03-01T15:00:00Z' } });
const lockedAt = new Date(2026, 2, 4, 10, 32);
const locked = young({ pictures: { state: 'locked', setAt: '2026-01-10T15:00:00Z', lockedAt: lockedAt.toISOString() } });
const issued = (pictures: string[]) => ({
  studentId: maya.id,
  firstName: maya.firstName,
  lastName: maya.lastName,
  username: maya.username,
  grade: 1,
  pictures,
  setAt: '2026-03-04T15:00:00Z',
});

function statusOf(term: string): string | null | undefined {
  const dt = screen.getAllByRole('term').find((el) => el.textContent === term);
  return dt?.nextElementSibling?.textContent;
}

async function region() {
  return screen.findByRole('region', { name: 'Picture password' });
}

beforeEach(() => forget());

describe('choose', () => {
  it('adds a picture in order, never one already chosen, never a 4th', () => {
    expect(choose([], 'cat')).toEqual(['cat']);
    expect(choose(['cat'], 'moon')).toEqual(['cat', 'moon']);
    expect(choose(['cat', 'moon'], 'cat')).toEqual(['cat', 'moon']);
    expect(choose(['cat', 'moon', 'star'], 'dog')).toEqual(['cat', 'moon', 'star']);
  });
});

describe('picture password on By Student', { timeout: 30_000 }, () => {
  it.each([
    { body: young(), word: 'No picture password', line: 'No picture password' },
    { body: active, word: 'Picture password set', line: 'Picture password set on January 10, 2026, last used March 1, 2026' },
  ])('says $word in the region and in the status list', async ({ body, word, line }) => {
    signedIn();
    answer('get', path, [{ status: 200, body }]);
    renderApp(path);
    const section = await region();
    expect(within(section).getByText(word, { selector: 'strong' })).toBeInTheDocument();
    expect(statusOf('Picture password')).toBe(line);
  });

  it('says when the pictures locked, and unlocks them', async () => {
    signedIn();
    answer('get', path, [{ status: 200, body: locked }]);
    const unlocked = answer('post', `${path}/pictures/unlock`, [{ status: 200, body: active }]);
    const user = userEvent.setup();
    renderApp(path);
    const section = await region();
    const time = new Intl.DateTimeFormat('en', { timeStyle: 'short' }).format(lockedAt);
    expect(within(section).getByText('Locked after 5 wrong tries', { selector: 'strong' })).toBeInTheDocument();
    expect(within(section).getByText(`March 4, 2026 ${time}`)).toBeInTheDocument();
    expect(statusOf('Picture password')).toMatch(/^Locked after 5 wrong tries, at /);

    await user.click(within(section).getByRole('button', { name: 'Unlock pictures' }));
    expect(await within(section).findByText('The pictures are unlocked. The same pictures sign in again.')).toBeInTheDocument();
    expect(unlocked).toHaveLength(1);
    expect(unlocked[0]?.csrf).toBe(staffCsrf);
    expect(within(section).getByText('Picture password set', { selector: 'strong' })).toBeInTheDocument();
    expect(within(section).queryByRole('button', { name: 'Unlock pictures' })).not.toBeInTheDocument();
  });

  it('sets pictures drawn by the portal, shows them once in order and prints them on a card', async () => {
    signedIn();
    answer('get', path, [{ status: 200, body: young() }, { status: 200, body: active }]);
    const posted = answer('post', `${path}/pictures`, [{ status: 200, body: issued(['cat', 'moon', 'star']) }]);
    const user = userEvent.setup();
    const { router } = renderApp(path);

    const section = await region();
    expect(within(section).queryByRole('button', { name: 'Remove pictures' })).not.toBeInTheDocument();
    // Nothing to replace: no question first.
    await user.click(within(section).getByRole('button', { name: 'Set new pictures' }));
    expect(await within(section).findByText(/The new pictures of Maya Lopez, in order\. They are shown only now/)).toBeInTheDocument();
    expect(posted.map((p) => p.body)).toEqual([{}]);
    expect(within(section).getByRole('list', { name: 'Picture password: cat, then moon, then star' })).toBeInTheDocument();
    expect(await within(section).findByText('Picture password set', { selector: 'strong' })).toBeInTheDocument();

    await user.click(within(section).getByRole('button', { name: 'Print login card' }));
    expect(router.state.location.pathname).toBe('/staff/print/cards');
    const card = (await screen.findByText('Maya Lopez', { selector: '.login-card__name' })).closest('li');
    if (!card) throw new Error('no card');
    expect(within(card).getByRole('list', { name: 'Picture password: cat, then moon, then star' })).toBeInTheDocument();
    expect(within(card).getByText('mayal4821')).toBeInTheDocument();
    expect(within(card).queryByRole('img', { name: /^QR badge of / })).not.toBeInTheDocument();
  });

  it('chooses 3 different pictures in order: a picture twice or a 4th does nothing', async () => {
    signedIn();
    answer('get', path, [{ status: 200, body: active }]);
    const posted = answer('post', `${path}/pictures`, [refusal(422, 'picture_rules'), { status: 200, body: issued(['dog', 'cat', 'tree']) }]);
    const user = userEvent.setup();
    renderApp(path);

    const section = await region();
    await user.click(within(section).getByRole('button', { name: 'Choose pictures' }));
    const picker = within(section).getByRole('group', { name: 'Choose 3 pictures' });
    expect(within(picker).getByRole('heading', { name: 'Choose 3 pictures' })).toHaveFocus();
    expect(within(picker).getByText('The old pictures stop working when you save these.')).toBeInTheDocument();
    const grid = within(picker).getByRole('list', { name: 'The 16 pictures' });
    expect(within(grid).getAllByRole('button')).toHaveLength(16);

    // Too few: nothing is sent.
    await user.click(within(picker).getByRole('button', { name: 'Save these pictures' }));
    expect(within(picker).getByRole('alert')).toHaveTextContent('Choose 3 pictures first.');
    expect(posted).toHaveLength(0);

    const tap = (name: string) => user.click(within(grid).getByRole('button', { name }));
    await tap('dog');
    await tap('cat');
    await tap('dog');
    expect(within(picker).getByRole('status')).toHaveTextContent('2 of 3 pictures chosen.');
    expect(within(grid).getByRole('button', { name: 'dog' })).toHaveAttribute('aria-pressed', 'true');
    expect(within(grid).getByRole('button', { name: 'dog' })).toHaveAttribute('aria-disabled', 'true');
    await tap('tree');
    await tap('moon');
    expect(within(picker).getByRole('status')).toHaveTextContent('3 pictures chosen: dog, then cat, then tree.');
    expect(within(grid).getByRole('button', { name: 'moon' })).toHaveAttribute('aria-pressed', 'false');
    expect(within(grid).getByRole('button', { name: 'moon' })).toHaveAttribute('aria-disabled', 'true');

    await user.click(within(picker).getByRole('button', { name: 'Save these pictures' }));
    expect(await within(picker).findByRole('alert')).toHaveTextContent('Choose 3 different pictures of the 16.');
    await user.click(within(picker).getByRole('button', { name: 'Save these pictures' }));
    expect(await within(section).findByRole('list', { name: 'Picture password: dog, then cat, then tree' })).toBeInTheDocument();
    expect(posted.map((p) => p.body)).toEqual([{ pictures: ['dog', 'cat', 'tree'] }, { pictures: ['dog', 'cat', 'tree'] }]);
    expect(within(section).queryByRole('group', { name: 'Choose 3 pictures' })).not.toBeInTheDocument();
  });

  it('starts again, and Cancel leaves without sending', async () => {
    signedIn();
    answer('get', path, [{ status: 200, body: young() }]);
    const posted = answer('post', `${path}/pictures`, [{ status: 200, body: issued(['apple', 'ball', 'bird']) }]);
    const user = userEvent.setup();
    renderApp(path);

    const section = await region();
    await user.click(within(section).getByRole('button', { name: 'Choose pictures' }));
    const picker = within(section).getByRole('group', { name: 'Choose 3 pictures' });
    expect(within(picker).queryByText(/old pictures stop working/)).not.toBeInTheDocument();
    const grid = within(picker).getByRole('list', { name: 'The 16 pictures' });
    for (const name of ['umbrella', 'rocket', 'fish']) await user.click(within(grid).getByRole('button', { name }));
    await user.click(within(picker).getByRole('button', { name: 'Start again' }));
    expect(within(picker).getByRole('status')).toHaveTextContent('0 of 3 pictures chosen.');
    for (const name of ['apple', 'ball', 'bird']) await user.click(within(grid).getByRole('button', { name }));
    await user.click(within(picker).getByRole('button', { name: 'Cancel' }));
    expect(posted).toHaveLength(0);
    await waitFor(() => expect(within(section).getByRole('button', { name: 'Choose pictures' })).toHaveFocus());
  });

  it('asks before replacing pictures at random, and before removing them', async () => {
    signedIn();
    answer('get', path, [{ status: 200, body: active }, { status: 200, body: young() }]);
    const removed = answer('delete', `${path}/pictures`, [{ status: 204 }]);
    const posted = answer('post', `${path}/pictures`, [{ status: 200, body: issued(['cat', 'moon', 'star']) }]);
    const user = userEvent.setup();
    renderApp(path);

    const section = await region();
    await user.click(within(section).getByRole('button', { name: 'Set new pictures' }));
    expect(screen.getByText('Set new pictures? The old pictures stop working at once.')).toHaveFocus();
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(posted).toHaveLength(0);

    await user.click(within(section).getByRole('button', { name: 'Remove pictures' }));
    expect(screen.getByText('Remove this picture password? It stops working at once.')).toHaveFocus();
    await user.keyboard('{Escape}');
    expect(removed).toHaveLength(0);
    await waitFor(() => expect(within(section).getByRole('button', { name: 'Remove pictures' })).toHaveFocus());

    await user.click(within(section).getByRole('button', { name: 'Remove pictures' }));
    await user.click(screen.getByRole('button', { name: 'Yes, remove them' }));
    expect(await within(section).findByText('The picture password is removed. It no longer signs in.')).toBeInTheDocument();
    expect(removed).toHaveLength(1);
    expect(await within(section).findByText('No picture password', { selector: 'strong' })).toBeInTheDocument();
  });

  it('puts a badge and pictures made on one visit on the same card', async () => {
    signedIn();
    const token = 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcde';
    answer('get', path, [{ status: 200, body: young() }]);
    answer('post', `${path}/badge`, [
      {
        status: 200,
        body: { ...issued([]), pictures: undefined, setAt: undefined, badgeId: 'B7K2M9QX', token, signInUrl: `http://localhost/badge#${token}`, issuedAt: '2026-03-04T15:00:00Z' },
      },
    ]);
    answer('post', `${path}/pictures`, [{ status: 200, body: issued(['cat', 'moon', 'star']) }]);
    const user = userEvent.setup();
    renderApp(path);

    await user.click(within(await screen.findByRole('region', { name: 'QR badge' })).getByRole('button', { name: 'Issue badge' }));
    expect(await screen.findByText('Badge B7K2M9QX')).toBeInTheDocument();
    const section = await region();
    await user.click(within(section).getByRole('button', { name: 'Set new pictures' }));
    await user.click(await within(section).findByRole('button', { name: 'Print login card' }));

    const cards = await screen.findAllByText('Maya Lopez', { selector: '.login-card__name' });
    expect(cards).toHaveLength(1);
    const card = cards[0]!.closest('li')!;
    expect(within(card).getByRole('img', { name: 'QR badge of Maya Lopez' })).toBeInTheDocument();
    expect(within(card).getByText('Badge B7K2M9QX')).toBeInTheDocument();
    expect(within(card).getByRole('list', { name: 'Picture password: cat, then moon, then star' })).toBeInTheDocument();
  });

  it('shows only the status line without set_pictures', async () => {
    signedIn();
    answer('get', path, [{ status: 200, body: young({ allowedActions: ['reset_password'], pictures: { state: 'locked' } }) }]);
    renderApp(path);
    expect(await screen.findByRole('heading', { level: 1, name: 'Maya Lopez' })).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Picture password' })).not.toBeInTheDocument();
    expect(statusOf('Picture password')).toBe('Locked after 5 wrong tries');
    expect(screen.queryByRole('button', { name: 'Unlock pictures' })).not.toBeInTheDocument();
  });

  it('speaks Spanish (usted)', async () => {
    window.localStorage.setItem('portal.language', 'es');
    signedIn();
    answer('get', path, [{ status: 200, body: locked }]);
    const user = userEvent.setup();
    renderApp(path);
    const section = await screen.findByRole('region', { name: 'Contraseña de dibujos' });
    expect(within(section).getByText('Bloqueada tras 5 intentos fallidos', { selector: 'strong' })).toBeInTheDocument();
    expect(within(section).getByRole('button', { name: 'Desbloquear los dibujos' })).toBeInTheDocument();
    await user.click(within(section).getByRole('button', { name: 'Elegir los dibujos' }));
    const picker = within(section).getByRole('group', { name: 'Elija 3 dibujos' });
    await user.click(within(picker).getByRole('button', { name: 'gato' }));
    expect(within(picker).getByRole('status')).toHaveTextContent('1 de 3 dibujos elegidos.');
    expect(within(picker).getByRole('button', { name: 'Guardar estos dibujos' })).toBeInTheDocument();
  });
});
