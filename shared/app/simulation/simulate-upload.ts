import { createHash } from 'node:crypto';
import { SIMULATION_LEASE, TECHNICAL_FAILURE, leaseStep, statusAfterSimulation, type ImportStatus } from '../../domain/import-lifecycle.js';
import type { ImportRecord } from '../../domain/import-record.js';
import type { Fournisseur } from '../../domain/referentiel.js';
import { buildReturnFile, judgedLines, serializeReturnFile, type SimulationStatus } from '../../domain/return-file.js';
import { MAX_FILE_BYTES, judgeFile, judgeOversized } from '../../domain/simulate.js';
import type { Runtime, Stores } from '../../ports/stores.js';
import { importForecastWarnings } from '../import/forecast.js';
import { importSettings } from '../import/import-settings.js';
import { runLeasedJob } from '../leased-job.js';
import { readUploadKey, returnFileKey, simulatedFileKey } from '../object-keys.js';
import type { UploadedObject } from '../uploads.js';

export type SimulationOutcome =
  /** Not an upload of the service, or no such import for this supplier. */
  | { kind: 'ignored'; reason: string }
  /** A duplicate event: the import was simulated already (or is no longer waiting for a file). */
  | { kind: 'alreadyDone'; statut: ImportStatus }
  | { kind: 'simulated'; statut: SimulationStatus; lignes: number; valides: number; enErreur: number }
  /** This attempt's lease was taken over meanwhile: its outcome was not recorded. */
  | { kind: 'superseded' }
  /** The last attempt failed: ERREUR_TECHNIQUE recorded. */
  | { kind: 'gaveUp'; attempts: number; error: unknown };

type Uploaded = { bytes: Buffer; size: number } | undefined;

/**
 * Simulates an uploaded JSON file and records the outcome (SPEC §4–§6). Idempotent: a duplicate
 * event finds the import already simulated; a concurrent copy waits for the one that holds it.
 * A failure gives the lease back and is rethrown (the event is retried) until the last attempt,
 * which records ERREUR_TECHNIQUE.
 */
export async function simulateUpload(stores: Stores, runtime: Runtime, object: UploadedObject): Promise<SimulationOutcome> {
  const owner = readUploadKey(object.key);
  if (!owner) return { kind: 'ignored', reason: 'not an upload key of the service' };
  // The reads have no effect: they start alongside the lease, which alone decides who simulates,
  // and are awaited inside the job, so that a failed read is retried like any other failure.
  const reads = Promise.all([stores.referentiel.findFournisseur(owner.siret), readUpload(stores, object)]);
  reads.catch(() => undefined);
  const rule = SIMULATION_LEASE;
  const { identifiant } = owner;
  let outcome: SimulationOutcome = { kind: 'ignored', reason: 'no such import for this supplier' };
  await runLeasedJob<ImportRecord>(
    rule,
    {
      acquire: (worker, now, until) => stores.imports.acquireLease(identifiant, owner.siret, rule, worker, now, until),
      async whenBusy() {
        const current = await stores.imports.get(identifiant);
        if (!current || current.siret !== owner.siret) return 'stop';
        outcome = { kind: 'alreadyDone', statut: current.statut };
        return leaseStep(rule, current.statut);
      },
      attempt: (record) => record.tentativesSimulation ?? 1,
      async run(record, worker) {
        const [supplier, file] = await reads;
        if (object.size <= MAX_FILE_BYTES && !file) throw new Error(`uploaded object vanished: ${object.key}`);
        outcome = await simulateRecord(stores, runtime, record, supplier, object.size, file, worker);
      },
      release: async (_record, worker, at) => {
        await stores.imports.settleLease(identifiant, rule, worker, { traitementJusqua: at.toISOString() }, true);
      },
      giveUp: async (record, worker, error) => {
        await stores.imports.settleLease(identifiant, rule, worker, { statut: rule.failed, erreurTechnique: TECHNICAL_FAILURE.simulation });
        outcome = { kind: 'gaveUp', attempts: record.tentativesSimulation ?? 1, error };
      },
    },
    runtime,
  );
  return outcome;
}

/** The uploaded bytes when the event says they fit (an empty file is not read: it is empty). */
async function readUpload(stores: Stores, object: UploadedObject): Promise<Uploaded> {
  if (object.size === 0) return { bytes: Buffer.alloc(0), size: 0 };
  if (object.size > MAX_FILE_BYTES) return undefined;
  return stores.objects.read('televersements', object.key, MAX_FILE_BYTES);
}

async function simulateRecord(
  stores: Stores,
  runtime: Runtime,
  record: ImportRecord,
  supplier: Fournisseur | undefined,
  eventSize: number,
  file: Uploaded,
  worker: string,
): Promise<SimulationOutcome> {
  const settings = importSettings(record, supplier, runtime.now());
  // The upload policy caps the size; the event and the read check it again (SPEC §8).
  const size = file?.size ?? eventSize;
  const kept = file && size <= MAX_FILE_BYTES ? file.bytes : undefined;
  const cleFichier = kept ? simulatedFileKey(record.siret, record.identifiant, worker) : undefined;
  const cleRetour = returnFileKey(record.siret, record.identifiant, worker);
  const judgement = kept ? judgeFile(kept, settings) : judgeOversized(size, settings);
  // the file is kept while the forecast reads stored data; the return file is built once, with it
  const written = Promise.all([
    kept && cleFichier ? stores.objects.write('documents', cleFichier, kept, 'application/json') : undefined,
    importForecastWarnings(stores, record, judgedLines(judgement), runtime.now()).then(async (warnings) => {
      const built = buildReturnFile(judgement, warnings);
      await stores.objects.write('documents', cleRetour, serializeReturnFile(built), 'application/json; charset=utf-8');
      return built;
    }),
  ]);
  // hashed while the reads and writes are under way
  const sha256 = kept ? createHash('sha256').update(kept).digest('hex') : undefined;
  const [, returnFile] = await written;

  const r = returnFile.resultat;
  const recorded = await stores.imports.settleLease(record.identifiant, SIMULATION_LEASE, worker, {
    statut: statusAfterSimulation(r.statut),
    dateSimulation: r.dateSimulation,
    tailleFichier: size,
    nombreDemandes: r.nombreDemandes,
    nombreDemandesValides: r.nombreDemandesValides,
    nombreDemandesEnErreur: r.nombreDemandesEnErreur,
    cleRetour,
    ...(cleFichier && sha256 ? { cleFichier, sha256 } : {}),
  });
  return recorded
    ? { kind: 'simulated', statut: r.statut, lignes: r.nombreDemandes, valides: r.nombreDemandesValides, enErreur: r.nombreDemandesEnErreur }
    : { kind: 'superseded' };
}
