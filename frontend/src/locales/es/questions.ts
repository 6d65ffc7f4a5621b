import type { Translation } from '../en.ts';

export const questions: Translation['questions'] = {
  title: 'Preguntas de seguridad',
  intro: 'Si olvidas tu contraseña, puedes contestar estas tres preguntas para elegir una nueva por tu cuenta.',
  replaceNote: 'Ya tienes preguntas de seguridad. Si guardas otras, reemplazan a todas las anteriores.',
  tipsTitle: 'Es bueno saber',
  tips: {
    folding: 'Las mayúsculas, los espacios y los signos de puntuación no importan: «Nueva York» y «nuevayork» cuentan como la misma respuesta.',
    private: 'Nadie puede leer tus respuestas, ni tus maestros ni la escuela: las guardamos de una forma que no se puede volver a leer.',
    personal: 'No uses tu nombre, tu usuario ni tu contraseña como respuesta.',
    guessable: 'Todas las preguntas son sobre tu familia o sobre cuando eras chiquito o chiquita, así que nadie de la escuela puede adivinar la respuesta. Elige las que vas a seguir sabiendo contestar dentro de unos años.',
  },
  question: 'Pregunta {{number}}',
  choose: 'Elige una pregunta',
  answer: 'Tu respuesta a la pregunta {{number}}',
  answerHint: 'Al menos 3 letras o números.',
  currentPassword: 'Tu contraseña actual',
  currentPasswordHint: 'Te la pedimos para asegurarnos de que de verdad eres tú.',
  loading: 'Cargando las preguntas…',
  loadError: 'No pudimos cargar las preguntas.',
  submit: 'Guardar mis preguntas',
  submitting: 'Guardando…',
  back: 'Volver a mi cuenta',
  errors: {
    questionRequired: 'Elige una pregunta.',
    answerRequired: 'Escribe una respuesta.',
    currentRequired: 'Escribe tu contraseña actual.',
    rules: {
      question_count: 'Elige 3 preguntas y contesta cada una.',
      question_unknown: 'Elige una pregunta de la lista.',
      question_repeated: 'Elige 3 preguntas diferentes.',
      answer_short: 'Usa al menos 3 letras o números en cada respuesta.',
      answer_repeated: 'Da una respuesta diferente a cada pregunta.',
      answer_personal: 'No uses tu usuario, tu nombre ni tu contraseña como respuesta.',
    },
  },
};
