import type { Translation } from '../en.ts';

export const password: Translation['password'] = {
  show: 'Mostrar contraseña',
  newLabel: 'Contraseña nueva',
  confirmLabel: 'Escríbela otra vez',
  checklist: {
    title: 'Tu contraseña nueva necesita:',
    summary: '{{met}} de {{total}} listas',
    allDone: 'Tu contraseña cumple todas las reglas.',
    met: 'listo',
    notMet: 'todavía no',
    missing: 'falta',
    checking: 'comprobando',
  },
  rules: {
    lowercase: 'Una letra minúscula, como a',
    uppercase: 'Una letra mayúscula, como A',
    digit: 'Un número, como 7',
    minLength: 'Al menos 8 caracteres',
    maxLength: 'No más de 128 caracteres',
    common: 'Que no sea una contraseña que usa mucha gente',
    personal: 'Que no tenga tu nombre ni tu usuario',
  },
  confirm: {
    matches: 'Las dos contraseñas son iguales.',
    differs: 'Las dos contraseñas todavía no son iguales.',
  },
  errors: {
    min_length: 'Usa al menos 8 caracteres.',
    max_length: 'Usa 128 caracteres o menos.',
    lowercase: 'Agrega una letra minúscula, como a.',
    uppercase: 'Agrega una letra mayúscula, como A.',
    digit: 'Agrega un número, como 7.',
    common: 'Mucha gente usa esta contraseña, así que es fácil de adivinar. Prueba a agregar más palabras.',
    contains_username: 'No pongas tu usuario en tu contraseña.',
    contains_name: 'No pongas tu nombre en tu contraseña.',
    same_as_current: 'Elige una contraseña nueva, no la que usas ahora.',
    confirm_mismatch: 'Las dos contraseñas no son iguales. Escribe la misma contraseña en los dos espacios.',
    current_password: 'Esa no es tu contraseña actual. Revísala y vuelve a intentarlo.',
    required: 'Escribe aquí tu contraseña nueva.',
    confirmRequired: 'Escribe otra vez tu contraseña nueva.',
  },
};
