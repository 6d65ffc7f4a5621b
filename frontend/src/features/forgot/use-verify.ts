import { useEffect, useRef, useState } from 'react';
import { useVerifyForgot } from './forgot-queries.ts';

export interface VerifyStepProps {
  flowToken: string;
  onVerified(resetToken: string): void;
  /** Shows the page for a refusal that ends the flow; false when the error is not one. */
  onRefused(error: unknown): boolean;
}

/**
 * useVerify sends a proof and keeps the failure this step shows itself; a
 * refusal that ends the flow goes to its own page and never flashes here.
 * The alert takes focus, so a screen reader reads it at once.
 */
export function useVerify({ onVerified, onRefused }: Omit<VerifyStepProps, 'flowToken'>) {
  const verify = useVerifyForgot();
  const [problem, setProblem] = useState<unknown>();
  const alertRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (problem !== undefined) alertRef.current?.focus();
  }, [problem]);

  const send = (body: Parameters<typeof verify.mutate>[0]) => {
    if (verify.isPending) return;
    setProblem(undefined);
    verify.mutate(body, {
      onSuccess: (data) => onVerified(data.resetToken),
      onError: (error) => {
        if (!onRefused(error)) setProblem(error);
      },
    });
  };

  return { send, pending: verify.isPending, problem, clearProblem: () => setProblem(undefined), alertRef };
}
