import { addStrings } from '../../lib/i18n.ts';
import { staffClass as en } from '../../locales/en/staff-class.ts';
import { staffClass as es } from '../../locales/es/staff-class.ts';

// The By Class pages' strings (class lists, bulk resets, their results, login cards, job
// progress) come with their code. Every module of these pages that renders text imports this.
addStrings({ en: { staffClass: en }, es: { staffClass: es } });

export { en as staffClassEnglish };
