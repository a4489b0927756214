import type { ImportRecord } from '../../domain/import-record.js';
import { returnFileName } from '../../domain/import-request.js';
import type { Stores } from '../../ports/stores.js';

/** Past this size a file is sent through a short-lived link: a function's response is capped at 6 MB, base64 included. */
export const INLINE_MAX_BYTES = 4 * 1024 * 1024;
const JSON_TYPE = 'application/json; charset=utf-8';

export type Download =
  | { kind: 'inline'; bytes: Buffer; fileName: string; contentType: string }
  | { kind: 'link'; url: string }
  /** Not there yet (404), with a French message saying why. */
  | { kind: 'unavailable'; message: string }
  /** Recorded but missing from storage: a fault of the service. */
  | { kind: 'lost' };

/** `GET /imports/{id}/retour`: the return file, once simulated. */
export function downloadReturnFile(stores: Pick<Stores, 'objects'>, record: ImportRecord): Promise<Download> {
  if (!record.cleRetour) {
    const message = `Le fichier de retour de l'import ${record.identifiant} n'est pas disponible (statut ${record.statut}) : la simulation n'est pas terminée`;
    return Promise.resolve({ kind: 'unavailable', message });
  }
  return download(stores, record.cleRetour, returnFileName(record.nomFichier));
}

/** `GET /imports/{id}/fichier`: the JSON file as uploaded (and simulated). */
export function downloadUploadedFile(stores: Pick<Stores, 'objects'>, record: ImportRecord): Promise<Download> {
  if (!record.cleFichier) {
    return Promise.resolve({ kind: 'unavailable', message: `Le fichier de l'import ${record.identifiant} n'a pas encore été reçu et simulé (statut ${record.statut})` });
  }
  return download(stores, record.cleFichier, record.nomFichier);
}

async function download(stores: Pick<Stores, 'objects'>, key: string, fileName: string): Promise<Download> {
  const size = await stores.objects.size('documents', key);
  if (size === undefined) return { kind: 'lost' };
  if (size > INLINE_MAX_BYTES) return { kind: 'link', url: await stores.objects.presignDownload('documents', key, fileName, JSON_TYPE) };
  const object = await stores.objects.read('documents', key);
  return object ? { kind: 'inline', bytes: object.bytes, fileName, contentType: JSON_TYPE } : { kind: 'lost' };
}
