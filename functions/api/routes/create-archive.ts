import { createArchiveUpload } from '../../../shared/app/attachments/create-archive.js';
import { readArchiveRequest } from '../../../shared/domain/import-request.js';
import { badRequest, conflict } from '../../../shared/http/errors.js';
import { json } from '../../../shared/http/responses.js';
import { callerImport, jsonBody, type Route } from '../request.js';
import { archiveView } from '../archive-view.js';

/** POST /imports/{id}/pieces-jointes: a presigned POST for one ZIP archive of an IMPORTE import (201); 409 otherwise. */
export const createArchiveRoute: Route = async (event, { stores, runtime }) => {
  const record = await callerImport(event, stores);
  const request = readArchiveRequest(jsonBody(event));
  if (!request.ok) throw badRequest('REQUETE_INVALIDE', `Demande d'envoi d'archive invalide : ${request.reasons.join(' ; ')}`);
  const outcome = await createArchiveUpload(stores, runtime, record, request.nomArchive);
  if (outcome.kind === 'refused') throw conflict('ETAT_INCOMPATIBLE', outcome.message, { statut: outcome.statut });
  return json(201, { ...archiveView(outcome.archive), televersement: outcome.televersement });
};
