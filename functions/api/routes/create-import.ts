import { createImport } from '../../../shared/app/import/create-import.js';
import { readImportRequest } from '../../../shared/domain/import-request.js';
import { badRequest } from '../../../shared/http/errors.js';
import { callerSiret } from '../../../shared/http/identity.js';
import { json } from '../../../shared/http/responses.js';
import { jsonBody, type Route } from '../request.js';
import { importView } from '../import-view.js';

/** POST /imports: a new import in EN_ATTENTE_FICHIER and a presigned POST for its JSON file (201); 400 ENT-03. */
export const createImportRoute: Route = async (event, { stores, runtime }) => {
  const siret = callerSiret(event);
  const request = readImportRequest(jsonBody(event));
  if (!request.ok) throw badRequest('REQUETE_INVALIDE', `Demande de dépôt invalide : ${request.reasons.join(' ; ')}`);
  const outcome = await createImport(stores, runtime, siret, request.value);
  if (outcome.kind === 'refused') throw badRequest(outcome.code, outcome.message);
  return json(201, { ...importView(outcome.record), televersement: outcome.televersement });
};
