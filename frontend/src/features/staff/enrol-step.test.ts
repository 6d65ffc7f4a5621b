import { describe, expect, it } from 'vitest';
import { groupKey, recoveryText } from './enrol-step.tsx';
import { printedCode } from './family-letter.tsx';

describe('groupKey', () => {
  it.each([
    { secret: 'JBSWY3DPEHPK3PXP', want: 'JBSW Y3DP EHPK 3PXP' },
    { secret: 'JBSWY3DPEHPK3PXPJB', want: 'JBSW Y3DP EHPK 3PXP JB' },
    { secret: 'JBS', want: 'JBS' },
    { secret: ' JBSW Y3DP ', want: 'JBSW Y3DP' },
  ])('writes $secret as "$want"', ({ secret, want }) => {
    expect(groupKey(secret)).toBe(want);
  });
});

describe('recoveryText', () => {
  it('puts the intro, a blank line and one code a line', () => {
    expect(recoveryText('Codes for ana', ['A-1', 'B-2'])).toBe('Codes for ana\n\nA-1\nB-2\n');
  });
});

describe('printedCode', () => {
  it.each([
    { code: 'HK7P3MXA9TQD', want: 'HK7P-3MXA-9TQD' },
    { code: 'hk7p-3mxa-9tqd', want: 'HK7P-3MXA-9TQD' },
    { code: 'HK7P 3MXA 9TQD', want: 'HK7P-3MXA-9TQD' },
    // Not 12 characters: printed as the server sent it.
    { code: 'ABC', want: 'ABC' },
  ])('prints $code as $want', ({ code, want }) => {
    expect(printedCode(code)).toBe(want);
  });
});
