import { config } from '../../../shared/config.js';
import { MAX_ARCHIVE_BYTES } from '../../../shared/domain/attachments.js';
import type { ArchiveRecord } from '../../../shared/domain/archive-record.js';
import { parisTimestamp } from '../../../shared/domain/dates.js';
import { readArchiveRequest } from '../../../shared/domain/import-request.js';
import { badRequest, conflict } from '../../../shared/http/errors.js';
import { json, type ApiResponse } from '../../../shared/http/responses.js';
import { createArchive } from '../../../shared/store/archives-repository.js';
import { archiveKey } from '../../../shared/store/object-keys.js';
import { presignUpload } from '../../../shared/store/object-store.js';
import { nextNumber } from '../../../shared/store/sequences.js';
import { callerImport, jsonBody, type ApiEvent } from '../request.js';
import { archiveView } from '../archive-view.js';
import { UPLOAD_EXPIRY_SECONDS } from './create-import.js';

/** POST /imports/{id}/pieces-jointes: a presigned POST for one ZIP archive of an IMPORTE import (≤ 20 MB). */
export async function createArchiveRoute(event: ApiEvent, now = new Date()): Promise<ApiResponse> {
  const record = await callerImport(event);
  const request = readArchiveRequest(jsonBody(event));
  if (!request.ok) throw badRequest('REQUETE_INVALIDE', `Demande d'envoi d'archive invalide : ${request.reasons.join(' ; ')}`);
  if (record.statut !== 'IMPORTE') {
    throw conflict(
      'ETAT_INCOMPATIBLE',
      `L'import ${record.identifiant} est à l'état ${record.statut} : les pièces justificatives ne sont reçues que pour un import IMPORTE`,
      { statut: record.statut },
    );
  }
  const identifiant = await nextNumber('archives');
  const upload = await presignUpload(config().uploadsBucket, archiveKey(record.siret, record.identifiant, identifiant), MAX_ARCHIVE_BYTES, UPLOAD_EXPIRY_SECONDS, now);
  const archive: ArchiveRecord = {
    identifiantImport: record.identifiant,
    identifiant,
    siret: record.siret,
    nomArchive: request.nomArchive,
    statut: 'EN_ATTENTE',
    dateDepot: parisTimestamp(now),
    creeLe: now.toISOString(),
    fichiers: [],
  };
  await createArchive(archive);
  return json(201, { ...archiveView(archive), televersement: upload });
}
