import { globalIssue, shown, type Issue } from './issue.js';
import { isNumeroAnsFormat, isSiretFormat, siretChecksumOk } from './identifiers.js';
import type { SimulationSettings, FournisseurStanding } from './settings.js';

export const MIN_LINES = 1;
export const MAX_LINES = 200;

export interface GlobalVerdict {
  errors: Issue[];
  warnings: Issue[];
}

/**
 * The global checks on a file whose top level is an object (SPEC §4.1), besides the structure and
 * ENT-03: line count, SIRET and numéro ANS, and their match with the simulation's settings.
 */
export function checkFileHeader(file: Record<string, unknown>, settings: SimulationSettings): GlobalVerdict {
  const errors: Issue[] = [];
  const warnings: Issue[] = [];

  const lines = file.lignesImport;
  if (Array.isArray(lines) && (lines.length < MIN_LINES || lines.length > MAX_LINES)) {
    errors.push(globalIssue('FMT-03', 'lignesImport', `le fichier en contient ${lines.length}`));
  }

  if ('siret' in file) {
    const siret = file.siret;
    if (!isSiretFormat(siret)) {
      errors.push(globalIssue('FMT-05', 'siret', `valeur trouvée : ${shown(siret)}`));
    } else {
      if (settings.siret !== undefined && siret !== settings.siret) {
        errors.push(globalIssue('ENT-02', 'siret', `le fichier porte ${siret}, le fournisseur connecté est ${settings.siret}`));
      }
      if (!siretChecksumOk(siret)) {
        warnings.push(globalIssue('AVT-02', 'siret', `le SIRET ${siret} ne respecte pas la clé de Luhn ; vérifiez-le`));
      }
    }
  }

  if ('numeroAns' in file) {
    const numeroAns = file.numeroAns;
    if (!isNumeroAnsFormat(numeroAns)) {
      errors.push(globalIssue('FMT-06', 'numeroAns', `10 caractères parmi A-Z, a-z et 0-9 attendus ; valeur trouvée : ${shown(numeroAns)}`));
    } else if (numeroAns !== settings.numeroAns) {
      errors.push(globalIssue('ENT-01', 'numeroAns', `le fichier porte ${numeroAns}, la simulation a été demandée pour ${settings.numeroAns}`));
    }
  }

  return { errors, warnings };
}

/** ENT-03: the chosen solution belongs to the supplier and its enrolment is VALIDE (it does not depend on the file). */
export function checkStanding(numeroAns: string, standing: FournisseurStanding | null | undefined): Issue | undefined {
  if (standing === undefined) return undefined;
  if (standing === null) {
    return globalIssue('ENT-03', '', "le fournisseur connecté n'est pas connu du référentiel");
  }
  if (!standing.solutions.includes(numeroAns)) {
    return globalIssue('ENT-03', '', `la solution ${numeroAns} n'est pas référencée pour ce fournisseur`);
  }
  if (standing.statutEnrolement !== 'VALIDE') {
    return globalIssue('ENT-03', '', `l'enrôlement du fournisseur est ${standing.statutEnrolement}, VALIDE attendu`);
  }
  return undefined;
}
