import { createHash, randomUUID } from 'node:crypto';
import { config } from '../../shared/config.js';
import type { ImportRecord } from '../../shared/domain/import-record.js';
import { statusAfterSimulation } from '../../shared/domain/import-lifecycle.js';
import type { Supplier } from '../../shared/domain/referentiel.js';
import { serializeReturnFile } from '../../shared/domain/return-file.js';
import { MAX_FILE_BYTES, simulate, simulateOversized } from '../../shared/domain/simulate.js';
import { addImportForecast } from '../../shared/import/forecast.js';
import { importSettings } from '../../shared/import/simulation-settings.js';
import { logger } from '../../shared/observability/logger.js';
import {
  claimSimulation,
  completeSimulation,
  failSimulation,
  getImport,
  releaseSimulation,
} from '../../shared/store/imports-repository.js';
import { readUploadKey, returnFileKey, simulatedFileKey } from '../../shared/store/object-keys.js';
import { getObjectBytes, putObject } from '../../shared/store/object-store.js';
import { findSupplier } from '../../shared/store/referentiel-repository.js';

/** How long one worker holds a simulation: longer than the function's timeout (30 s). */
export const LEASE_MS = 45_000;
/** Attempts before the failure is final (AWS retries an asynchronous invocation twice). */
export const MAX_ATTEMPTS = 3;
const POLL_MS = 50;

export interface UploadedObject {
  bucket: string;
  key: string;
  size: number;
}

/**
 * Simulates an uploaded JSON file and records the outcome. Idempotent: a duplicate event finds
 * the import already simulated; a concurrent copy waits for the one that holds it. A failure is
 * retried (the error is rethrown) until MAX_ATTEMPTS, then recorded as ERREUR_TECHNIQUE.
 */
export async function simulateUpload(object: UploadedObject): Promise<void> {
  const owner = readUploadKey(object.key);
  if (!owner) {
    logger.warn('object ignored: not an upload key of the service', { key: object.key });
    return;
  }
  const worker = randomUUID();
  // The reads have no effect: they start alongside the claim, which alone decides who simulates,
  // and are awaited inside the try, so that a failed read is retried like any other failure.
  const reads = Promise.all([
    findSupplier(owner.siret),
    readUpload(object),
  ]);
  reads.catch(() => undefined);
  const record = await claim(owner.identifiant, owner.siret, worker);
  if (!record) return;
  try {
    const [supplier, file] = await reads;
    if (object.size <= MAX_FILE_BYTES && !file) throw new Error(`uploaded object vanished: ${object.key}`);
    await runSimulation(record, supplier, object.size, file, worker);
  } catch (error) {
    const attempts = record.tentativesSimulation ?? 1;
    logger.error('simulation failed', { identifiant: record.identifiant, attempts, error: error as Error });
    if (attempts >= MAX_ATTEMPTS) {
      await failSimulation(
        record.identifiant,
        worker,
        'Une erreur technique a empêché la simulation de ce fichier. Déposez-le à nouveau ; si le problème persiste, contactez le support.',
      );
      return;
    }
    await releaseSimulation(record.identifiant, worker, new Date());
    throw error;
  }
}

/** The uploaded bytes when the event says they fit (an empty file is not read: it is empty). */
async function readUpload(object: UploadedObject): Promise<{ bytes: Buffer; size: number } | undefined> {
  if (object.size === 0) return { bytes: Buffer.alloc(0), size: 0 };
  if (object.size > MAX_FILE_BYTES) return undefined;
  return getObjectBytes(config().uploadsBucket, object.key, MAX_FILE_BYTES);
}

/** Takes the import for this worker, waiting while another copy holds it. Undefined: nothing to do. */
async function claim(identifiant: number, siret: string, worker: string): Promise<ImportRecord | undefined> {
  for (;;) {
    const now = new Date();
    const claimed = await claimSimulation(identifiant, siret, worker, now, new Date(now.getTime() + LEASE_MS));
    if (claimed) return claimed;
    const current = await getImport(identifiant);
    if (!current || current.siret !== siret) {
      logger.warn('object ignored: no such import for this supplier', { identifiant });
      return undefined;
    }
    if (current.statut !== 'SIMULATION_EN_COURS') {
      if (current.statut !== 'EN_ATTENTE_FICHIER') logger.info('duplicate event: already simulated', { identifiant, statut: current.statut });
      if (current.statut === 'EN_ATTENTE_FICHIER') continue;
      return undefined;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

async function runSimulation(
  record: ImportRecord,
  supplier: Supplier | undefined,
  eventSize: number,
  file: { bytes: Buffer; size: number } | undefined,
  worker: string,
): Promise<void> {
  const { documentsBucket } = config();
  const settings = importSettings(record, supplier, new Date());

  // The upload policy caps the size; the event and the read check it again (SPEC §8).
  const size = file?.size ?? eventSize;
  const kept = file && size <= MAX_FILE_BYTES ? file.bytes : undefined;
  const returnFile = kept ? simulate(kept, settings) : simulateOversized(size, settings);

  const cleRetour = returnFileKey(record.siret, record.identifiant, worker);
  const cleFichier = kept ? simulatedFileKey(record.siret, record.identifiant, worker) : undefined;
  // the file is kept while the forecast reads stored data; the return file waits for the forecast
  await Promise.all([
    kept && cleFichier ? putObject(documentsBucket, cleFichier, kept, 'application/json') : undefined,
    addImportForecast(returnFile, record).then(() =>
      putObject(documentsBucket, cleRetour, serializeReturnFile(returnFile), 'application/json; charset=utf-8'),
    ),
  ]);

  const r = returnFile.resultat;
  const recorded = await completeSimulation(record.identifiant, worker, {
    statut: statusAfterSimulation(r.statut),
    dateSimulation: r.dateSimulation,
    tailleFichier: size,
    nombreDemandes: r.nombreDemandes,
    nombreDemandesValides: r.nombreDemandesValides,
    nombreDemandesEnErreur: r.nombreDemandesEnErreur,
    cleRetour,
    ...(kept && cleFichier ? { cleFichier, sha256: createHash('sha256').update(kept).digest('hex') } : {}),
  });
  if (!recorded) logger.warn('simulation outcome discarded: another attempt took over', { identifiant: record.identifiant });
  else logger.info('simulated', { identifiant: record.identifiant, statut: r.statut, lignes: r.nombreDemandes });
}
