// CSV files built in the browser from an answer shown once (new passwords, access codes): the
// server never keeps them, so it cannot stream the file as it does the roster. Cells follow the
// server's rule (backend/internal/reports/csv.go SafeCell) so a spreadsheet never runs one.

const plainNumber = /^-?[0-9]+(\.[0-9]+)?$/;

/**
 * safeCell neutralises text a spreadsheet would run as a formula: a cell starting with =, +, -,
 * @, a tab or a carriage return gets a leading apostrophe (OWASP's rule); plain numbers such as
 * grade -1 stay numbers.
 */
export function safeCell(value: string): string {
  if (value === '' || plainNumber.test(value)) return value;
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** quote writes one cell as RFC 4180 CSV: quoted when it holds a comma, quote or line break. */
function quote(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

/** toCsv writes rows (the header first) as RFC 4180 CSV with CRLF line ends, every cell safe. */
export function toCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => row.map((cell) => quote(safeCell(cell))).join(',')).join('\r\n') + '\r\n';
}

/**
 * downloadCsv hands the browser a CSV file to save, made in memory (a blob URL, revoked once
 * the download has started). A UTF-8 byte order mark lets Excel read accented names right.
 */
export function downloadCsv(fileName: string, rows: readonly (readonly string[])[]): void {
  const url = URL.createObjectURL(new Blob(['\uFEFF', toCsv(rows)], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
