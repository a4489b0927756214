/** Values as a French spreadsheet reads them: amounts with a decimal comma, days and times in Paris time. */
import { formatFrenchDate, formatIsoDate, formatParisDateTime, parisDate } from '../../domain/dates.js';
import { decimalText, isBelow1e21, parseDecimal, twoDecimalsText } from '../../domain/decimal.js';

/**
 * Euros exactly, with a decimal comma and no thousands separator, as a spreadsheet reads a number:
 * two decimals below 10^21 (`1250,50`, `12345678901234567,89`), the exponent form beyond
 * (`1e+400`, `1,2e+400`). `euros`: an amount as a request keeps it (its exact text), or a double.
 */
export function frenchAmount(euros: string | number): string {
  const d = parseDecimal(String(euros));
  if (!d) return String(euros); // NaN, Infinity: nothing a request holds
  return (isBelow1e21(d) ? twoDecimalsText(d) : decimalText(d)).replace('.', ',');
}

/** The Paris day of an ISO 8601 instant, `JJ/MM/AAAA`. */
export function frenchDay(iso: string): string {
  return formatFrenchDate(parisDate(new Date(iso)));
}

/** An ISO 8601 instant in Paris time, `JJ/MM/AAAA HH:MM`. */
export function frenchDayTime(iso: string): string {
  return formatParisDateTime(new Date(iso));
}

/** The Paris day of an instant as file names write it, `AAAAMMJJ`. */
export function compactDay(instant: Date): string {
  return formatIsoDate(parisDate(instant)).replace(/-/g, '');
}
