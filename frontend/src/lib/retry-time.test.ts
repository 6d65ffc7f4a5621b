import { describe, expect, it } from 'vitest';
import { formatRetryTime } from './retry-time.ts';

// ICU versions differ in the space before AM/PM (U+0020 or U+202F).
function plain(at: Date, language: string, now: Date) {
  const { date, time } = formatRetryTime(at, language, now);
  return { ...(date ? { date } : {}), time: time.replace(/\s/gu, ' ') };
}

describe('formatRetryTime', () => {
  const now = new Date(2026, 2, 4, 10, 0);

  it('gives only the time when the wait ends today', () => {
    expect(plain(new Date(2026, 2, 4, 10, 15), 'en', now)).toEqual({ time: '10:15 AM' });
    expect(plain(new Date(2026, 2, 4, 10, 15), 'es', now)).toEqual({ time: '10:15' });
  });

  it('adds the date when the wait ends on another day', () => {
    const next = new Date(2026, 2, 5, 0, 5);
    expect(plain(next, 'en', now)).toEqual({ date: 'March 5, 2026', time: '12:05 AM' });
    expect(plain(next, 'es', now)).toEqual({ date: '5 de marzo de 2026', time: '0:05' });
  });
});
