import { describe, expect, it } from 'vitest';
import { pinChecks, pinRuleFailures } from './pin-rules.ts';

describe('pin rules', () => {
  it.each([
    ['', ['pin_digits']],
    ['12a456', ['pin_digits']],
    ['12345', ['pin_length']],
    ['123456789', ['pin_length']],
    ['111111', ['pin_repeated']],
    ['123456', ['pin_sequence']],
    ['98765432', ['pin_sequence']],
    ['890123', []],
    ['305127', []],
    ['40392817', []],
  ])('%s fails %j', (pin, want) => {
    expect(pinRuleFailures(pin)).toEqual(want);
  });

  it('counts repeated digits and runs as met only once the PIN has the right form', () => {
    expect(pinChecks('12')).toEqual({ length: false, repeated: false, sequence: false });
    expect(pinChecks('402913')).toEqual({ length: true, repeated: true, sequence: true });
    expect(pinChecks('777777')).toEqual({ length: true, repeated: false, sequence: true });
  });
});
