import type { Translation } from '../en.ts';

export const questions: Translation['questions'] = {
  title: 'Preguntas de seguridad',
};
