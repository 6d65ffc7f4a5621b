import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../test/render-app.tsx';
import { api, server, testDistrict } from '../test/server.ts';

describe('Layout', { timeout: 30_000 }, () => {
  it('names the district, with its logo, in a header band of its colour', async () => {
    renderApp('/');
    const banner = screen.getByRole('banner');
    expect(await within(banner).findByText('Riverside Unified School District')).toBeInTheDocument();
    // The name stands beside the logo, so the logo says nothing more to a screen reader.
    const logo = banner.querySelector('img');
    expect(logo).toHaveAttribute('src', '/district-logo.svg');
    expect(logo).toHaveAttribute('alt', '');
    const site = banner.parentElement;
    expect(site?.style.getPropertyValue('--brand')).toBe('#0f5e4b');
    expect(site?.style.getPropertyValue('--on-brand')).toBe('#ffffff');
    expect(within(banner).getByRole('link', { name: 'Password Help' })).toHaveAttribute('href', '/');
  });

  it('ends every page with Help, the notices and the district’s contact', async () => {
    renderApp('/family');
    const footer = screen.getByRole('contentinfo');
    const links = within(footer).getByRole('navigation', { name: 'Help and information' });
    expect(within(links).getByRole('link', { name: 'Help' })).toHaveAttribute('href', '/help');
    // A notice given as text has a page of the portal; one kept on the district's site opens there.
    expect(await within(links).findByRole('link', { name: 'Privacy' })).toHaveAttribute('href', '/privacy');
    const accessibility = within(links).getByRole('link', { name: 'Accessibility (opens a new tab)' });
    expect(accessibility).toHaveAttribute('href', 'https://www.riverside.example/accessibility');
    expect(accessibility).toHaveAttribute('target', '_blank');

    expect(within(footer).getByText('Contact Riverside Unified School District')).toBeInTheDocument();
    expect(within(footer).getByRole('link', { name: 'Phone: (718) 555-0147' })).toHaveAttribute('href', 'tel:7185550147');
    expect(within(footer).getByRole('link', { name: 'passwordhelp@riverside.example' })).toHaveAttribute(
      'href',
      'mailto:passwordhelp@riverside.example',
    );
    expect(within(footer).getByRole('link', { name: /www\.riverside\.example\/family-help/ })).toHaveAttribute(
      'href',
      testDistrict.help.url,
    );
  });

  it('leaves out what the district has not set, and speaks Spanish', async () => {
    server.use(
      http.get(api('/district'), () =>
        HttpResponse.json({ name: 'Lakeview Public Schools', color: '#ffd700', onColor: '#000000', help: {} }),
      ),
    );
    const user = userEvent.setup();
    renderApp('/');
    const banner = screen.getByRole('banner');
    expect(await within(banner).findByText('Lakeview Public Schools')).toBeInTheDocument();
    expect(banner.querySelector('img')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Español' }));

    const footer = screen.getByRole('contentinfo');
    expect(within(footer).getAllByRole('link').map((a) => a.textContent)).toEqual(['Ayuda']);
    expect(within(footer).getByText('Contacto: Lakeview Public Schools')).toBeInTheDocument();
  });

  it('keeps the header and a working footer when the district cannot be read', async () => {
    server.use(http.get(api('/district'), () => HttpResponse.json({ code: 'x', message: 'down' }, { status: 503 })));
    renderApp('/');
    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in' })).toBeInTheDocument();
    expect(within(screen.getByRole('contentinfo')).getByRole('link', { name: 'Help' })).toHaveAttribute('href', '/help');
  });
});
