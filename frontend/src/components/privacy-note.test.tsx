import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../test/render-app.tsx';
import { api, server, testDistrict } from '../test/server.ts';

describe('PrivacyNote on family registration', { timeout: 30_000 }, () => {
  it('links the privacy notice the district gave as text', async () => {
    renderApp('/family/register');
    expect(await screen.findByRole('link', { name: 'privacy notice' })).toHaveAttribute('href', '/privacy');
  });

  it('opens a notice on the district’s site in a new tab', async () => {
    server.use(
      http.get(api('/district'), () => HttpResponse.json({ ...testDistrict, privacy: { url: 'https://riverside.example/p' } })),
    );
    renderApp('/family/register');
    const link = await screen.findByRole('link', { name: 'privacy notice (opens a new tab)' });
    expect(link).toHaveAttribute('href', 'https://riverside.example/p');
  });
});
