import { describe, expect, it } from 'vitest';
import { formatDate } from './format-date.ts';

describe('formatDate', () => {
  it('writes the date out in English and Spanish', () => {
    expect(formatDate('2026-03-04T12:00:00Z', 'en')).toBe('March 4, 2026');
    expect(formatDate('2026-03-04T12:00:00Z', 'es')).toBe('4 de marzo de 2026');
    expect(formatDate(new Date(2025, 11, 31), 'en-US')).toBe('December 31, 2025');
  });

  it('says what Intl says for every month in both languages', () => {
    for (const language of ['en', 'es']) {
      for (let month = 0; month < 12; month++) {
        const date = new Date(2026, month, month + 9, 23, 30);
        expect(formatDate(date, language)).toBe(new Intl.DateTimeFormat(language, { dateStyle: 'long' }).format(date));
      }
    }
  });

  it('leaves other languages to Intl', () => {
    const date = new Date(2026, 0, 15);
    expect(formatDate(date, 'fr')).toBe(new Intl.DateTimeFormat('fr', { dateStyle: 'long' }).format(date));
  });
});
