import { labelOf } from '../../domain/catalogue.js';
import { parisTimestamp } from '../../domain/dates.js';
import { checkStanding } from '../../domain/global-checks.js';
import { NEW_IMPORT_STATUS } from '../../domain/import-lifecycle.js';
import type { ImportRecord } from '../../domain/import-record.js';
import type { ImportRequest } from '../../domain/import-request.js';
import { standingOf } from '../../domain/referentiel.js';
import { MAX_FILE_BYTES } from '../../domain/simulate.js';
import type { PresignedUpload } from '../../ports/object-store.js';
import type { Runtime, Stores } from '../../ports/stores.js';
import { uploadKey } from '../object-keys.js';
import { UPLOAD_EXPIRY_SECONDS } from '../uploads.js';

export type CreateImportOutcome =
  | { kind: 'created'; record: ImportRecord; televersement: PresignedUpload }
  /** ENT-03: the numéro ANS is not this supplier's, or its enrolment is not VALIDE. */
  | { kind: 'refused'; code: 'ENT-03'; message: string };

/** `POST /imports`: a new import waiting for its file, and a presigned upload for it (≤ 5 MB, 15 minutes). */
export async function createImport(stores: Stores, runtime: Runtime, siret: string, request: ImportRequest): Promise<CreateImportOutcome> {
  const { numeroAns, typeDemande, tauxTva, nomFichier } = request;
  const supplier = await stores.referentiel.findFournisseur(siret);
  const refusal = checkStanding(numeroAns, standingOf(supplier));
  const solution = supplier?.solutions.find((s) => s.numeroAns === numeroAns);
  if (refusal || !solution) return { kind: 'refused', code: 'ENT-03', message: refusal?.message ?? labelOf('ENT-03') };

  const now = runtime.now();
  const identifiant = await stores.sequences.next('imports');
  const televersement = await stores.objects.presignUpload('televersements', uploadKey(siret, identifiant), MAX_FILE_BYTES, UPLOAD_EXPIRY_SECONDS, now);
  const record: ImportRecord = {
    identifiant,
    siret,
    numeroAns,
    logiciel: solution.logiciel,
    typeDemande,
    tauxTva,
    nomFichier,
    statut: NEW_IMPORT_STATUS,
    dateDepot: parisTimestamp(now),
    creeLe: now.toISOString(),
    televersementExpireLe: televersement.expireLe,
  };
  await stores.imports.create(record);
  return { kind: 'created', record, televersement };
}
