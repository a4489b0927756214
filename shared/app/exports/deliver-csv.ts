import { exportKey } from '../object-keys.js';
import { INLINE_MAX_BYTES, type Download } from '../import/download-file.js';
import type { Runtime, Stores } from '../../ports/stores.js';

export const CSV_TYPE = 'text/csv; charset=utf-8';

/**
 * An export as the supplier downloads it: in the response up to `inlineMax` bytes (a function's
 * response is capped); past it, written under `exports/` of the documents bucket and sent through a
 * short-lived link, as large files are (GET /imports/{id}/retour).
 */
export async function deliverCsv(
  stores: Pick<Stores, 'objects'>,
  runtime: Pick<Runtime, 'newWorkerId'>,
  siret: string,
  fileName: string,
  bytes: Buffer,
  inlineMax = INLINE_MAX_BYTES,
): Promise<Download> {
  if (bytes.length <= inlineMax) return { kind: 'inline', bytes, fileName, contentType: CSV_TYPE };
  const key = exportKey(siret, runtime.newWorkerId());
  await stores.objects.write('documents', key, bytes, CSV_TYPE);
  return { kind: 'link', url: await stores.objects.presignDownload('documents', key, fileName, CSV_TYPE) };
}
