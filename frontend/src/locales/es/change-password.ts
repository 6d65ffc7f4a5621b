import type { Translation } from '../en.ts';

export const changePassword: Translation['changePassword'] = {
  title: 'Cambia tu contraseña',
  mustChange: 'Tu escuela te pide que elijas una contraseña nueva antes de continuar.',
};
