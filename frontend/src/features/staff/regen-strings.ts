import { addStrings } from '../../lib/i18n.ts';
import { staffRegen as en } from '../../locales/en/staff-regen.ts';
import { staffRegen as es } from '../../locales/es/staff-regen.ts';

// The district regeneration page's strings come with its code. Every module that renders them
// imports this.
addStrings({ en: { staffRegen: en }, es: { staffRegen: es } });

export { en as staffRegenEnglish };
