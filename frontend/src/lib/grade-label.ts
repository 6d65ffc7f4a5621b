import type { TFunction } from 'i18next';

/**
 * gradeLabel words a grade as schools say it: 0 is kindergarten, below it pre-K levels, 13
 * post-secondary and -9 ungraded (PRODUCT.md, "grade").
 */
export function gradeLabel(grade: number, t: TFunction): string {
  if (grade === -9) return t('grades.ungraded');
  if (grade === 13) return t('grades.postSecondary');
  if (grade === 0) return t('grades.kindergarten');
  if (grade < 0) return t('grades.preK');
  return t('grades.number', { grade });
}
