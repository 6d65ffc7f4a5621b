import { addStrings } from '../../lib/i18n.ts';
import { staffSetup as en } from '../../locales/en/staff-setup.ts';
import { staffSetup as es } from '../../locales/es/staff-setup.ts';

// The district setup page's strings come with its code; the By Student page's directory line
// uses them too. Every module that renders them imports this.
addStrings({ en: { staffSetup: en }, es: { staffSetup: es } });
