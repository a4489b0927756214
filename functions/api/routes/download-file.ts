import { downloadReturnFile, downloadUploadedFile, type Download } from '../../../shared/app/import/download-file.js';
import { contentDisposition } from '../../../shared/adapters/aws/content-disposition.js';
import { ApiError, notFound } from '../../../shared/http/errors.js';
import { download, seeOther, type ApiResponse } from '../../../shared/http/responses.js';
import { callerImport, type Route } from '../request.js';

/** GET /imports/{id}/retour: the return file, once simulated (404 until then). */
export const getReturnFileRoute: Route = async (event, { stores }) => respond(await downloadReturnFile(stores, await callerImport(event, stores)));

/** GET /imports/{id}/fichier: the JSON file as uploaded (and simulated). */
export const getUploadedFileRoute: Route = async (event, { stores }) => respond(await downloadUploadedFile(stores, await callerImport(event, stores)));

/** In the body; past 4 MB, a 303 to a short-lived link. */
function respond(file: Download): ApiResponse {
  switch (file.kind) {
    case 'inline':
      return download(file.bytes, file.contentType, contentDisposition(file.fileName));
    case 'link':
      return seeOther(file.url);
    case 'unavailable':
      throw notFound(file.message);
    case 'lost':
      throw new ApiError(500, 'ERREUR_INTERNE', 'Le document enregistré est introuvable ; contactez le support');
  }
}
