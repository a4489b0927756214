/** Values as a French spreadsheet reads them: amounts with a decimal comma, days and times in Paris time. */
import { formatFrenchDate, formatIsoDate, formatParisDateTime, parisDate } from '../../domain/dates.js';

/** Euros with two decimals and a decimal comma, no thousands separator (`1250,50`): a spreadsheet reads it as a number. */
export function frenchAmount(euros: number): string {
  const written = Number.isFinite(euros) && Math.abs(euros) < 1e21 ? euros.toFixed(2) : String(euros);
  return written.replace('.', ',');
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
