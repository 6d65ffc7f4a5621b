import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../test/render-app.tsx';

describe('PasswordField', () => {
  it('shows and hides the password with an icon toggle inside the field', async () => {
    const user = userEvent.setup();
    renderApp('/');
    const field = await screen.findByLabelText('Password');
    const toggle = screen.getByRole('button', { name: 'Show password: Password' });
    // An icon only: the name comes from aria-label, and the toggle sits in the field's box.
    expect(toggle).toHaveTextContent('');
    expect(toggle.querySelector('svg')).toHaveAttribute('aria-hidden', 'true');
    expect(toggle).toHaveClass('password-field__toggle');
    expect(toggle.closest('.password-field')).toContainElement(field);
    expect(toggle).toHaveAttribute('aria-controls', field.id);

    expect(field).toHaveAttribute('type', 'password');
    expect(toggle).toHaveAttribute('aria-pressed', 'false');
    await user.click(toggle);
    expect(field).toHaveAttribute('type', 'text');
    expect(toggle).toHaveAttribute('aria-pressed', 'true');
    await user.click(toggle);
    expect(field).toHaveAttribute('type', 'password');
  });
});
