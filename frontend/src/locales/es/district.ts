import type { Translation } from '../en.ts';

// Help speaks to students and parents at once: it uses "usted", as the family portal does;
// the steps a student takes alone keep the students' "tú" of the pages they lead to.
export const district: Translation['district'] = {
  footer: {
    label: 'Ayuda e información',
    help: 'Ayuda',
    privacy: 'Privacidad',
    accessibility: 'Accesibilidad',
    contact: 'Contacto: {{name}}',
    phone: 'Teléfono: {{phone}}',
    newTab: '(se abre en una pestaña nueva)',
  },
  help: {
    title: 'Ayuda para volver a entrar',
    intro: 'Hay tres maneras de volver a entrar en una cuenta escolar. Elija la que le sirva.',
    selfTitle: 'Estudiantes desde 3.er grado: por su cuenta',
    self: 'Si el estudiante configuró un PIN de recuperación o preguntas de seguridad, puede elegir una contraseña nueva sin ayuda: <link>¿Olvidaste tu contraseña?</link>',
    guardianTitle: 'Un padre, madre o tutor puede restablecerla',
    guardian:
      'Un padre, madre o tutor vinculado con el estudiante en el portal para familias puede restablecer la contraseña, para estudiantes de cualquier grado: <link>Ir al portal para familias</link>',
    schoolTitle: 'La escuela siempre puede ayudar',
    school: 'Un maestro o la oficina principal de la escuela puede restablecer la contraseña de un estudiante. Si lo tiene, traiga el número de estudiante.',
    familyTitle: 'Padres, madres y tutores',
    family: '¿Olvidó la contraseña del portal para familias? <link>Reciba un enlace por correo electrónico</link>',
    contactTitle: 'Comuníquese con el distrito',
    contactIntro: '¿Todavía necesita ayuda? La mesa de ayuda del distrito puede ayudarle:',
    noContact: 'Comuníquese con la escuela de su hijo o hija.',
  },
  notice: {
    privacyTitle: 'Aviso de privacidad',
    accessibilityTitle: 'Declaración de accesibilidad',
    elsewhere: 'Léalo en el sitio web del distrito:',
    missing: 'El distrito no lo ha publicado aquí. Pídalo a la mesa de ayuda del distrito o a su escuela.',
  },
  registerPrivacy: 'Cómo usa el distrito su información: <link>aviso de privacidad</link>.',
};
