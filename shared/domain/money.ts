/** Amounts in euros (DEM-11) and their VAT-inclusive value (SPEC §6), exact as written. */
import { decimalText, parseDecimal, withVat, type DecimalText } from './decimal.js';
import { decimalPlaces, isPositive, readDecimal } from './strict-json.js';

/** Decimals in a number's shortest decimal form: 12.340 → 2, 0.015 → 3, 1e-7 → 7. */
export function decimalsOf(n: number): number {
  const d = readDecimal(String(Math.abs(n)));
  return d ? decimalPlaces(d) : 0;
}

/** Greater than zero, finite, with at most two decimals (a double, judged on its shortest form). */
export function isSegurAmount(n: number): boolean {
  return Number.isFinite(n) && isSegurAmountText(String(n));
}

/**
 * DEM-11 on the amount as written in the file (SPEC §4.2): greater than zero, judged exactly, with
 * at most two decimals once trailing zeros are dropped (`12.340` is fine, `0.015` and
 * `12.3400000000000000001` are not). However large, a positive integer amount is fine.
 */
export function isSegurAmountText(written: string): boolean {
  const d = readDecimal(written);
  return d !== undefined && isPositive(d) && decimalPlaces(d) <= 2;
}

/**
 * An amount as a request keeps it: the exact value of the text the file wrote, in canonical form
 * (decimal.ts: `1250.50` → `1250.5`, `1E400` → `1e+400`, `12345678901234567.89` unchanged).
 */
export function exactAmount(written: string): DecimalText {
  const d = parseDecimal(written);
  if (!d) throw new Error(`not a number: ${written.slice(0, 40)}`);
  return decimalText(d);
}

/** HT × (1 + rate), rounded half up to the cent, computed exactly on the amount as written; canonical text. */
export function exactAmountWithVat(ht: string, ratePercent: number): DecimalText {
  const d = parseDecimal(ht);
  if (!d) throw new Error(`not a number: ${ht.slice(0, 40)}`);
  return decimalText(withVat(d, ratePercent));
}

/** The same on a double, taken at its shortest form (`1250.5`); for values a double holds. */
export function amountWithVat(ht: number, ratePercent: number): number {
  return Number(exactAmountWithVat(String(ht), ratePercent));
}
