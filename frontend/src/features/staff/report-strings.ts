import { addStrings } from '../../lib/i18n.ts';
import { staffReport as en } from '../../locales/en/staff-report.ts';
import { staffReport as es } from '../../locales/es/staff-report.ts';

// View Report, the access-code pages and the family letters bring their own strings, apart from
// staff.ts. Every module of those pages that renders text imports this module first.
addStrings({ en: { staffReport: en }, es: { staffReport: es } });
