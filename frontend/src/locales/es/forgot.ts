import type { Translation } from '../en.ts';

export const forgot: Translation['forgot'] = {
  title: '¿Olvidaste tu contraseña?',
  intro: 'Puedes volver a entrar con tu PIN de recuperación o tus preguntas de seguridad.',
  backToSignIn: 'Volver a iniciar sesión',
};
