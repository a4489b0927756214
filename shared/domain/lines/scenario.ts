import { compareDates, formatFrenchDate, type CalendarDate } from '../dates.js';
import { checkDate } from './dates-rules.js';
import type { LineReport } from './line.js';

/** The installation scenario's checks, DEM-26 and DEM-27 (its flags are only typed, by the format). */
export function checkScenario(scenario: Record<string, unknown>, signature: CalendarDate | undefined, report: LineReport): void {
  const champ = 'scenarioInstallation.datePrevisionnelleLivraison';
  const livraison = checkDate(scenario.datePrevisionnelleLivraison, 'DEM-26', champ, 'La date prévisionnelle de livraison', report);
  if (livraison && signature && compareDates(livraison, signature) < 0) {
    report.error(
      'DEM-27',
      champ,
      `La date prévisionnelle de livraison (${formatFrenchDate(livraison)}) est antérieure à la date de signature de la commande (${formatFrenchDate(signature)})`,
    );
  }
}
