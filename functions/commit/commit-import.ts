import { createHash, randomUUID } from 'node:crypto';
import { config } from '../../shared/config.js';
import { parisTimestamp } from '../../shared/domain/dates.js';
import { dossierNumber } from '../../shared/domain/dossier.js';
import { lineIdentityOf } from '../../shared/domain/import-checks.js';
import type { CompteRendu, ImportRecord } from '../../shared/domain/import-record.js';
import { statusAfterSimulation } from '../../shared/domain/import-lifecycle.js';
import { requestFromLine } from '../../shared/domain/request-record.js';
import { serializeReturnFile } from '../../shared/domain/return-file.js';
import { MAX_FILE_BYTES, simulate } from '../../shared/domain/simulate.js';
import { mapLimit } from '../../shared/lib/map-limit.js';
import { importLine } from '../../shared/import/line-import.js';
import { importSettings } from '../../shared/import/simulation-settings.js';
import { logger } from '../../shared/observability/logger.js';
import { transition } from '../../shared/store/imports-repository.js';
import { readImportKey, returnFileKey } from '../../shared/store/object-keys.js';
import { getObjectBytes, putObject } from '../../shared/store/object-store.js';
import { findSupplier } from '../../shared/store/referentiel-repository.js';
import { createRequests } from '../../shared/store/requests-repository.js';
import { nextNumbers } from '../../shared/store/sequences.js';

/** Attempts before the failure is recorded on the import (AWS retries an asynchronous invocation twice). */
export const MAX_ATTEMPTS = 3;
/** Lines judged at once: each waits on a few conditional writes. */
const LINES_AT_ONCE = 16;

export interface CommitHooks {
  /** Called once each line is judged; a fault injected here stops the commit midway (tests). */
  afterLine?: (index: number) => void;
}

/**
 * The import of a simulated file (SPEC §4.4, §6): every check again, then each line against
 * stored data; the requests, the compte rendu, IMPORTE. Idempotent: replayed, or run twice at
 * once, it creates one request per accepted line and keeps each dossier number first given.
 */
export async function commitImport(key: string, hooks: CommitHooks = {}): Promise<void> {
  const owner = readImportKey(key);
  if (!owner) {
    logger.warn('object ignored: not an import key of the service', { key });
    return;
  }
  const record = await transition(owner.identifiant, 'IMPORT_EN_COURS', {}, { add: { tentativesImport: 1 } });
  if (!record || record.siret !== owner.siret) {
    logger.info('import event ignored: the import is not being imported', { identifiant: owner.identifiant });
    return;
  }
  try {
    await runCommit(record, key, hooks);
  } catch (error) {
    const attempts = record.tentativesImport ?? 1;
    logger.error('import failed', { identifiant: record.identifiant, attempts, error: error as Error });
    if (attempts < MAX_ATTEMPTS) throw error;
    await transition(record.identifiant, 'IMPORT_EN_COURS', {
      erreurTechnique:
        "Une erreur technique a interrompu l'import. Relancez-le (POST /imports/{id}/importer) ; aucune demande ne sera créée deux fois.",
    });
  }
}

async function runCommit(record: ImportRecord, key: string, hooks: CommitHooks): Promise<void> {
  const [file, supplier] = await Promise.all([getObjectBytes(config().uploadsBucket, key, MAX_FILE_BYTES), findSupplier(record.siret)]);
  if (!file) throw new Error(`import object vanished: ${key}`);
  const sha256 = createHash('sha256').update(file.bytes).digest('hex');
  if (sha256 !== record.sha256) throw new Error(`import ${record.identifiant}: the file to import is not the one simulated`);

  const returnFile = simulate(file.bytes, importSettings(record, supplier, new Date()));
  const r = returnFile.resultat;
  if (r.statut !== 'VALIDE') {
    // Rules or reference data changed since the simulation: back to its verdict, with a new return file.
    const cleRetour = returnFileKey(record.siret, record.identifiant, `import-${randomUUID()}`);
    await putObject(config().documentsBucket, cleRetour, serializeReturnFile(returnFile), 'application/json; charset=utf-8');
    await transition(record.identifiant, 'IMPORT_EN_COURS', {
      statut: statusAfterSimulation(r.statut),
      cleRetour,
      dateSimulation: r.dateSimulation,
      nombreDemandes: r.nombreDemandes,
      nombreDemandesValides: r.nombreDemandesValides,
      nombreDemandesEnErreur: r.nombreDemandesEnErreur,
    });
    logger.info('import refused: the file no longer passes the checks', { identifiant: record.identifiant, statut: r.statut });
    return;
  }

  await importLines(record, returnFile.lignesImport!, hooks);
}

async function importLines(record: ImportRecord, lines: Record<string, any>[], hooks: CommitHooks): Promise<void> {
  const context = { siret: record.siret, numeroAns: record.numeroAns, logiciel: record.logiciel, typeDemande: record.typeDemande };
  const first = await nextNumbers('dossiers', lines.length);
  const outcomes = await mapLimit(lines, LINES_AT_ONCE, async (line, index) => {
    // a line that passed every check has a well-formed numéro éditeur and FINESS
    const identity = lineIdentityOf(line, context)!;
    const outcome = await importLine(identity, { identifiantImport: record.identifiant, numLigne: line.numLigne }, dossierNumber(first + index));
    hooks.afterLine?.(index);
    return outcome;
  });

  const requestContext = { ...context, identifiantImport: record.identifiant, tauxTva: record.tauxTva, dateDepot: record.dateDepot, creeLe: record.creeLe };
  const requests = outcomes.flatMap((o, i) => (o.accepted ? [requestFromLine(lines[i]!, o.numeroDossier, requestContext)] : []));
  await createRequests(requests);

  const compteRendu: CompteRendu = {
    nombreLignes: lines.length,
    nombreLignesImportees: requests.length,
    nombreLignesRejetees: lines.length - requests.length,
    rejets: outcomes.flatMap((o, i) =>
      o.accepted ? [] : o.issues.map((issue) => ({ numLigne: lines[i]!.numLigne as number, code: issue.code, message: issue.message })),
    ),
  };
  const dossiers = requests.map((r) => r.numeroDossier);
  const done = await transition(record.identifiant, 'IMPORT_EN_COURS', { statut: 'IMPORTE', compteRendu, dossiers, dateImport: parisTimestamp(new Date()) }, {
    remove: ['erreurTechnique'],
  });
  if (done) logger.info('imported', { identifiant: record.identifiant, importees: requests.length, rejetees: compteRendu.nombreLignesRejetees });
}
