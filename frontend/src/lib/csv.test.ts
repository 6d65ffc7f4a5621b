import { describe, expect, it } from 'vitest';
import { safeCell, toCsv } from './csv.ts';

describe('safeCell', () => {
  it.each([
    ['=HYPERLINK("http://x","y")', `'=HYPERLINK("http://x","y")`],
    ['+1', "'+1"],
    ['-cmd', "'-cmd"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['\rx', "'\rx"],
  ])('neutralises %j', (input, want) => {
    expect(safeCell(input)).toBe(want);
  });

  it.each(['-1', '0', '12', '3.5', '', 'Ana', 'Green-Lopez'])('leaves %j as it is', (input) => {
    expect(safeCell(input)).toBe(input);
  });
});

describe('toCsv', () => {
  it('quotes cells with commas, quotes and line breaks, and ends every line with CRLF', () => {
    expect(
      toCsv([
        ['name', 'password'],
        ['Lopez, Ana', 'say "hi"'],
        ['=1+1', 'two\nlines'],
      ]),
    ).toBe('name,password\r\n"Lopez, Ana","say ""hi"""\r\n\'=1+1,"two\nlines"\r\n');
  });
});
