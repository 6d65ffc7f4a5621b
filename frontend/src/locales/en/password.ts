export const password = {
  show: 'Show password',
} as const;
