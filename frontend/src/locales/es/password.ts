import type { Translation } from '../en.ts';

// The rules in "usted", for a guardian's own password; a child's names the child where it differs.
const formalErrors = {
  min_length: 'Use al menos 8 caracteres.',
  max_length: 'Use 128 caracteres o menos.',
  lowercase: 'Agregue una letra minúscula, como a.',
  uppercase: 'Agregue una letra mayúscula, como A.',
  digit: 'Agregue un número, como 7.',
  common: 'Mucha gente usa esta contraseña, así que es fácil de adivinar. Pruebe a agregar más palabras.',
  contains_username: 'No ponga en su contraseña la primera parte de su correo (lo que va antes de la @).',
  contains_name: 'No ponga su nombre en su contraseña.',
  same_as_current: 'Elija una contraseña nueva, no la que usa ahora.',
  confirm_mismatch: 'Las dos contraseñas no son iguales. Escriba la misma contraseña en los dos espacios.',
  current_password: 'Esa no es su contraseña actual. Revísela y vuelva a intentarlo.',
  required: 'Escriba aquí su contraseña nueva.',
  confirmRequired: 'Escriba otra vez su contraseña nueva.',
};

export const password: Translation['password'] = {
  show: 'Mostrar contraseña',
  showField: 'Mostrar contraseña: {{field}}',
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
  // Usted: the family pages speak to parents so.
  forGuardian: {
    title: 'Su contraseña nueva necesita:',
    personal: 'Que no tenga su nombre ni la primera parte de su correo',
    errors: formalErrors,
  },
  forChild: {
    title: 'La contraseña nueva de {{name}} necesita:',
    personal: 'Que no tenga el nombre ni el usuario de {{name}}',
    errors: {
      ...formalErrors,
      contains_username: 'No ponga el usuario de {{name}} en la contraseña.',
      contains_name: 'No ponga el nombre de {{name}} en la contraseña.',
      same_as_current: 'Elija una contraseña nueva, no la que {{name}} usa ahora.',
      required: 'Escriba aquí la contraseña nueva de {{name}}.',
      confirmRequired: 'Escriba otra vez la contraseña nueva de {{name}}.',
    },
  },
  forGroup: {
    title: 'La contraseña nueva necesita:',
    personal: 'Que no tenga el nombre ni el usuario de ningún alumno elegido',
    errors: {
      ...formalErrors,
      contains_username: 'No ponga el usuario de un alumno elegido en la contraseña.',
      contains_name: 'No ponga el nombre de un alumno elegido en la contraseña.',
      same_as_current: 'Elija una contraseña nueva, no una que un alumno usa ahora.',
      required: 'Escriba aquí la contraseña nueva.',
      confirmRequired: 'Escriba otra vez la contraseña nueva.',
    },
  },
};
