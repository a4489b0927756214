import { isNumeroEditeur } from '../identifiers.js';
import { shown } from '../issue.js';
import type { LineReport } from './line.js';

/** DEM-01: `numLigne` is an integer ≥ 1 (1.0 is the integer 1). Returns it when valid. */
export function checkNumLigne(value: unknown, report: LineReport): number | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined; // DEM-00 already said it
  if (Number.isSafeInteger(value) && value >= 1) return value;
  if (Number.isInteger(value) && value >= 1) {
    report.error('DEM-01', 'numLigne', `Le numéro de ligne (numLigne) ${shown(value)} est trop grand pour être lu exactement ; au plus ${Number.MAX_SAFE_INTEGER}`);
    return undefined;
  }
  report.error('DEM-01', 'numLigne', `Le numéro de ligne (numLigne) doit être un entier supérieur ou égal à 1 ; trouvé : ${shown(value)}`);
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
