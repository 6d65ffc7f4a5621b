import type { Translation } from '../en.ts';

export const pin: Translation['pin'] = {
  title: 'PIN de recuperación',
};
