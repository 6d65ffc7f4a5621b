import { describe, expect, it } from 'vitest';
import { badgeTokenFrom, tokenFromHash } from './badge-url.ts';

const origin = 'https://portal.example.org';
const token = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJ_-01234';

describe('badgeTokenFrom', () => {
  it.each([
    ['this origin’s badge URL', `${origin}/badge#${token}`, token],
    ['with spaces around it', ` ${origin}/badge#${token}\n`, token],
    ['another site', `https://evil.example.com/badge#${token}`, undefined],
    ['another port', `https://portal.example.org:8443/badge#${token}`, undefined],
    ['plain http', `http://portal.example.org/badge#${token}`, undefined],
    ['another path', `${origin}/account#${token}`, undefined],
    ['a query', `${origin}/badge?x=1#${token}`, undefined],
    ['no token', `${origin}/badge`, undefined],
    ['a token with other characters', `${origin}/badge#abc def<script>0123456789`, undefined],
    ['not a URL', token, undefined],
  ])('%s', (_, text, want) => {
    expect(badgeTokenFrom(text, origin)).toBe(want);
  });
});

describe('tokenFromHash', () => {
  it('takes the fragment without its #', () => expect(tokenFromHash(`#${token}`)).toBe(token));
  it('refuses an empty or too short fragment', () => {
    expect(tokenFromHash('')).toBeUndefined();
    expect(tokenFromHash('#abc')).toBeUndefined();
  });
  it('refuses a fragment longer than the contract allows', () => expect(tokenFromHash(`#${'a'.repeat(129)}`)).toBeUndefined());
});
