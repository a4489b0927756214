import type { Issue } from '../issue.js';
import { checkBeneficiaires } from './beneficiaires.js';
import { checkCommande } from './commande.js';
import { checkNumeroEditeur, checkNumLigne } from './identification.js';
import { LineReport, type LineContext, type RawLine } from './line.js';
import { checkPieces } from './pieces.js';
import { checkScenario } from './scenario.js';
import { checkUniqueness, type LineKeys } from './uniqueness.js';
import { numberAsWritten } from '../strict-json.js';

export interface LineVerdict {
  errors: Issue[];
  warnings: Issue[];
}

/**
 * Every line check of SPEC §4.2 and the line warning AVT-01, on lines whose structure is sound.
 * `typeErrors` are the DEM-00 found by the format, by line index.
 */
export function checkLines(lines: readonly RawLine[], typeErrors: ReadonlyMap<number, Issue[]>, context: LineContext): LineVerdict[] {
  const reports = lines.map((_, i) => new LineReport(typeErrors.get(i)));
  const keys: LineKeys[] = lines.map((line, i) => {
    const report = reports[i]!;
    const numLigne = checkNumLigne(line.numLigne, report, numberAsWritten(line, 'numLigne'));
    const numeroEditeur = checkNumeroEditeur(line.numeroEditeur, report);
    const signature = checkCommande(line.commande, report, context);
    const finess = checkBeneficiaires(line.beneficiaires, report);
    const cited = checkPieces(line.piecesJustificatives, numeroEditeur, report, context);
    checkScenario(line.scenarioInstallation, signature, report);
    return { numLigne, numeroEditeur, finess, cited };
  });
  checkUniqueness(keys, reports);
  return reports.map((r) => ({ errors: sortByCode(r.errors), warnings: r.warnings }));
}

function sortByCode(issues: Issue[]): Issue[] {
  return issues.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}
