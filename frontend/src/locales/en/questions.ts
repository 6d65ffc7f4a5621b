export const questions = {
  title: 'Security questions',
} as const;
