import { describe, expect, it } from 'vitest';
import { districtFromPage } from './district.ts';

function page(meta?: string): Document {
  const doc = document.implementation.createHTMLDocument('app');
  if (meta !== undefined) {
    const el = doc.createElement('meta');
    el.name = 'portal-district';
    el.content = meta;
    doc.head.append(el);
  }
  return doc;
}

describe('districtFromPage', () => {
  it('reads the district the server wrote into the page', () => {
    const district = { name: 'Riverside "Unified" & Co', color: '#0f5e4b', onColor: '#ffffff', help: {} };
    expect(districtFromPage(page(JSON.stringify(district)))).toEqual(district);
  });

  it.each([
    ['no meta element (the dev server)', undefined],
    ['an empty one', ''],
    ['one that is not JSON', '{"name":'],
  ])('leaves the district to GET /district with %s', (_, meta) => {
    expect(districtFromPage(page(meta))).toBeUndefined();
  });
});
