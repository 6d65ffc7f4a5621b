import type { Translation } from './en.ts';
import { changePassword } from './es/change-password.ts';
import { forgot } from './es/forgot.ts';
import { password } from './es/password.ts';
import { pin } from './es/pin.ts';
import { questions } from './es/questions.ts';

export const es = {
  password,
  changePassword,
  pin,
  questions,
  forgot,
  app: {
    name: 'Ayuda con la contraseña',
    skipToContent: 'Saltar al contenido principal',
    loading: 'Cargando…',
  },
  language: {
    label: 'Idioma',
    en: 'English',
    es: 'Español',
  },
  signIn: {
    title: 'Iniciar sesión',
    intro: 'Inicia sesión con el usuario y la contraseña que usas en la escuela.',
    login: 'Usuario o correo escolar',
    loginHint: 'Por ejemplo: johns1234 o johns1234@school.org',
    password: 'Contraseña',
    submit: 'Iniciar sesión',
    submitting: 'Iniciando sesión…',
    forgot: '¿Olvidaste tu contraseña?',
    signedOut: 'Cerraste la sesión.',
    errors: {
      loginRequired: 'Escribe tu usuario o tu correo escolar.',
      passwordRequired: 'Escribe tu contraseña.',
    },
  },
  account: {
    title: 'Mi cuenta',
    greeting: '¡Hola, {{firstName}}!',
    username: 'Usuario',
    email: 'Correo escolar',
    pin: 'PIN de recuperación',
    questions: 'Preguntas de seguridad',
    set: 'Configurado',
    notSet: 'Sin configurar',
    passwordChanged: 'Último cambio de contraseña',
    never: 'Todavía no',
    nextSelfReset: 'Próximo cambio con PIN o preguntas',
    availableNow: 'Disponible ahora',
    needsSetup: 'Primero configura un PIN o preguntas de seguridad',
    notEligible: 'Pide ayuda a tu familia o a tu escuela',
    changePassword: 'Cambiar mi contraseña',
    signOut: 'Cerrar sesión',
    signingOut: 'Cerrando sesión…',
    loadError: 'No pudimos cargar tu cuenta.',
    retry: 'Intentar de nuevo',
  },
  notFound: {
    title: 'Página no encontrada',
    body: 'No pudimos encontrar esa página.',
    home: 'Ir a la página de inicio',
  },
  errors: {
    title: 'Hay un problema',
    network: 'No pudimos conectar con el servidor. Revisa tu conexión a internet e inténtalo de nuevo.',
    unknown: 'Algo salió mal. Inténtalo de nuevo.',
    tryAgainAt: 'Puedes intentarlo de nuevo a las {{time}}.',
    codes: {
      invalid_credentials: 'El usuario o la contraseña no son correctos. Revísalos e inténtalo de nuevo.',
      sign_in_throttled: 'Demasiadas contraseñas incorrectas. Espera un minuto antes de volver a intentarlo.',
      csrf_token_invalid: 'Tu sesión caducó. Vuelve a cargar la página e inténtalo de nuevo.',
      cross_site_request: 'Bloqueamos esta solicitud por tu seguridad. Vuelve a cargar la página e inténtalo de nuevo.',
      not_signed_in: 'Vuelve a iniciar sesión.',
    },
  },
} as const satisfies Translation;
