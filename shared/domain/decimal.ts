/**
 * Exact decimal numbers, for amounts kept exactly as written (SPEC §4.2, §6): no binary double
 * between the file and the request, however many digits or however large the exponent (`1e400`).
 *
 * A decimal is (-1)^negative × digits × 10^exponent, `digits` without leading or trailing zeros
 * ('' for zero), the exponent a BigInt (a text may write `1e99999999999999999999`). Arithmetic is
 * done on BigInt coefficients, never on 10^exponent: `1e400` × 1.2 costs what 1 × 1.2 does.
 *
 * The canonical text (`decimalText`) lays the exact value out as ECMAScript's Number::toString
 * lays out a double's shortest digits: `1250.5`, `12345678901234567.89`, `0.05`, `1e+400`,
 * `1.2e+400`. Hence, for every value a double holds exactly, it is what `String(n)` and
 * `JSON.stringify` write (requests and responses unchanged for ordinary amounts); beyond that it
 * keeps every digit, stays short for huge exponents (`1e+400`, not 401 characters), and is always
 * a valid JSON number.
 */

export type DecimalText = string;

export interface Decimal {
  negative: boolean;
  digits: string;
  exponent: bigint;
}

const ZERO: Decimal = { negative: false, digits: '', exponent: 0n };

/** RFC 8259's number grammar (`String(n)` of a finite double matches it too). */
const JSON_NUMBER = /^(-?)(0|[1-9][0-9]*)(?:\.([0-9]+))?(?:[eE]([+-]?[0-9]+))?$/;

/** The exact value of a JSON number's text; undefined when the text is not a JSON number. */
export function parseDecimal(text: string): Decimal | undefined {
  const m = JSON_NUMBER.exec(text);
  if (!m) return undefined;
  const fraction = m[3] ?? '';
  const exponent = BigInt(m[4] ?? '0') - BigInt(fraction.length);
  return normalized(m[1] === '-', (m[2]! + fraction).replace(/^0+/, ''), exponent);
}

/** Drops trailing zeros into the exponent; zero has no sign. */
function normalized(negative: boolean, digits: string, exponent: bigint): Decimal {
  const significant = digits.replace(/0+$/, '');
  if (significant === '') return ZERO;
  return { negative, digits: significant, exponent: exponent + BigInt(digits.length - significant.length) };
}

function fromCoefficient(negative: boolean, coefficient: bigint, exponent: bigint): Decimal {
  return normalized(negative, coefficient.toString(), exponent);
}

/** The canonical text (see above): Number::toString's layout of the exact digits. */
export function decimalText(d: Decimal): DecimalText {
  if (d.digits === '') return '0';
  const sign = d.negative ? '-' : '';
  const k = d.digits.length;
  const n = d.exponent + BigInt(k); // the value is 0.digits × 10^n
  if (n >= BigInt(k) && n <= 21n) return sign + d.digits + '0'.repeat(Number(n) - k);
  if (n > 0n && n <= 21n) return `${sign}${d.digits.slice(0, Number(n))}.${d.digits.slice(Number(n))}`;
  if (n > -6n && n <= 0n) return `${sign}0.${'0'.repeat(-Number(n))}${d.digits}`;
  const e = n - 1n;
  const mantissa = k === 1 ? d.digits : `${d.digits[0]}.${d.digits.slice(1)}`;
  return `${sign}${mantissa}e${e < 0n ? '-' : '+'}${e < 0n ? -e : e}`;
}

/** Whether the value is below 10^21 in magnitude: where Number::toString and toFixed write plain digits. */
export function isBelow1e21(d: Decimal): boolean {
  return d.digits === '' || d.exponent + BigInt(d.digits.length) <= 21n;
}

/** Rounded half up to the cent (half away from zero for a negative value). */
export function roundedToCents(d: Decimal): Decimal {
  if (d.exponent >= -2n) return d;
  const dropped = -2n - d.exponent; // digits below the cent, ≥ 1
  if (BigInt(d.digits.length) < dropped) return ZERO; // below a tenth of a cent
  const unit = 10n ** dropped;
  return fromCoefficient(d.negative, (BigInt(d.digits) + unit / 2n) / unit, -2n);
}

/** The value × (1 + ratePercent / 100), rounded half up to the cent; the rate has at most one decimal (20, 8.5, 0). */
export function withVat(ht: Decimal, ratePercent: number): Decimal {
  const tenths = Math.round(ratePercent * 10);
  if (tenths / 10 !== ratePercent) throw new Error(`VAT rate with more than one decimal: ${ratePercent}`);
  if (ht.digits === '') return ZERO;
  return roundedToCents(fromCoefficient(ht.negative, BigInt(ht.digits) * BigInt(1000 + tenths), ht.exponent - 3n));
}

/** Plain digits with exactly two decimals, rounded half up to the cent: `1250.50`, `0.05`, `12345678901234567.89`. */
export function twoDecimalsText(d: Decimal): string {
  if (!isBelow1e21(d)) throw new RangeError('two decimals are written for values below 10^21 only');
  const cents = roundedToCents(d);
  if (cents.digits === '') return '0.00';
  const all = cents.digits + '0'.repeat(Number(cents.exponent + 2n)); // the value in cents
  const whole = all.length > 2 ? all.slice(0, -2) : '0';
  return `${cents.negative ? '-' : ''}${whole}.${all.slice(-2).padStart(2, '0')}`;
}
