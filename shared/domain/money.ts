/** Amounts in euros (DEM-11) and their VAT-inclusive value (SPEC §6). */
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

/** HT × (1 + rate), rounded half up to the cent, computed in cents to stay exact. */
export function amountWithVat(ht: number, ratePercent: number): number {
  const htCents = Math.round(ht * 100);
  const rateTenths = Math.round(ratePercent * 10);
  const numerator = htCents * (1000 + rateTenths);
  const cents = Math.floor((numerator + 500) / 1000);
  return cents / 100;
}
