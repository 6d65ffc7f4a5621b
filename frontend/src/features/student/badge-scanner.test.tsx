import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../../test/render-app.tsx';
import { api, server } from '../../test/server.ts';

// jsdom has no camera (navigator.mediaDevices is absent), as a browser that refused it: the
// scan itself runs in Chromium with a fake camera (e2e/tests/badges.spec.ts).

describe('Scan my badge', () => {
  it('opens the scanner from the sign-in page, says plainly when there is no camera, and cancels back', async () => {
    server.use(http.get(api('/session'), () => new HttpResponse(null, { status: 204 })));
    const user = userEvent.setup();
    renderApp('/');

    await user.click(await screen.findByRole('button', { name: 'Scan my badge' }));
    expect(await screen.findByRole('heading', { name: 'Scan your badge' })).toBeInTheDocument();
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The camera is not available. Ask your teacher for help, or sign in with your password.',
    );
    expect(screen.getByRole('button', { name: 'Cancel' })).toHaveFocus();

    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('heading', { name: 'Scan your badge' })).not.toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole('button', { name: 'Scan my badge' })).toHaveFocus());
  });
});
