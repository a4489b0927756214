import { compareDates, formatFrenchDate, type CalendarDate } from '../dates.js';
import { shown } from '../issue.js';
import { isSegurAmountText } from '../money.js';
import { numberAsWritten } from '../strict-json.js';
import type { TauxTva } from '../settings.js';
import { checkDate } from './dates-rules.js';
import { shownNumber, type LineContext, type LineReport } from './line.js';

const REGIMES_TVA = ['TTC', 'HT'];
const TYPES_PRESTATION = ['V1V2', 'V2'];

/** The purchase order's checks, DEM-05 to DEM-12. Returns the signature date when valid, for DEM-27. */
export function checkCommande(commande: Record<string, unknown>, report: LineReport, context: LineContext): CalendarDate | undefined {
  const edition = checkDate(commande.dateEditionCommande, 'DEM-05', 'commande.dateEditionCommande', "La date d'édition de la commande", report);
  const signature = checkDate(commande.dateSignatureCommande, 'DEM-06', 'commande.dateSignatureCommande', 'La date de signature de la commande', report);

  if (edition && signature && compareDates(signature, edition) < 0) {
    report.error(
      'DEM-07',
      'commande.dateSignatureCommande',
      `La date de signature (${formatFrenchDate(signature)}) est antérieure à la date d'édition (${formatFrenchDate(edition)})`,
    );
  }
  if (signature && compareDates(signature, context.today) > 0) {
    report.error(
      'DEM-08',
      'commande.dateSignatureCommande',
      `La date de signature (${formatFrenchDate(signature)}) est postérieure à la date du jour (${formatFrenchDate(context.today)})`,
    );
  }

  checkRegimeTva(commande.regimeTVA, context.settings.tauxTva, report);

  // DEM-11 on the amount as written: a JSON number is never DEM-00, however large (SPEC §4.2)
  const montant = commande.montantSegurHT;
  const written = numberAsWritten(commande, 'montantSegurHT');
  if (typeof montant === 'number' && (written === undefined || !isSegurAmountText(written))) {
    report.error(
      'DEM-11',
      'commande.montantSegurHT',
      `Le montant Ségur HT (commande.montantSegurHT) doit être supérieur à 0 avec au plus deux décimales ; trouvé : ${shownNumber(montant, written)}`,
    );
  }

  const prestation = commande.typePrestation;
  if (typeof prestation === 'string' && !TYPES_PRESTATION.includes(prestation)) {
    report.error('DEM-12', 'commande.typePrestation', `Le type de prestation (commande.typePrestation) doit valoir V1V2 ou V2 ; trouvé : ${shown(prestation)}`);
  }
  return signature;
}

/** DEM-09, then DEM-10: HT only with a 0 % rate. */
function checkRegimeTva(regime: unknown, taux: TauxTva, report: LineReport): void {
  if (typeof regime !== 'string') return;
  if (!REGIMES_TVA.includes(regime)) {
    report.error('DEM-09', 'commande.regimeTVA', `Le régime de TVA (commande.regimeTVA) doit valoir TTC ou HT ; trouvé : ${shown(regime)}`);
  } else if (regime === 'HT' && taux !== 0) {
    report.error(
      'DEM-10',
      'commande.regimeTVA',
      `Le régime de TVA HT n'est possible qu'avec un taux de TVA de 0 % ; taux choisi pour la simulation : ${formatRate(taux)}`,
    );
  }
}

export function formatRate(taux: number): string {
  return `${String(taux).replace('.', ',')} %`;
}
