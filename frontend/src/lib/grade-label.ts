import type { TFunction } from 'i18next';

/**
 * gradeName words a grade as schools say it on its own ("Grade 3"): 0 is kindergarten, below it
 * pre-K levels, 13 post-secondary and -9 ungraded (PRODUCT.md, "grade").
 */
export function gradeName(grade: number, t: TFunction): string {
  return grade >= 1 && grade <= 12 ? t('grades.named', { grade }) : gradeLabel(grade, t);
}

/**
 * gradeLabel words a grade for a table's grade column, where the header says "Grade": 3 is
 * "3", and the others as gradeName says them.
 */
export function gradeLabel(grade: number, t: TFunction): string {
  if (grade === -9) return t('grades.ungraded');
  if (grade === 13) return t('grades.postSecondary');
  if (grade === 0) return t('grades.kindergarten');
  if (grade < 0) return t('grades.preK');
  return t('grades.number', { grade });
}
