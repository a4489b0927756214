import { parisTimestamp } from '../../../shared/domain/dates.js';
import type { ImportRecord } from '../../../shared/domain/import-record.js';
import { readImportRequest } from '../../../shared/domain/import-request.js';
import { labelOf } from '../../../shared/domain/catalogue.js';
import { standingOf } from '../../../shared/domain/referentiel.js';
import { checkStanding } from '../../../shared/domain/global-checks.js';
import { MAX_FILE_BYTES } from '../../../shared/domain/simulate.js';
import { config } from '../../../shared/config.js';
import { badRequest } from '../../../shared/http/errors.js';
import { callerSiret } from '../../../shared/http/identity.js';
import { json, type ApiResponse } from '../../../shared/http/responses.js';
import { createImport } from '../../../shared/store/imports-repository.js';
import { uploadKey } from '../../../shared/store/object-keys.js';
import { presignUpload } from '../../../shared/store/object-store.js';
import { findSupplier } from '../../../shared/store/referentiel-repository.js';
import { nextNumber } from '../../../shared/store/sequences.js';
import { jsonBody, type ApiEvent } from '../request.js';
import { importView } from '../import-view.js';

/** Upload links last 15 minutes at most (SPEC §8). */
export const UPLOAD_EXPIRY_SECONDS = 15 * 60;

/** POST /imports: a new import in EN_ATTENTE_FICHIER and a presigned POST for its JSON file. */
export async function createImportRoute(event: ApiEvent, now = new Date()): Promise<ApiResponse> {
  const siret = callerSiret(event);
  const request = readImportRequest(jsonBody(event));
  if (!request.ok) throw badRequest('REQUETE_INVALIDE', `Demande de dépôt invalide : ${request.reasons.join(' ; ')}`);
  const { numeroAns, typeDemande, tauxTva, nomFichier } = request.value;

  const supplier = await findSupplier(siret);
  const refusal = checkStanding(numeroAns, standingOf(supplier));
  const solution = supplier?.solutions.find((s) => s.numeroAns === numeroAns);
  if (refusal || !solution) throw badRequest('ENT-03', refusal?.message ?? labelOf('ENT-03'));

  const identifiant = await nextNumber('imports');
  const upload = await presignUpload(config().uploadsBucket, uploadKey(siret, identifiant), MAX_FILE_BYTES, UPLOAD_EXPIRY_SECONDS, now);
  const record: ImportRecord = {
    identifiant,
    siret,
    numeroAns,
    logiciel: solution.logiciel,
    typeDemande,
    tauxTva,
    nomFichier,
    statut: 'EN_ATTENTE_FICHIER',
    dateDepot: parisTimestamp(now),
    creeLe: now.toISOString(),
    televersementExpireLe: upload.expireLe,
  };
  await createImport(record);
  return json(201, { ...importView(record), televersement: upload });
}
