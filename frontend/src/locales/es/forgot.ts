import type { Translation } from '../en.ts';

export const forgot: Translation['forgot'] = {
  backToSignIn: 'Volver a iniciar sesión',
  startAgain: 'Empezar de nuevo',
  checking: 'Comprobando…',
  sooner: '¿Necesitas entrar antes?',
  helpGuardian: 'Tu mamá, papá o tutor puede restablecerla en el <link>portal para familias</link>.',
  helpSchool: 'Tu maestro o la oficina de la escuela pueden restablecerla.',
  username: {
    title: '¿Olvidaste tu contraseña?',
    intro: 'Puedes elegir una contraseña nueva con tu PIN de recuperación o tus preguntas de seguridad.',
    label: 'Usuario o correo escolar',
    hint: 'El que usas para iniciar sesión. Por ejemplo: johns1234 o johns1234@school.org',
    younger: 'Estudiantes más pequeños: pidan a su mamá, papá, tutor o maestro que restablezca su contraseña.',
    submit: 'Siguiente',
    errors: {
      required: 'Escribe tu usuario o tu correo escolar.',
    },
  },
  choose: {
    title: '¿Cómo quieres demostrar que eres tú?',
    username: 'Cuenta: {{username}}',
    changeUsername: '¿No es tu cuenta? Cámbiala',
    pin: 'Usar mi PIN',
    pinHint: 'El PIN de recuperación de 6 a 8 números que configuraste.',
    questions: 'Responder mis preguntas de seguridad',
    questionsHint: 'Las tres preguntas que elegiste.',
    neither: '¿Nunca configuraste un PIN ni preguntas? Tu mamá, papá, tutor o tu escuela pueden restablecer tu contraseña.',
  },
  pin: {
    title: 'Escribe tu PIN',
    label: 'PIN de recuperación',
    hint: 'De 6 a 8 números',
    show: 'Mostrar PIN',
    submit: 'Comprobar mi PIN',
    otherWay: 'Elegir otra forma',
    errors: {
      required: 'Escribe tu PIN.',
      shape: 'Un PIN tiene de 6 a 8 números, y solo números.',
      mismatch: 'Eso no coincide. Revisa tu PIN e inténtalo de nuevo.',
    },
  },
  questions: {
    title: 'Responde tus preguntas de seguridad',
    intro: 'No importan las mayúsculas, los espacios ni los signos de puntuación.',
    submit: 'Comprobar mis respuestas',
    otherWay: 'Elegir otra forma',
    errors: {
      required: 'Escribe una respuesta.',
      mismatch: 'Eso no coincide. Revisa tus respuestas e inténtalo de nuevo.',
    },
  },
  newPassword: {
    title: 'Elige una contraseña nueva',
    intro: 'Elige una contraseña que vayas a recordar. La lista muestra lo que necesita.',
    submit: 'Cambiar mi contraseña',
    submitting: 'Cambiando…',
  },
  done: {
    title: 'Tu contraseña cambió',
    email: 'Enviamos un correo a tu dirección de la escuela.',
    signedOut: 'Se cerró la sesión en todos los lugares donde la tenías abierta.',
    signIn: 'Iniciar sesión',
  },
  tooSoon: {
    title: 'Restableciste tu contraseña hace poco',
    body: 'Ya restableciste tu contraseña por tu cuenta hace poco, así que todavía no puedes hacerlo otra vez.',
    nextDate: 'Podrás restablecerla por tu cuenta otra vez el {{date}}.',
    nextLater: 'Podrás restablecerla por tu cuenta otra vez en unas semanas.',
  },
  locked: {
    title: 'Demasiados intentos',
    body: 'Hubo demasiados intentos equivocados, así que restablecer con PIN o preguntas está en pausa por un rato.',
    until: 'Puedes intentarlo de nuevo a las {{time}}.',
    untilDay: 'Puedes intentarlo de nuevo el {{date}} a las {{time}}.',
    untilUnknown: 'Puedes intentarlo de nuevo en 15 minutos.',
  },
  disabled: {
    title: 'Restablecer por tu cuenta está desactivado',
    body: 'Demasiados intentos equivocados desactivaron restablecer con PIN o preguntas de seguridad, para proteger tu cuenta.',
    whoCanHelp: 'Quién puede ayudarte:',
    turnOn: 'Cuando puedas volver a iniciar sesión, configura un PIN nuevo o preguntas nuevas en Mi cuenta para activarlo otra vez.',
  },
  expired: {
    title: 'Esto tardó demasiado',
    body: 'Para proteger tu cuenta, cada paso dura solo unos minutos. Vuelve a empezar, por favor.',
  },
};
