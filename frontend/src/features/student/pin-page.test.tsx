import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { api, server } from '../../test/server.ts';
import { renderApp } from '../../test/render-app.tsx';
import { csrfToken, describers, refusal, signedIn } from './test-data.ts';

async function fill(user: ReturnType<typeof userEvent.setup>, pin = '402913', confirm = pin) {
  await user.type(await screen.findByLabelText('Your current password'), 'Right-Passw0rd');
  await user.type(screen.getByLabelText('New PIN'), pin);
  await user.type(screen.getByLabelText('Type the new PIN again'), confirm);
}

describe('PinPage', () => {
  it('has labelled fields; the PIN boxes bring up a number pad and stay out of autofill', async () => {
    signedIn();
    renderApp('/account/pin');
    expect(await screen.findByRole('heading', { level: 1, name: 'Recovery PIN' })).toBeInTheDocument();
    const current = await screen.findByLabelText('Your current password');
    expect(current).toHaveAttribute('autocomplete', 'current-password');
    expect(current).toHaveAttribute('type', 'password');
    for (const label of ['New PIN', 'Type the new PIN again']) {
      const field = screen.getByLabelText(label);
      expect(field).toHaveAttribute('inputmode', 'numeric');
      expect(field).toHaveAttribute('autocomplete', 'off');
    }
    expect(screen.getByRole('link', { name: 'Back to my account' })).toHaveAttribute('href', '/account');
  });

  it('shows the simple PIN rules live as the student types', async () => {
    signedIn();
    const user = userEvent.setup();
    renderApp('/account/pin');
    const pin = await screen.findByLabelText('New PIN');
    const rule = (text: string) => screen.getByText(text).closest('li') as HTMLElement;

    await user.type(pin, '111111');
    expect(rule('6, 7 or 8 numbers, and only numbers')).toHaveTextContent(/^Done:/);
    expect(rule('Not one number over and over, like 111111')).toHaveTextContent(/^Not yet:/);

    await user.clear(pin);
    await user.type(pin, '123456');
    expect(rule('Not one number over and over, like 111111')).toHaveTextContent(/^Done:/);
    expect(rule('Not numbers in a row, like 123456 or 654321')).toHaveTextContent(/^Not yet:/);
    expect(rule('Not your student ID number')).toHaveTextContent(/^Checked when you save:/);
  });

  it('saves the PIN with the CSRF token and confirms on the account page', { timeout: 15000 }, async () => {
    const reads = signedIn();
    let sent: { body: unknown; csrf: string | null } | undefined;
    server.use(
      http.put(api('/me/pin'), async ({ request }) => {
        sent = { body: await request.json(), csrf: request.headers.get('X-CSRF-Token') };
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const user = userEvent.setup();
    const { router } = renderApp('/account/pin');
    await fill(user);
    await user.click(screen.getByRole('button', { name: 'Save my PIN' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'My account' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/account');
    await waitFor(() =>
      expect(screen.getByText('Your PIN is saved. We sent an email to your school address.')).toBeInTheDocument(),
    );
    expect(screen.getByText('Your PIN is saved. We sent an email to your school address.').closest('[role=status]')).not.toBeNull();
    expect(sent).toEqual({ body: { currentPassword: 'Right-Passw0rd', pin: '402913' }, csrf: csrfToken });
    // The account summary is read again after the change, so "Recovery PIN: Set" is current.
    expect(reads.account).toBe(2);
  });

  it("shows the server's refusal of the PIN next to the PIN box", async () => {
    signedIn();
    server.use(http.put(api('/me/pin'), () => refusal('pin_rules', [{ rule: 'pin_student_id', field: 'pin' }])));
    const user = userEvent.setup();
    renderApp('/account/pin');
    await fill(user, '305127');
    await user.click(screen.getByRole('button', { name: 'Save my PIN' }));

    const pin = screen.getByLabelText('New PIN');
    await waitFor(() => expect(pin).toHaveAttribute('aria-invalid', 'true'));
    const error = describers(pin).find((el) => el.getAttribute('role') === 'alert');
    expect(error).toHaveTextContent("Don't use your student ID number in your PIN.");
    expect(pin).toHaveFocus();
    expect(screen.getByLabelText('Your current password')).not.toHaveAttribute('aria-invalid');
    const studentIdRule = screen.getByText('Not your student ID number').closest('li');
    expect(studentIdRule).toHaveTextContent(/^Still needed:/);

    // Editing the PIN takes the server's word back until the next try.
    await user.clear(pin);
    await user.type(pin, '402913');
    expect(pin).not.toHaveAttribute('aria-invalid');
    expect(studentIdRule).toHaveTextContent(/^Checked when you save:/);
  });

  it('shows a wrong current password next to that field, in Spanish too', async () => {
    signedIn();
    server.use(
      http.put(api('/me/pin'), () =>
        refusal('current_password_wrong', [{ rule: 'current_password', field: 'currentPassword' }]),
      ),
    );
    const user = userEvent.setup();
    renderApp('/account/pin');
    await fill(user);
    await user.click(screen.getByRole('button', { name: 'Save my PIN' }));

    const current = screen.getByLabelText('Your current password');
    await waitFor(() => expect(current).toHaveFocus());
    expect(current).toHaveAccessibleDescription(
      expect.stringContaining('That is not your current password. Check it and try again.'),
    );

    await user.click(screen.getByRole('button', { name: 'Español' }));
    expect(screen.getByLabelText('Tu contraseña actual')).toHaveAccessibleDescription(
      expect.stringContaining('Esa no es tu contraseña actual.'),
    );
  });

  it('checks the simple rules and the confirmation before asking the server', async () => {
    signedIn();
    let requests = 0;
    server.use(
      http.put(api('/me/pin'), () => {
        requests++;
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const user = userEvent.setup();
    renderApp('/account/pin');
    await fill(user, '123456', '123457');
    await user.click(screen.getByRole('button', { name: 'Save my PIN' }));

    const pin = screen.getByLabelText('New PIN');
    expect(pin).toHaveFocus();
    expect(pin).toHaveAccessibleDescription(expect.stringContaining("Don't use numbers in a row"));
    expect(screen.getByLabelText('Type the new PIN again')).toHaveAccessibleDescription(
      'The two PINs are not the same. Type the same PIN in both boxes.',
    );
    expect(requests).toBe(0);
  });

  it('shows a failure that is not about a field in an alert that takes focus', async () => {
    signedIn();
    server.use(
      http.put(api('/me/pin'), () =>
        HttpResponse.json({ code: 'csrf_token_invalid', message: 'Missing token.' }, { status: 403 }),
      ),
    );
    const user = userEvent.setup();
    renderApp('/account/pin');
    await fill(user);
    await user.click(screen.getByRole('button', { name: 'Save my PIN' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Your session has expired. Reload the page and try again.');
    await waitFor(() => expect(alert).toHaveFocus());
  });

  it('tells a young student who can help instead of showing the form', async () => {
    signedIn({ grade: 1, selfResetEligible: false });
    renderApp('/account/pin');
    const help = await screen.findByRole('region', { name: 'Forgot your password?' });
    expect(within(help).getByText(/family portal/)).toBeInTheDocument();
    expect(screen.queryByLabelText('New PIN')).not.toBeInTheDocument();
  });
});
