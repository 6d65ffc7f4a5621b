import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../../test/render-app.tsx';
import { api, server, testDistrict } from '../../test/server.ts';

describe('HelpPage', { timeout: 30_000 }, () => {
  it('lists the ways back in, then the district’s help desk', async () => {
    renderApp('/help');
    expect(await screen.findByRole('heading', { level: 1, name: 'Help getting back in' })).toBeInTheDocument();
    const ways = screen.getAllByRole('listitem').filter((li) => li.closest('ol'));
    expect(ways.map((li) => within(li).getByRole('heading').textContent)).toEqual([
      'Students from grade 3: do it yourself',
      'A parent or guardian can reset it',
      'The school can always help',
    ]);
    expect(screen.getByRole('link', { name: 'Forgot your password?' })).toHaveAttribute('href', '/forgot');
    expect(screen.getByRole('link', { name: 'Go to the family portal' })).toHaveAttribute('href', '/family');
    expect(screen.getByRole('link', { name: 'Get a reset link by email' })).toHaveAttribute('href', '/family/forgot');

    const contact = screen.getByRole('region', { name: 'Contact the district' });
    expect(await within(contact).findByText(testDistrict.name)).toBeInTheDocument();
    expect(within(contact).getByRole('link', { name: 'Phone: (718) 555-0147' })).toBeInTheDocument();
    expect(within(contact).getByRole('link', { name: 'passwordhelp@riverside.example' })).toBeInTheDocument();
  });

  it('sends families to the school when the district gives no contact, in Spanish', async () => {
    server.use(http.get(api('/district'), () => HttpResponse.json({ ...testDistrict, help: {} })));
    const user = userEvent.setup();
    renderApp('/help');
    await screen.findByRole('heading', { level: 1, name: 'Help getting back in' });
    await user.click(screen.getByRole('button', { name: 'Español' }));
    expect(screen.getByRole('heading', { level: 1, name: 'Ayuda para volver a entrar' })).toBeInTheDocument();
    const contact = screen.getByRole('region', { name: 'Comuníquese con el distrito' });
    expect(within(contact).getByText('Comuníquese con la escuela de su hijo o hija.')).toBeInTheDocument();
  });
});

describe('NoticePage', { timeout: 30_000 }, () => {
  it('shows a notice the district gave as text, paragraph by paragraph', async () => {
    renderApp('/privacy');
    expect(await screen.findByRole('heading', { level: 1, name: 'Privacy notice' })).toBeInTheDocument();
    expect(await screen.findByText('We keep your name.')).toBeInTheDocument();
    expect(screen.getByText('We never sell it.')).toBeInTheDocument();
  });

  it('links a notice kept on the district’s site', async () => {
    renderApp('/accessibility');
    expect(await screen.findByRole('heading', { level: 1, name: 'Accessibility statement' })).toBeInTheDocument();
    const link = await screen.findByRole('link', { name: /^https:\/\/www\.riverside\.example\/accessibility/ });
    expect(link).toHaveAttribute('href', 'https://www.riverside.example/accessibility');
  });

  it('says when the district has not published it', async () => {
    server.use(http.get(api('/district'), () => HttpResponse.json({ ...testDistrict, privacy: undefined })));
    renderApp('/privacy');
    expect(await screen.findByText(/has not published it here/)).toBeInTheDocument();
  });
});
