import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../../test/render-app.tsx';
import { answer } from '../../test/answer.ts';

describe('FamilyForgotPage', { timeout: 30_000 }, () => {
  it('always says the same: if the address has an account, a link valid 30 minutes is on its way', async () => {
    const sent = answer('post', '/family/forgot', [{ status: 202 }]);
    const user = userEvent.setup();
    renderApp('/family');
    await user.click(await screen.findByRole('link', { name: 'Forgot your password?' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Forgot your password?' })).toBeInTheDocument();
    await user.type(screen.getByLabelText('Email'), ' maria.lopez@example.com ');
    await user.click(screen.getByRole('button', { name: 'Send me a link' }));

    const title = await screen.findByRole('heading', { level: 1, name: 'Check your email' });
    await waitFor(() => expect(title).toHaveFocus());
    expect(screen.getByText('If maria.lopez@example.com has a family account, we sent a link to it.')).toBeInTheDocument();
    expect(screen.getByText('The link works once, for 30 minutes.')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Back to sign in' })).toHaveAttribute('href', '/family');
    expect(sent).toEqual([{ body: { email: 'maria.lopez@example.com' }, query: '', csrf: null }]);

    // Another link, to the same address.
    await user.click(screen.getByRole('button', { name: 'Send a new link' }));
    const email = screen.getByLabelText('Email');
    expect(email).toHaveValue('maria.lopez@example.com');
    expect(email).toHaveFocus();
    await user.click(screen.getByRole('button', { name: 'Send me a link' }));
    await screen.findByRole('heading', { level: 1, name: 'Check your email' });
    expect(sent).toHaveLength(2);
  });

  it('asks for a whole email address before sending', async () => {
    const sent = answer('post', '/family/forgot', [{ status: 202 }]);
    const user = userEvent.setup();
    renderApp('/family/forgot');
    await user.click(await screen.findByRole('button', { name: 'Send me a link' }));
    expect(screen.getByLabelText('Email')).toHaveAccessibleDescription('Type your email.');
    await user.type(screen.getByLabelText('Email'), 'maria');
    await user.click(screen.getByRole('button', { name: 'Send me a link' }));
    expect(screen.getByLabelText('Email')).toHaveAccessibleDescription('Type a whole email address, like maria@example.com.');
    expect(sent).toHaveLength(0);
  });

  it('says when the server could not be reached', async () => {
    answer('post', '/family/forgot', [{ status: 500, body: { code: 'internal', message: 'Something broke on our side.' } }]);
    const user = userEvent.setup();
    renderApp('/family/forgot');
    await user.type(await screen.findByLabelText('Email'), 'maria.lopez@example.com');
    await user.click(screen.getByRole('button', { name: 'Send me a link' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Something broke on our side.');
    await waitFor(() => expect(alert).toHaveFocus());
  });
});
