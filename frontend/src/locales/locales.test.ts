import { describe, expect, it } from 'vitest';
import { en as firstChunkEnglish } from './en.ts';
import { family as familyEnglish } from './en/family.ts';
import { es as firstChunkSpanish } from './es.ts';
import { family as familySpanish } from './es/family.ts';
import { staff as staffEnglish } from './en/staff.ts';
import { staff as staffSpanish } from './es/staff.ts';
import { staffClass as staffClassEnglish } from './en/staff-class.ts';
import { staffClass as staffClassSpanish } from './es/staff-class.ts';
import { staffPictures as staffPicturesEnglish } from './en/staff-pictures.ts';
import { staffPictures as staffPicturesSpanish } from './es/staff-pictures.ts';
import { staffRegen as staffRegenEnglish } from './en/staff-regen.ts';
import { staffRegen as staffRegenSpanish } from './es/staff-regen.ts';

// Every string: those of the first chunk and those lazy features add (LazyStrings).
const en = { ...firstChunkEnglish, family: familyEnglish, staff: staffEnglish, staffClass: staffClassEnglish, staffPictures: staffPicturesEnglish, staffRegen: staffRegenEnglish };
const es = { ...firstChunkSpanish, family: familySpanish, staff: staffSpanish, staffClass: staffClassSpanish, staffPictures: staffPicturesSpanish, staffRegen: staffRegenSpanish };

function keys(value: object, prefix = ''): string[] {
  return Object.entries(value).flatMap(([key, child]) =>
    typeof child === 'object' && child !== null ? keys(child as object, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1] ?? '').sort();
}

describe('translations', () => {
  it('Spanish has every English string, with the same placeholders', () => {
    expect(keys(es)).toEqual(keys(en));
    const lookup = (root: object, path: string) =>
      path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], root) as string;
    for (const key of keys(en)) {
      expect(placeholders(lookup(es, key)), key).toEqual(placeholders(lookup(en, key)));
      expect(lookup(es, key).trim(), key).not.toBe('');
    }
  });
});
