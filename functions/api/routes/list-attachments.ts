import { json, type ApiResponse } from '../../../shared/http/responses.js';
import { archivesOfImport } from '../../../shared/store/archives-repository.js';
import { requestsOfImport } from '../../../shared/store/requests-repository.js';
import { callerImport, type ApiEvent } from '../request.js';
import { archiveView } from '../archive-view.js';

/** GET /imports/{id}/pieces-jointes: the expected documents, received or not, and the archives sent, newest first. */
export async function listAttachmentsRoute(event: ApiEvent): Promise<ApiResponse> {
  const record = await callerImport(event);
  const [requests, archives] = await Promise.all([requestsOfImport(record), archivesOfImport(record.identifiant)]);
  const attendues = requests
    .sort((a, b) => a.numLigne - b.numLigne)
    .flatMap((r) => r.piecesAttendues.map((p) => ({ type: p.type, nomFichier: p.nomFichier, numeroDossier: r.numeroDossier, recue: p.recue })));
  return json(200, {
    attendues,
    nombreAttendues: attendues.length,
    nombreRecues: attendues.filter((a) => a.recue).length,
    archives: archives.map(archiveView),
  });
}
