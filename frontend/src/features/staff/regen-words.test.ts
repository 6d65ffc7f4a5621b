import { describe, expect, it } from 'vitest';
import { createI18n } from '../../lib/i18n.ts';
import { durationWords, rateWords, timeLeftWords } from './regen-words.tsx';

describe('regeneration words', () => {
  const i18n = createI18n();
  const en = i18n.getFixedT('en');
  const es = i18n.getFixedT('es');

  it('rounds the time left the way people say it', () => {
    expect([0, 59, 60, 89, 90, 130, 3540, 3600, 5400, 7300].map((s) => timeLeftWords(s, en))).toEqual([
      'Less than a minute left',
      'Less than a minute left',
      'About 1 minute left',
      'About 1 minute left',
      'About 2 minutes left',
      'About 2 minutes left',
      'About 59 minutes left',
      'About 1 hour left',
      'About 2 hours left',
      'About 2 hours left',
    ]);
    expect(timeLeftWords(130, es)).toBe('Faltan alrededor de 2 minutos');
    expect(timeLeftWords(3600, es)).toBe('Falta alrededor de 1 hora');
  });

  it('says how long it took, in seconds, minutes or hours', () => {
    expect([0.4, 42, 60, 65, 3599, 3725].map((s) => durationWords(s, en))).toEqual(['0 s', '42 s', '1 min 0 s', '1 min 5 s', '59 min 59 s', '1 h 2 min']);
  });

  it('writes the rate as the language writes numbers, the plural following the number shown', () => {
    expect(rateWords(2.46, 'en', en)).toBe('2.5 students a second');
    expect(rateWords(1.04, 'en', en)).toBe('1 student a second');
    expect(rateWords(0.5, 'en', en)).toBe('0.5 students a second');
    expect(rateWords(1234.4, 'en', en)).toBe('1,234 students a second');
    expect(rateWords(2.46, 'es', es)).toBe('2,5 estudiantes por segundo');
  });
});
