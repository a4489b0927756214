import { createHash } from 'node:crypto';
import { parisTimestamp } from '../../domain/dates.js';
import { dossierNumber } from '../../domain/dossier.js';
import { lineIdentityOf } from '../../domain/import-checks.js';
import { COMMIT_LEASE, TECHNICAL_FAILURE, fallbackAtCommit, type ImportStatus } from '../../domain/import-lifecycle.js';
import type { CompteRendu, ImportRecord } from '../../domain/import-record.js';
import type { Fournisseur } from '../../domain/referentiel.js';
import { demandeFromLine } from '../../domain/demande-record.js';
import { buildReturnFile, judgedLines, serializeReturnFile } from '../../domain/return-file.js';
import { MAX_FILE_BYTES, judgeFile } from '../../domain/simulate.js';
import type { Runtime, Stores } from '../../ports/stores.js';
import { readImportKey, returnFileKey } from '../object-keys.js';
import { lineContextOf } from './forecast.js';
import { importSettings } from './import-settings.js';
import { importLines as importLineKeys } from './line-import.js';

export interface CommitHooks {
  /** Called once each line is judged; a fault injected here stops the commit midway (tests). */
  afterLine?: (index: number) => void;
}

export type CommitOutcome =
  /** Not an import key of the service, or the import is not being imported (a late or duplicate event). */
  | { kind: 'ignored'; reason: string }
  | { kind: 'imported'; importees: number; rejetees: number }
  /** The file no longer passes the checks: back to the simulation's verdict, with a new return file. */
  | { kind: 'fellBack'; statut: ImportStatus }
  /** Another copy finished first: nothing recorded by this one. */
  | { kind: 'superseded' }
  /** The last attempt failed: `erreurTechnique` recorded; `POST /importer` sends it again. */
  | { kind: 'gaveUp'; attempts: number; error: unknown };

const { running } = COMMIT_LEASE;

/**
 * The import of a simulated file (SPEC §4.4, §6), on the event of its copy under `imports/`: every
 * check again, then each line against stored data; the requests, the compte rendu, IMPORTE.
 * Idempotent: replayed, or run twice at once, it creates one request per accepted line and keeps
 * each dossier number first given. A failure is rethrown until the last attempt, which records it.
 */
export async function commitImport(stores: Stores, runtime: Runtime, key: string, hooks: CommitHooks = {}): Promise<CommitOutcome> {
  const owner = readImportKey(key);
  if (!owner) return { kind: 'ignored', reason: 'not an import key of the service' };
  // The reads have no effect: they start alongside the move, which alone decides who commits.
  const reads = Promise.all([stores.objects.read('televersements', key, MAX_FILE_BYTES), stores.referentiel.findFournisseur(owner.siret)]);
  reads.catch(() => undefined);
  // Each attempt restarts the commit's lease: its keys stand while it is at work (commitIsLive).
  const record = await stores.imports.transition(owner.identifiant, running, { set: { debutImport: runtime.now().toISOString() }, add: { tentativesImport: 1 } });
  if (!record || record.siret !== owner.siret) return { kind: 'ignored', reason: 'the import is not being imported' };
  try {
    return await runCommit(stores, runtime, record, key, await reads, hooks);
  } catch (error) {
    const attempts = record.tentativesImport ?? 1;
    if (attempts < COMMIT_LEASE.maxAttempts) throw error;
    await stores.imports.transition(record.identifiant, running, { set: { erreurTechnique: TECHNICAL_FAILURE.commit } });
    return { kind: 'gaveUp', attempts, error };
  }
}

async function runCommit(
  stores: Stores,
  runtime: Runtime,
  record: ImportRecord,
  key: string,
  [file, supplier]: [{ bytes: Buffer } | undefined, Fournisseur | undefined],
  hooks: CommitHooks,
): Promise<CommitOutcome> {
  if (!file) throw new Error(`import object vanished: ${key}`);
  const sha256 = createHash('sha256').update(file.bytes).digest('hex');
  if (sha256 !== record.sha256) throw new Error(`import ${record.identifiant}: the file to import is not the one simulated`);

  const judgement = judgeFile(file.bytes, importSettings(record, supplier, runtime.now()));
  const returnFile = buildReturnFile(judgement);
  const r = returnFile.resultat;
  const fallback = fallbackAtCommit(r.statut);
  if (!fallback) return importLines(stores, runtime, record, judgedLines(judgement), hooks);

  // Rules or reference data changed since the simulation: back to its verdict, with a new return file.
  const cleRetour = returnFileKey(record.siret, record.identifiant, `import-${runtime.newWorkerId()}`);
  await stores.objects.write('documents', cleRetour, serializeReturnFile(returnFile), 'application/json; charset=utf-8');
  const moved = await stores.imports.transition(record.identifiant, running, {
    set: {
      statut: fallback,
      cleRetour,
      dateSimulation: r.dateSimulation,
      nombreDemandes: r.nombreDemandes,
      nombreDemandesValides: r.nombreDemandesValides,
      nombreDemandesEnErreur: r.nombreDemandesEnErreur,
    },
  });
  return moved ? { kind: 'fellBack', statut: fallback } : { kind: 'superseded' };
}

async function importLines(
  stores: Stores,
  runtime: Runtime,
  record: ImportRecord,
  lines: readonly Record<string, any>[],
  hooks: CommitHooks,
): Promise<CommitOutcome> {
  const context = lineContextOf(record);
  const outcomes = await importLineKeys(
    stores,
    runtime.now(),
    // a line that passed every check has a well-formed numéro éditeur and FINESS
    lines.map((line) => ({ identity: lineIdentityOf(line, context)!, holder: { identifiantImport: record.identifiant, numLigne: line.numLigne } })),
    async (count) => {
      const first = await stores.sequences.next('dossiers', count);
      return (rank) => dossierNumber(first + rank);
    },
    hooks.afterLine,
  );

  const requestContext = { ...context, identifiantImport: record.identifiant, tauxTva: record.tauxTva, dateDepot: record.dateDepot, creeLe: record.creeLe };
  const requests = outcomes.flatMap((o, i) => (o.accepted ? [demandeFromLine(lines[i]!, o.numeroDossier, requestContext)] : []));
  // A line whose key an earlier attempt took may have its request already: those found are not
  // written again (they would be refused anyway: requests are created only if absent).
  const replayed = outcomes.flatMap((o) => (o.accepted && o.replayed ? [o.numeroDossier] : []));
  const existing = new Set(replayed.length > 0 ? (await stores.demandes.getMany(replayed)).map((r) => r.numeroDossier) : []);
  await stores.demandes.createMany(existing.size > 0 ? requests.filter((r) => !existing.has(r.numeroDossier)) : requests);

  const compteRendu: CompteRendu = {
    nombreLignes: lines.length,
    nombreLignesImportees: requests.length,
    nombreLignesRejetees: lines.length - requests.length,
    rejets: outcomes.flatMap((o, i) =>
      o.accepted ? [] : o.issues.map((issue) => ({ numLigne: lines[i]!.numLigne as number, code: issue.code, message: issue.message })),
    ),
  };
  const dossiers = requests.map((r) => r.numeroDossier);
  const done = await stores.imports.transition(record.identifiant, running, {
    set: { statut: COMMIT_LEASE.done, compteRendu, dossiers, dateImport: parisTimestamp(runtime.now()) },
    remove: ['erreurTechnique'],
  });
  return done ? { kind: 'imported', importees: requests.length, rejetees: compteRendu.nombreLignesRejetees } : { kind: 'superseded' };
}
