import { describe, expect, it } from 'vitest';
import { classCodeFrom } from './picture-url.ts';

describe('classCodeFrom', () => {
  it.each([
    ['#ABCD2345', 'ABCD2345'],
    ['abcd2345', 'ABCD2345'],
    [' abcd-2345 ', 'ABCD2345'],
    ['abcd 2345', 'ABCD2345'],
    ['', undefined],
    ['#', undefined],
    ['AB', undefined],
    ['ABCD2345!', undefined],
    ['ABCD/2345', undefined],
    ['A'.repeat(33), undefined],
  ])('reads %j as %j', (text, want) => {
    expect(classCodeFrom(text)).toBe(want);
  });
});
