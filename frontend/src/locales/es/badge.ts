import type { Translation } from '../en.ts';

export const badge: Translation['badge'] = {
  scanButton: 'Escanear mi tarjeta',
  scanTitle: 'Escanea tu tarjeta',
  scanIntro: 'Pon tu tarjeta delante de la cámara.',
  cameraLabel: 'Imagen de la cámara',
  starting: 'Encendiendo la cámara…',
  cancel: 'Cancelar',
  notOurBadge: 'Esa no es una tarjeta de esta escuela.',
  cameraRefused: 'La cámara no está disponible. Pide ayuda a tu maestro o inicia sesión con tu contraseña.',
  pageTitle: 'Entrando con tu tarjeta',
  signingIn: 'Entrando…',
  missing: 'Este enlace de tarjeta no está completo. Vuelve a escanear tu tarjeta.',
  again: 'Escanear otra vez',
  toSignIn: 'Ir a iniciar sesión',
};
