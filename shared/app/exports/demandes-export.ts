import type { DemandeRecord } from '../../domain/demande-record.js';
import { demandeStatusLabel, paymentStatusLabel } from '../../domain/status-labels.js';
import { csvFile, type CsvCell } from '../../lib/csv.js';
import type { DemandeFilters } from '../../ports/demande-store.js';
import type { Runtime, Stores } from '../../ports/stores.js';
import type { Download } from '../import/download-file.js';
import { deliverCsv } from './deliver-csv.js';
import { everyElement } from './every-element.js';
import { compactDay, frenchAmount, frenchDay } from './french-values.js';

/** The columns of the portal's "Mes demandes" table, then where each request came from. States as their French labels. */
export const DEMANDE_COLUMNS: readonly { titre: string; valeur: (d: DemandeRecord) => CsvCell }[] = [
  { titre: 'Numéro de dossier', valeur: (d) => d.numeroDossier },
  { titre: 'Type de demande', valeur: (d) => d.typeDemande },
  { titre: 'Numéro éditeur', valeur: (d) => d.numeroEditeur },
  { titre: 'Logiciel', valeur: (d) => d.logiciel },
  { titre: 'Numéro ANS', valeur: (d) => d.numeroAns },
  { titre: 'Date de dépôt', valeur: (d) => frenchDay(d.dateDepot) },
  { titre: 'Statut', valeur: (d) => demandeStatusLabel(d.statut) },
  { titre: 'État de paiement', valeur: (d) => paymentStatusLabel(d.statutPaiement) },
  { titre: 'Dénomination sociale', valeur: (d) => d.nomClient },
  { titre: 'FINESS PMSI', valeur: (d) => d.FINESSPMSI },
  { titre: 'Montant Ségur HT (€)', valeur: (d) => frenchAmount(d.montantSegurHT) },
  { titre: 'Montant Ségur TTC (€)', valeur: (d) => frenchAmount(d.montantSegurTTC) },
  { titre: "Identifiant de l'import", valeur: (d) => d.identifiantImport },
  { titre: 'Numéro de ligne', valeur: (d) => d.numLigne },
];

/** `GET /exports/demandes`: every request of the supplier matching the filters, newest first, as CSV. */
export async function exportDemandes(
  stores: Pick<Stores, 'demandes' | 'objects'>,
  runtime: Pick<Runtime, 'now' | 'newWorkerId'>,
  siret: string,
  filters: DemandeFilters,
  inlineMax?: number,
): Promise<Download> {
  const demandes = await everyElement((limit, after) => stores.demandes.list(siret, filters, limit, after));
  const bytes = csvFile(
    DEMANDE_COLUMNS.map((c) => c.titre),
    demandes.map((d) => DEMANDE_COLUMNS.map((c) => c.valeur(d))),
  );
  return deliverCsv(stores, runtime, siret, `demandes-${siret}-${compactDay(runtime.now())}.csv`, bytes, inlineMax);
}
