import { addStrings } from '../../lib/i18n.ts';
import { family as en } from '../../locales/en/family.ts';
import { family as es } from '../../locales/es/family.ts';

// The family portal's strings come with its code, not in the first chunk every student loads.
// Every family module that renders text imports this module first (family-frame.tsx does).
addStrings({ en: { family: en }, es: { family: es } });

export { en as familyEnglish };
