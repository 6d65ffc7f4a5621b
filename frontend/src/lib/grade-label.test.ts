import { describe, expect, it } from 'vitest';
import { gradeLabel } from './grade-label.ts';
import { createI18n } from './i18n.ts';

describe('gradeLabel', () => {
  const i18n = createI18n();
  const cases: { grade: number; en: string; es: string }[] = [
    { grade: -9, en: 'Ungraded', es: 'Sin grado' },
    { grade: -1, en: 'Pre-K', es: 'Prekínder' },
    { grade: 0, en: 'Kindergarten', es: 'Kínder' },
    { grade: 1, en: '1', es: '1.º' },
    { grade: 12, en: '12', es: '12.º' },
    { grade: 13, en: 'Post-secondary', es: 'Postsecundaria' },
  ];
  for (const { grade, en, es } of cases) {
    it(`words grade ${grade} as every area says it`, () => {
      expect(gradeLabel(grade, i18n.getFixedT('en'))).toBe(en);
      expect(gradeLabel(grade, i18n.getFixedT('es'))).toBe(es);
    });
  }
});
