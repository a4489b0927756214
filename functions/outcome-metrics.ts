import type { UnpackOutcome } from '../shared/app/attachments/unpack-uploaded-archive.js';
import type { CommitOutcome } from '../shared/app/import/commit-import.js';
import type { GiveUpOutcome } from '../shared/app/recovery/give-up.js';
import type { SimulationOutcome } from '../shared/app/simulation/simulate-upload.js';
import { ARCHIVE_VERDICT } from '../shared/domain/import-lifecycle.js';
import { CODE_DIMENSION, METRIC, count } from '../shared/observability/metrics.js';

/** The business counts of one outcome of each use case a function runs (the dashboard's, and an alarm's). */

export function simulationMetrics(outcome: SimulationOutcome): void {
  if (outcome.kind === 'simulated') {
    count(METRIC.filesSimulated);
    count(METRIC.linesValid, outcome.valides);
    count(METRIC.linesInError, outcome.enErreur);
  } else if (outcome.kind === 'gaveUp') count(METRIC.technicalErrors);
}

export function importMetrics(outcome: CommitOutcome): void {
  if (outcome.kind === 'imported') count(METRIC.importsCommitted);
  else if (outcome.kind === 'gaveUp') count(METRIC.technicalErrors);
}

/** An archive refused as a whole counts under its code; one given up is refused ERREUR_TECHNIQUE. */
export function archiveMetrics(outcome: UnpackOutcome): void {
  if (outcome.kind === 'judged' && outcome.verdict.statut === ARCHIVE_VERDICT.refused) {
    count(METRIC.archivesRefused, 1, { [CODE_DIMENSION]: outcome.verdict.code ?? 'INCONNU' });
  } else if (outcome.kind === 'gaveUp') {
    count(METRIC.technicalErrors);
    count(METRIC.archivesRefused, 1, { [CODE_DIMENSION]: 'ERREUR_TECHNIQUE' });
  }
}

/** A failure queue's event given up (SPEC §6): ERREUR_TECHNIQUE recorded on its simulation, import or archive. */
export function giveUpMetrics(outcome: GiveUpOutcome): void {
  if (outcome.kind !== 'gaveUp') return;
  count(METRIC.technicalErrors);
  if (outcome.subject === 'archive') count(METRIC.archivesRefused, 1, { [CODE_DIMENSION]: 'ERREUR_TECHNIQUE' });
}
