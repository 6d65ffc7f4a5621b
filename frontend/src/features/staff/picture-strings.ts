import { addStrings } from '../../lib/i18n.ts';
import { staffPictures as en } from '../../locales/en/staff-pictures.ts';
import { staffPictures as es } from '../../locales/es/staff-pictures.ts';

// The staff pages' picture-password strings come with their code. Every module that renders
// them imports this.
addStrings({ en: { staffPictures: en }, es: { staffPictures: es } });

export { en as staffPicturesEnglish };
