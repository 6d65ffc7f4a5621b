// The simple PIN rules, mirrored from the server's policy core so the page can
// show them live. The server is the judge: it also refuses a PIN made of the
// student ID's digits, which the page cannot know.

export type PinCheck = 'length' | 'repeated' | 'sequence';

export const minPinLength = 6;
export const maxPinLength = 8;

function wellFormed(pin: string): boolean {
  return new RegExp(`^[0-9]{${minPinLength},${maxPinLength}}$`).test(pin);
}

function isRepeated(pin: string): boolean {
  return [...pin].every((digit) => digit === pin[0]);
}

/** isRun: every digit is the one before plus step, without wrapping (890123 is not a run). */
function isRun(pin: string, step: 1 | -1): boolean {
  for (let i = 1; i < pin.length; i++) {
    if (pin.charCodeAt(i) - pin.charCodeAt(i - 1) !== step) return false;
  }
  return true;
}

/**
 * pinChecks says which of the simple rules pin meets. Repeated digits and runs
 * only count as met once the PIN has the right form, as on the server.
 */
export function pinChecks(pin: string): Record<PinCheck, boolean> {
  const formed = wellFormed(pin);
  return {
    length: formed,
    repeated: formed && !isRepeated(pin),
    sequence: formed && !isRun(pin, 1) && !isRun(pin, -1),
  };
}

/** pinRuleFailures names the server rule codes pin fails among the simple rules. */
export function pinRuleFailures(pin: string): string[] {
  if (!/^[0-9]+$/.test(pin)) return ['pin_digits'];
  if (!wellFormed(pin)) return ['pin_length'];
  const checks = pinChecks(pin);
  return [...(checks.repeated ? [] : ['pin_repeated']), ...(checks.sequence ? [] : ['pin_sequence'])];
}
