import { isNumeroEditeur } from '../identifiers.js';
import { shown } from '../issue.js';
import { isPositive, readDecimal, safeIntegerOf } from '../strict-json.js';
import { shownNumber, type LineReport } from './line.js';

/**
 * DEM-01: `numLigne` is an integer ≥ 1 and at most 2^53 − 1, judged on the decimal value as
 * written (`1.0` and `1e0` are 1, `1.0000000000000001` is not an integer). `written` is the
 * number's text in the file (numberAsWritten). Returns the integer when valid.
 */
export function checkNumLigne(value: unknown, report: LineReport, written?: string): number | undefined {
  if (typeof value !== 'number') return undefined; // DEM-00 already said it
  const d = written === undefined ? undefined : readDecimal(written);
  const integer = d === undefined ? undefined : safeIntegerOf(d);
  if (integer !== undefined && integer >= 1) return integer;
  const tooLarge = d === undefined || (isPositive(d) && d.exponent >= 0); // a positive integer past 2^53 − 1
  report.error(
    'DEM-01',
    'numLigne',
    tooLarge
      ? `Le numéro de ligne (numLigne) doit être un entier compris entre 1 et ${Number.MAX_SAFE_INTEGER} ; trouvé : ${shownNumber(value, written)}`
      : `Le numéro de ligne (numLigne) doit être un entier supérieur ou égal à 1 ; trouvé : ${shownNumber(value, written)}`,
  );
  return undefined;
}

/** DEM-03: `numeroEditeur` is 1 to 20 characters of [A-Za-z0-9-]. Returns it when valid. */
export function checkNumeroEditeur(value: unknown, report: LineReport): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (isNumeroEditeur(value)) return value;
  report.error(
    'DEM-03',
    'numeroEditeur',
    `Le numéro éditeur (numeroEditeur) doit compter de 1 à 20 caractères parmi A-Z, a-z, 0-9 et « - » ; trouvé : ${shown(value)}`,
  );
  return undefined;
}
