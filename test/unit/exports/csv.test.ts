/** The CSV writer: what a French spreadsheet needs, RFC 4180 quoting, and no formula ever run (OWASP "CSV Injection"). */
import { describe, expect, it } from 'vitest';
import { csvCell, csvFile } from '../../../shared/lib/csv.js';
import { compactDay, frenchAmount, frenchDay, frenchDayTime } from '../../../shared/app/exports/french-values.js';

describe('the CSV writer', () => {
  it('starts with a UTF-8 BOM, separates cells with ; and ends every line with CRLF', () => {
    const bytes = csvFile(['Numéro', 'Nom'], [[1, 'Hôpital'], [2, null]]);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe('Numéro;Nom\r\n1;Hôpital\r\n2;\r\n');
  });

  it('quotes a cell holding ;, a double quote or a line break, doubling its quotes (RFC 4180)', () => {
    expect(csvCell('a;b')).toBe('"a;b"');
    expect(csvCell('dit "bonjour"')).toBe('"dit ""bonjour"""');
    expect(csvCell('ligne 1\nligne 2')).toBe('"ligne 1\nligne 2"');
    expect(csvCell('ligne 1\r\nligne 2')).toBe('"ligne 1\r\nligne 2"');
    expect(csvCell('simple, avec virgule')).toBe('simple, avec virgule');
    expect(csvCell('')).toBe('');
    expect(csvCell(undefined)).toBe('');
  });

  it('prefixes with an apostrophe a text starting with =, +, -, @, a tab or a carriage return', () => {
    expect(csvCell('=HYPERLINK("http://x.example","clic")')).toBe(`"'=HYPERLINK(""http://x.example"",""clic"")"`);
    expect(csvCell('+33145678901')).toBe("'+33145678901");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\t=1')).toBe("'\t=1");
    expect(csvCell('\r=1')).toBe(`"'\r=1"`);
    // only at the start; a number is written as a number
    expect(csvCell('A=1')).toBe('A=1');
    expect(csvCell(-5)).toBe('-5');
  });

  it('writes a cell that is both a formula and needs quotes safely', () => {
    const text = csvFile(['x'], [['=1;2']]).toString('utf8');
    expect(text).toBe('\uFEFFx\r\n"\'=1;2"\r\n');
  });
});

describe('French values', () => {
  it('writes amounts with two decimals and a decimal comma, no thousands separator', () => {
    expect(frenchAmount(1250.5)).toBe('1250,50');
    expect(frenchAmount(1500.6)).toBe('1500,60');
    expect(frenchAmount(12345678.9)).toBe('12345678,90');
    expect(frenchAmount(0.01)).toBe('0,01');
    expect(frenchAmount(1e22)).toBe('1e+22');
  });

  it('writes days and times in Paris time', () => {
    // 23:30 UTC on 31 December is already 1 January in Paris (UTC+1)
    expect(frenchDay('2025-12-31T23:30:00.000Z')).toBe('01/01/2026');
    expect(frenchDay('2026-11-26T09:14:03.120+01:00')).toBe('26/11/2026');
    expect(frenchDayTime('2026-11-26T09:14:03.120+01:00')).toBe('26/11/2026 09:14');
    // summer time: UTC+2
    expect(frenchDayTime('2026-07-14T22:05:00.000Z')).toBe('15/07/2026 00:05');
    expect(compactDay(new Date('2026-03-31T22:30:00.000Z'))).toBe('20260401');
  });
});
