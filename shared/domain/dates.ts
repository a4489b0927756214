/** A day of the Gregorian calendar. */
export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

const FRENCH_DATE = /^(\d{2})\/(\d{2})\/(\d{4})$/;

/** Reads `JJ/MM/AAAA`: exactly two, two and four digits, a real day, year 2000 to 2099. */
export function parseFrenchDate(text: string): CalendarDate | undefined {
  const m = FRENCH_DATE.exec(text);
  if (!m) return undefined;
  const day = Number(m[1]);
  const month = Number(m[2]);
  const year = Number(m[3]);
  if (year < 2000 || year > 2099 || month < 1 || month > 12 || day < 1) return undefined;
  if (day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Negative when a is before b, 0 on the same day, positive after. */
export function compareDates(a: CalendarDate, b: CalendarDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

export function formatFrenchDate(d: CalendarDate): string {
  return `${pad(d.day)}/${pad(d.month)}/${d.year}`;
}

/** `AAAA-MM-JJ`, as the API's date filters write it. */
export function formatIsoDate(d: CalendarDate): string {
  return `${d.year}-${pad(d.month)}-${pad(d.day)}`;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

const parisParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

interface ParisTime extends CalendarDate {
  hour: number;
  minute: number;
  second: number;
}

function inParis(instant: Date): ParisTime {
  const parts: Record<string, number> = {};
  for (const p of parisParts.formatToParts(instant)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour!,
    minute: parts.minute!,
    second: parts.second!,
  };
}

/** The calendar day an instant falls on in Europe/Paris. */
export function parisDate(instant: Date): CalendarDate {
  const { year, month, day } = inParis(instant);
  return { year, month, day };
}

/** An instant as French readers write it, in Paris time: `JJ/MM/AAAA HH:MM`. */
export function formatParisDateTime(instant: Date): string {
  const t = inParis(instant);
  return `${formatFrenchDate(t)} ${pad(t.hour)}:${pad(t.minute)}`;
}

/** An instant written in Paris time with its offset: `2026-11-26T09:14:03.120+01:00`. */
export function parisTimestamp(instant: Date): string {
  const t = inParis(instant);
  const ms = ((instant.getTime() % 1000) + 1000) % 1000;
  const asUtc = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second, ms);
  const offsetMinutes = Math.round((asUtc - instant.getTime()) / 60000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return (
    `${t.year}-${pad(t.month)}-${pad(t.day)}T${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}.${pad(ms, 3)}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

/** Reads `AAAA-MM-JJ` (the API's date filters): a real day, year 2000 to 2099. */
export function parseIsoDate(text: string): CalendarDate | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return undefined;
  return parseFrenchDate(`${m[3]}/${m[2]}/${m[1]}`);
}

/** The instant a Paris calendar day starts (midnight in Europe/Paris). */
export function parisDayStart(d: CalendarDate): Date {
  const utcMidnight = Date.UTC(d.year, d.month - 1, d.day);
  let guess = utcMidnight;
  for (let i = 0; i < 3; i++) {
    const t = inParis(new Date(guess));
    const shownAsUtc = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
    guess += utcMidnight - shownAsUtc;
  }
  return new Date(guess);
}

/** The next calendar day. */
export function nextDay(d: CalendarDate): CalendarDate {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + 1));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}
