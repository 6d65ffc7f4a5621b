export const pin = {
  title: 'Recovery PIN',
} as const;
