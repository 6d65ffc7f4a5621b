import { readFile } from 'node:fs/promises';
import type { Download } from '@playwright/test';
import JSZip from 'jszip';

/*
 * Reading back the files the portal exports, as a spreadsheet would: CSV by RFC 4180, XLSX from
 * its sheet XML (where a formula would be an <f> element, and a number a cell with no type).
 */

/** downloadedText is a finished download's content as UTF-8, without a byte order mark. */
export async function downloadedText(download: Download): Promise<string> {
  return (await readFile(await download.path())).toString('utf8').replace(/^\uFEFF/, '');
}

/** parseCsv splits RFC 4180 text into rows of cells (quoted cells may hold commas, quotes, line breaks). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

/** XlsxCell is one cell of a sheet as stored: its type attribute, its text, and whether it holds a formula. */
export interface XlsxCell {
  ref: string;
  type: string | undefined;
  value: string;
  formula: boolean;
}

function unescapeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, '&');
}

/** textOf joins the <t> runs of a shared or inline string. */
function textOf(xml: string): string {
  return [...xml.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g)].map((m) => unescapeXml(m[1] ?? '')).join('');
}

/** xlsxRows reads the first sheet of a workbook into rows of cells, by row number. */
export async function xlsxRows(download: Download): Promise<Map<number, XlsxCell[]>> {
  const zip = await JSZip.loadAsync(await readFile(await download.path()));
  const sheet = await zip.file('xl/worksheets/sheet1.xml')?.async('string');
  if (!sheet) throw new Error('the workbook has no xl/worksheets/sheet1.xml');
  const sharedXml = (await zip.file('xl/sharedStrings.xml')?.async('string')) ?? '';
  const shared = [...sharedXml.matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) => textOf(m[1] ?? ''));

  const rows = new Map<number, XlsxCell[]>();
  for (const [, attrs = '', body = ''] of sheet.matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
    const ref = /\br="([A-Z]+\d+)"/.exec(attrs)?.[1] ?? '';
    const type = /\bt="(\w+)"/.exec(attrs)?.[1];
    const raw = /<v>([\s\S]*?)<\/v>/.exec(body)?.[1];
    const value =
      type === 's' ? (shared[Number(raw)] ?? '') : type === 'inlineStr' ? textOf(body) : unescapeXml(raw ?? '');
    const rowNumber = Number(/\d+$/.exec(ref)?.[0]);
    rows.set(rowNumber, [...(rows.get(rowNumber) ?? []), { ref, type, value, formula: /<f[\s>/]/.test(body) }]);
  }
  return rows;
}
