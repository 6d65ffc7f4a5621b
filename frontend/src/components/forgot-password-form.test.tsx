import { useMutation } from '@tanstack/react-query';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderComponent } from '../test/render-component.tsx';
import { ForgotPasswordForm } from './forgot-password-form.tsx';

const words = {
  title: 'Forgot',
  intro: 'Type your email.',
  email: 'Email',
  emailRequired: 'Type your email.',
  submit: 'Send',
  submitting: 'Sending…',
  sentTitle: 'Check your email',
  backToSignIn: 'Back to sign-in',
};

function Form({ sent, format }: { sent: string[]; format?: boolean }) {
  const send = useMutation({
    mutationFn: async (email: string) => {
      sent.push(email);
      if (email.startsWith('down')) throw new TypeError('offline');
    },
  });
  return (
    <ForgotPasswordForm
      idPrefix="test-forgot"
      words={words}
      signInPath="/sign-in"
      send={send}
      errorMessage={() => 'The server is down.'}
      format={format ? { ok: (email) => email.includes('@'), error: 'Not an email.' } : undefined}
      sent={(email, again) => (
        <p>
          Sent to {email}.{' '}
          <button type="button" onClick={again}>
            Again
          </button>
        </p>
      )}
    />
  );
}

describe('ForgotPasswordForm', () => {
  const cases = [
    { name: 'an empty address', typed: '  ', format: false, error: 'Type your email.' },
    { name: 'a malformed address, with a format check', typed: 'maria', format: true, error: 'Not an email.' },
  ];
  for (const c of cases) {
    it(`refuses ${c.name} at the field, asking nothing`, async () => {
      const sent: string[] = [];
      const user = userEvent.setup();
      renderComponent(<Form sent={sent} format={c.format} />);
      if (c.typed.trim()) await user.type(screen.getByLabelText('Email'), c.typed);
      await user.click(screen.getByRole('button', { name: 'Send' }));
      expect(screen.getByLabelText('Email')).toHaveAccessibleDescription(c.error);
      expect(screen.getByLabelText('Email')).toHaveFocus();
      expect(sent).toEqual([]);
    });
  }

  it('sends any address without a format check, says so, and comes back to send again', async () => {
    const sent: string[] = [];
    const user = userEvent.setup();
    renderComponent(<Form sent={sent} />);
    await user.type(screen.getByLabelText('Email'), ' maria ');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Check your email' })).toHaveFocus();
    expect(screen.getByText('Sent to maria.')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Back to sign-in' })).toHaveAttribute('href', '/sign-in');
    expect(sent).toEqual(['maria']);

    await user.click(screen.getByRole('button', { name: 'Again' }));
    await waitFor(() => expect(screen.getByLabelText('Email')).toHaveFocus());
    expect(screen.getByLabelText('Email')).toHaveValue('maria');
  });

  it('says why a send failed in the alert, which takes the focus', async () => {
    const sent: string[] = [];
    const user = userEvent.setup();
    renderComponent(<Form sent={sent} />);
    await user.type(screen.getByLabelText('Email'), 'down@example.com');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The server is down.');
    await waitFor(() => expect(alert).toHaveFocus());
    expect(screen.getByLabelText('Email')).toHaveAccessibleDescription('The server is down.');
  });
});
