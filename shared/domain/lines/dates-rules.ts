import type { RuleCode } from '../catalogue.js';
import { parseFrenchDate, type CalendarDate } from '../dates.js';
import { shown } from '../issue.js';
import type { LineReport } from './line.js';

/** DEM-05, DEM-06, DEM-26: a real calendar date written JJ/MM/AAAA, year 2000 to 2099. Returns it when valid. */
export function checkDate(
  value: unknown,
  code: RuleCode,
  champ: string,
  name: string,
  report: LineReport,
): CalendarDate | undefined {
  if (typeof value !== 'string') return undefined;
  const date = parseFrenchDate(value);
  if (date) return date;
  report.error(code, champ, `${name} (${champ}) doit être une date réelle au format JJ/MM/AAAA, entre 2000 et 2099 ; trouvé : ${shown(value)}`);
  return undefined;
}
