import { addStrings } from '../../lib/i18n.ts';
import { staff as en } from '../../locales/en/staff.ts';
import { staff as es } from '../../locales/es/staff.ts';

// The staff area's strings come with its code, not in the first chunk every student loads.
// Every staff module that renders text imports this module first (staff-frame.tsx does).
addStrings({ en: { staff: en }, es: { staff: es } });

export { en as staffEnglish };
