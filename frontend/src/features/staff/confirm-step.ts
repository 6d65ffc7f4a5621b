import { useRef, useState } from 'react';
import { isRefusal } from '../../lib/api-error.ts';

/** Where a change that asks first stands: its button, the confirm question, or a second factor to prove again. */
export type ConfirmStep = 'idle' | 'confirm' | 'renew';

/**
 * useConfirmStep keeps the steps of a district change that asks before it runs (a regeneration,
 * a roster import): `refused` turns a stale second factor into the renew step (the change is
 * retried once it is proven) and any other refusal back to the button, where the page says it;
 * `back` cancels (the mutation's error cleared by `reset`) and gives the focus back to the
 * button. A page may add steps of its own (Extra), such as the outcome.
 */
export function useConfirmStep<Extra extends string = never>(reset: () => void) {
  const [step, setStep] = useState<ConfirmStep | Extra>('idle');
  const buttonRef = useRef<HTMLButtonElement>(null);
  const refused = (error: unknown) => setStep(isRefusal(error, 403, 'second_factor_stale') ? 'renew' : 'idle');
  const back = () => {
    reset();
    setStep('idle');
    requestAnimationFrame(() => buttonRef.current?.focus());
  };
  return { step, setStep, buttonRef, refused, back };
}
