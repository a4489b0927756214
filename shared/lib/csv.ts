/**
 * CSV for French spreadsheets: UTF-8 with a byte order mark (so that Excel reads the accents), `;`
 * between cells (the comma is the decimal separator), CRLF line ends, RFC 4180 quoting, and safe
 * against formula injection (OWASP "CSV Injection"): a text cell starting with `=`, `+`, `-`, `@`,
 * a tab or a carriage return is prefixed with `'`, so that no spreadsheet runs it.
 */

/** A cell: text as is, a number as JavaScript writes it, null or undefined as an empty cell. */
export type CsvCell = string | number | null | undefined;

const BOM = '\uFEFF';
const SEPARATOR = ';';
const LINE_END = '\r\n';
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[;"\r\n]/;

/** One cell as written in the file. */
export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The whole file: the header row, then one row per element, each line ended by CRLF. */
export function csvFile(header: readonly string[], rows: Iterable<readonly CsvCell[]>): Buffer {
  const lines = [header.map(csvCell).join(SEPARATOR)];
  for (const row of rows) lines.push(row.map(csvCell).join(SEPARATOR));
  return Buffer.from(BOM + lines.join(LINE_END) + LINE_END, 'utf8');
}
