import { importCounts, type ImportRecord } from '../../domain/import-record.js';
import { importStatusLabel } from '../../domain/status-labels.js';
import { csvFile, type CsvCell } from '../../lib/csv.js';
import type { ImportFilters } from '../../ports/import-store.js';
import type { Runtime, Stores } from '../../ports/stores.js';
import type { Download } from '../import/download-file.js';
import { deliverCsv } from './deliver-csv.js';
import { everyElement } from './every-element.js';
import { compactDay, frenchDayTime } from './french-values.js';

/** The columns of the portal's list of imports (SPEC §8 `GET /imports`). The state as its French label. */
export const IMPORT_COLUMNS: readonly { titre: string; valeur: (i: ImportRecord) => CsvCell }[] = [
  { titre: 'Identifiant', valeur: (i) => i.identifiant },
  { titre: 'Date de dépôt', valeur: (i) => frenchDayTime(i.dateDepot) },
  { titre: 'Numéro ANS', valeur: (i) => i.numeroAns },
  { titre: 'Type de demande', valeur: (i) => i.typeDemande },
  { titre: 'Nom du fichier', valeur: (i) => i.nomFichier },
  { titre: 'Nombre de demandes', valeur: (i) => importCounts(i).nombreDemandes },
  { titre: 'Demandes retenues', valeur: (i) => importCounts(i).nombreDemandesValides },
  { titre: 'Demandes rejetées', valeur: (i) => importCounts(i).nombreDemandesEnErreur },
  { titre: 'Statut', valeur: (i) => importStatusLabel(i.statut) },
];

/** `GET /exports/imports`: every import of the supplier matching the filters, newest first, as CSV. */
export async function exportImports(
  stores: Pick<Stores, 'imports' | 'objects'>,
  runtime: Pick<Runtime, 'now' | 'newWorkerId'>,
  siret: string,
  filters: ImportFilters,
  inlineMax?: number,
): Promise<Download> {
  const imports = await everyElement((limit, after) => stores.imports.list(siret, filters, limit, after));
  const bytes = csvFile(
    IMPORT_COLUMNS.map((c) => c.titre),
    imports.map((i) => IMPORT_COLUMNS.map((c) => c.valeur(i))),
  );
  return deliverCsv(stores, runtime, siret, `imports-${siret}-${compactDay(runtime.now())}.csv`, bytes, inlineMax);
}
