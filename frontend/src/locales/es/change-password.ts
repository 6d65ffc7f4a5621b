import type { Translation } from '../en.ts';

export const changePassword: Translation['changePassword'] = {
  title: 'Cambia tu contraseña',
  intro: 'Elige una contraseña nueva que no uses en ningún otro lugar.',
  mustChange: 'Tu escuela te dio una contraseña inicial. Elige tu propia contraseña antes de continuar.',
  mustChangeGuardian:
    'Tu madre, padre o tutor te dio una contraseña inicial. Elige tu propia contraseña antes de continuar.',
  currentPassword: 'Contraseña actual',
  currentPasswordHint: 'La contraseña con la que iniciaste sesión.',
  startingPasswordHint: 'La contraseña inicial que te dio tu escuela.',
  startingPasswordHintGuardian: 'La contraseña inicial que te dio tu madre, padre o tutor.',
  newPassword: 'Contraseña nueva',
  confirmPassword: 'Escribe otra vez la contraseña nueva',
  submit: 'Cambiar mi contraseña',
  submitting: 'Cambiando…',
  back: 'Volver a mi cuenta',
  errors: {
    currentRequired: 'Escribe tu contraseña actual.',
  },
};
