import { missingDocuments } from '../../../shared/domain/request-record.js';
import { conflict } from '../../../shared/http/errors.js';
import { json, type ApiResponse } from '../../../shared/http/responses.js';
import { getImport, transition } from '../../../shared/store/imports-repository.js';
import { moveRequest, requestsOfImport } from '../../../shared/store/requests-repository.js';
import { mapLimit } from '../../../shared/lib/map-limit.js';
import { callerImport, type ApiEvent } from '../request.js';
import { importView } from '../import-view.js';
import { parisTimestamp } from '../../../shared/domain/dates.js';

/**
 * POST /imports/{id}/terminer (SPEC §1 step 4): once every expected document is received, the
 * requests go INCOMPLETE → EN_COURS and the import TERMINE. Again on TERMINE: 200, nothing changes.
 */
export async function finishImportRoute(event: ApiEvent): Promise<ApiResponse> {
  const record = await callerImport(event);
  if (record.statut === 'TERMINE') return json(200, importView(record));
  if (record.statut !== 'IMPORTE') {
    throw conflict('ETAT_INCOMPATIBLE', `L'import ${record.identifiant} est à l'état ${record.statut} : seul un import IMPORTE peut être terminé`, {
      statut: record.statut,
    });
  }
  const requests = await requestsOfImport(record);
  const manquantes = missingDocuments(requests);
  if (manquantes.length > 0) {
    throw conflict(
      'PIECES_MANQUANTES',
      `${manquantes.length} pièce${manquantes.length > 1 ? 's' : ''} justificative${manquantes.length > 1 ? 's' : ''} manque${manquantes.length > 1 ? 'nt' : ''} encore : envoyez-les dans une archive ZIP avant de terminer`,
      { manquantes },
    );
  }
  // Requests first, the import last: a retry after a failure between the two finishes the job.
  await mapLimit(requests, 16, (r) => moveRequest(r.numeroDossier, 'INCOMPLETE', 'EN_COURS'));
  const finished = await transition(record.identifiant, 'IMPORTE', { statut: 'TERMINE', dateFin: parisTimestamp(new Date()) });
  return json(200, importView(finished ?? (await getImport(record.identifiant))!));
}
