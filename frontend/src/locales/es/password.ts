import type { Translation } from '../en.ts';

export const password: Translation['password'] = {
  show: 'Mostrar contraseña',
};
