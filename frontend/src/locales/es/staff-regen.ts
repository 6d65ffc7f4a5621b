import type { Translation } from '../en.ts';

// Staff pages speak "usted".
export const staffRegen: Translation['staffRegen'] = {
  title: 'Regenerar contraseñas predeterminadas',
  intro:
    'Dé una nueva contraseña predeterminada a cada estudiante que cumpla el filtro. Primero vea la vista previa: cuenta los estudiantes afectados y no cambia nada.',
  form: {
    psuCode: 'Código PSU',
    psuCodeHint: 'El código de 3 dígitos de su distrito.',
    campusCodes: 'Códigos de escuela',
    campusCodesHint: 'Opcional. Códigos de 6 caracteres separados por comas, por ejemplo 17K045, 17X390. Vacío: todas las escuelas.',
    grades: 'Grados',
    gradesHint:
      'Opcional. Códigos separados por comas: -5 a -1 (prekínder), 0 (kínder), 1 a 12, 13 (postsecundaria), -9 (sin grado). Vacío: todos los grados.',
    alsoReset: 'Restablecer también las contraseñas actuales',
    alsoResetHint: 'Las nuevas contraseñas predeterminadas pasan a ser también las contraseñas actuales de los estudiantes.',
    forceChange: 'Obligar a cambiar la contraseña al iniciar sesión',
    forceChangeHint: 'Solo tiene efecto si marca "Restablecer también las contraseñas actuales".',
    comments: 'Comentarios',
    commentsHint: 'Opcional. Por qué, o quién lo pidió. Se guarda con la solicitud.',
    preview: 'Vista previa',
    previewing: 'Contando…',
  },
  rules: {
    required: 'Escriba el código PSU.',
    psu_format: 'El código PSU tiene 3 dígitos: "{{value}}" no lo es.',
    psu_other_district: 'El código PSU {{value}} no es de su distrito.',
    campus_format: 'Un código de escuela tiene 6 letras o dígitos: "{{value}}" no lo es.',
    campus_unknown: 'El código de escuela {{value}} no es de una escuela de este distrito.',
    campus_repeated: 'El código de escuela {{value}} aparece dos veces.',
    grade_unknown: 'El grado "{{value}}" no es un código de grado. Use de -5 a 13 o -9.',
    grade_repeated: 'El grado {{value}} aparece dos veces.',
    force_without_reset:
      'Obligar a cambiar la contraseña solo tiene efecto con "Restablecer también las contraseñas actuales": marque también esa casilla, o desmarque esta.',
  },
  result: {
    title: 'Vista previa',
    caption: 'Estudiantes que recibirían una nueva contraseña predeterminada, por escuela y grado',
    campusCode: 'Código de escuela',
    school: 'Escuela',
    grade: 'Grado',
    students: 'Estudiantes',
    schoolTotal: 'Todos los grados',
    total: 'Total',
    summary_one: '{{count}} estudiante recibiría una nueva contraseña predeterminada.',
    summary_other: '{{count}} estudiantes recibirían una nueva contraseña predeterminada.',
    none: 'Ningún estudiante cumple esta solicitud.',
    unchanged: 'Todavía no ha cambiado nada. La confirmación de la solicitud llega en la próxima versión.',
    notYet: 'Todavía no es posible ejecutar la solicitud.',
  },
};
