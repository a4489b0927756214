import { config } from '../../../shared/config.js';
import { returnFileName } from '../../../shared/domain/import-request.js';
import { ApiError, notFound } from '../../../shared/http/errors.js';
import { download, seeOther, type ApiResponse } from '../../../shared/http/responses.js';
import { contentDisposition, getObjectBytes, objectSize, presignDownload } from '../../../shared/store/object-store.js';
import { callerImport, type ApiEvent } from '../request.js';

/** Past this size a file is sent through a short-lived S3 link: a function's response is capped at 6 MB, base64 included. */
const INLINE_MAX_BYTES = 4 * 1024 * 1024;
const JSON_TYPE = 'application/json; charset=utf-8';

/** GET /imports/{id}/retour: the return file, once simulated. */
export async function getReturnFileRoute(event: ApiEvent): Promise<ApiResponse> {
  const record = await callerImport(event);
  if (!record.cleRetour) {
    throw notFound(`Le fichier de retour de l'import ${record.identifiant} n'est pas disponible (statut ${record.statut}) : la simulation n'est pas terminée`);
  }
  return sendDocument(record.cleRetour, returnFileName(record.nomFichier));
}

/** GET /imports/{id}/fichier: the JSON file as uploaded (and simulated). */
export async function getUploadedFileRoute(event: ApiEvent): Promise<ApiResponse> {
  const record = await callerImport(event);
  if (!record.cleFichier) {
    throw notFound(`Le fichier de l'import ${record.identifiant} n'a pas encore été reçu et simulé (statut ${record.statut})`);
  }
  return sendDocument(record.cleFichier, record.nomFichier);
}

async function sendDocument(key: string, fileName: string): Promise<ApiResponse> {
  const bucket = config().documentsBucket;
  const size = await objectSize(bucket, key);
  if (size === undefined) throw new ApiError(500, 'ERREUR_INTERNE', 'Le document enregistré est introuvable ; contactez le support');
  if (size > INLINE_MAX_BYTES) return seeOther(await presignDownload(bucket, key, fileName, JSON_TYPE));
  const object = await getObjectBytes(bucket, key);
  if (!object) throw new ApiError(500, 'ERREUR_INTERNE', 'Le document enregistré est introuvable ; contactez le support');
  return download(object.bytes, JSON_TYPE, contentDisposition(fileName));
}
