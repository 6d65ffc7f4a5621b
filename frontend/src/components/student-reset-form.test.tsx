import { useMutation } from '@tanstack/react-query';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../lib/api-error.ts';
import { loadCommonList } from '../lib/password-rules.ts';
import { renderComponent } from '../test/render-component.tsx';
import { StudentResetForm, type ResetMode, type StudentResetBody } from './student-reset-form.tsx';

const words = {
  how: 'How?',
  typed: 'Type one',
  typedHint: 'You type it.',
  generated: 'Make one',
  generatedHint: 'We make it.',
  mustChange: 'Must change',
  mustChangeHint: 'At the next sign-in.',
  submit: 'Reset',
  submitting: 'Resetting…',
};

const maya = { username: 'mayal1234', firstName: 'Maya', lastName: 'Lopez' };

function Form({ initial, sent, refused }: { initial: { mode: ResetMode; mustChange: boolean }; sent: StudentResetBody[]; refused?: ApiError }) {
  const reset = useMutation({
    mutationFn: async (body: StudentResetBody) => {
      sent.push(body);
      if (refused) throw refused;
    },
  });
  return (
    <StudentResetForm
      student={maya}
      reset={reset}
      words={words}
      initial={initial}
      idPrefix="test-reset"
      errorId="test-reset-error"
      errorMessage={(error) => `Said: ${error instanceof Error ? error.message : ''}`}
      offerToSave
    />
  );
}

describe('StudentResetForm', { timeout: 30_000 }, () => {
  beforeAll(() => loadCommonList());

  const starts = [
    { initial: { mode: 'generated', mustChange: true }, body: { mode: 'generated', mustChange: true } },
    { initial: { mode: 'generated', mustChange: false }, body: { mode: 'generated', mustChange: false } },
  ] as const;
  for (const { initial, body } of starts) {
    it(`starts as the area says (${JSON.stringify(initial)}) and sends a generated reset as is`, async () => {
      const sent: StudentResetBody[] = [];
      const user = userEvent.setup();
      renderComponent(<Form initial={initial} sent={sent} />);
      expect(screen.getByRole('radio', { name: 'Make one' })).toBeChecked();
      expect(screen.getByRole('checkbox', { name: 'Must change' })).toHaveProperty('checked', initial.mustChange);
      expect(screen.queryByLabelText('New password')).not.toBeInTheDocument();
      await user.click(screen.getByRole('button', { name: 'Reset' }));
      await screen.findByRole('button', { name: 'Reset' });
      expect(sent).toEqual([body]);
    });
  }

  it('checks a typed password against the student’s names before sending it', async () => {
    const sent: StudentResetBody[] = [];
    const user = userEvent.setup();
    renderComponent(<Form initial={{ mode: 'typed', mustChange: false }} sent={sent} />);
    await user.type(screen.getByLabelText('New password'), 'Maya-Lopez-2024');
    await user.type(screen.getByLabelText('Type it again'), 'Maya-Lopez-2024');
    await user.click(screen.getByRole('button', { name: 'Reset' }));
    expect(screen.getByLabelText('New password')).toHaveAttribute('aria-invalid', 'true');
    expect(sent).toEqual([]);

    await user.clear(screen.getByLabelText('New password'));
    await user.type(screen.getByLabelText('New password'), 'Sunny-Kite-42');
    await user.clear(screen.getByLabelText('Type it again'));
    await user.type(screen.getByLabelText('Type it again'), 'Sunny-Kite-42');
    await user.click(screen.getByRole('checkbox', { name: 'Must change' }));
    await user.click(screen.getByRole('button', { name: 'Reset' }));
    await screen.findByRole('button', { name: 'Reset' });
    expect(sent).toEqual([{ mode: 'typed', newPassword: 'Sunny-Kite-42', confirmPassword: 'Sunny-Kite-42', mustChange: true }]);
    // Saved: the typed password is not left on screen.
    expect(await screen.findByLabelText('New password')).toHaveValue('');
  });

  it('says a refusal without details in the alert, which takes the focus', async () => {
    const user = userEvent.setup();
    renderComponent(<Form initial={{ mode: 'generated', mustChange: true }} sent={[]} refused={new ApiError(500, { code: 'x', message: 'Broken.' })} />);
    await user.click(screen.getByRole('button', { name: 'Reset' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Said: Broken.');
    expect(alert).toHaveFocus();
  });
});
