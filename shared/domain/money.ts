/** Amounts in euros (DEM-11) and their VAT-inclusive value (SPEC §6). */

/** Decimals in a number's shortest decimal form: 12.340 → 2, 0.015 → 3, 1e-7 → 7. */
export function decimalsOf(n: number): number {
  const [mantissa = '', exponent = '0'] = String(Math.abs(n)).split('e');
  const point = mantissa.indexOf('.');
  const fraction = point < 0 ? 0 : mantissa.length - point - 1;
  return Math.max(0, fraction - Number(exponent));
}

/** Greater than zero, finite, with at most two decimals. */
export function isSegurAmount(n: number): boolean {
  return Number.isFinite(n) && n > 0 && decimalsOf(n) <= 2;
}

/** HT × (1 + rate), rounded half up to the cent, computed in cents to stay exact. */
export function amountWithVat(ht: number, ratePercent: number): number {
  const htCents = Math.round(ht * 100);
  const rateTenths = Math.round(ratePercent * 10);
  const numerator = htCents * (1000 + rateTenths);
  const cents = Math.floor((numerator + 500) / 1000);
  return cents / 100;
}
