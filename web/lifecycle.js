/**
 * What a supplier may do with an import in each state (SPEC §6): only SIMULATION_VALIDE can be
 * imported; only IMPORTE takes attachments and can be finished; the return file exists once the
 * simulation is over. And where each state stands in the deposit's four steps. Which states are
 * final (no function at work) the service says (GET /documentation): no copy here.
 */
import { isFinal } from './states.js';

export const ACTIONS = {
  EN_ATTENTE_FICHIER: [],
  SIMULATION_EN_COURS: [],
  FORMAT_INVALIDE: ['retour', 'nouveau'],
  SIMULATION_EN_ERREUR: ['retour', 'nouveau'],
  SIMULATION_VALIDE: ['retour', 'importer'],
  IMPORT_EN_COURS: ['retour'],
  IMPORTE: ['retour', 'pieces', 'terminer'],
  TERMINE: ['retour'],
  ERREUR_TECHNIQUE: ['nouveau'],
};

/**
 * The actions of `record` (an import as the API shows it). An import whose commit failed for a
 * technical reason (erreurTechnique while IMPORT_EN_COURS) may be imported again.
 */
export function actionsOf(record) {
  if (record.statut === 'IMPORT_EN_COURS' && record.erreurTechnique) return ['retour', 'importer'];
  const actions = ACTIONS[record.statut] ?? [];
  // an import that retained no request may still be finished (nothing is expected), but its file wants correcting
  return isEmptyImport(record) ? [...actions, 'nouveau'] : actions;
}

/** The import is over and retained no request (all its lines rejected at import). */
export const isEmptyImport = (record) => ['IMPORTE', 'TERMINE'].includes(record.statut) && record.compteRendu?.nombreLignesImportees === 0;

export const allows = (record, action) => actionsOf(record).includes(action);

/** A function is at work on the import (its state is not final, and no technical error stopped it): the page follows it. */
export const isWorking = (doc, record) => !isFinal(doc, 'imports', record.statut) && !record.erreurTechnique;

/** The steps of a deposit, as the portal names them. */
export const STEPS = ['Simulation', 'Importation', 'Pièces jointes', 'Terminer'];
export const STEP_NUMBERS = ['1.1', '1.2', '2', '3'];

const STEP_OF = {
  EN_ATTENTE_FICHIER: 0, SIMULATION_EN_COURS: 0, FORMAT_INVALIDE: 0, SIMULATION_EN_ERREUR: 0, ERREUR_TECHNIQUE: 0,
  SIMULATION_VALIDE: 1, IMPORT_EN_COURS: 1, IMPORTE: 2, TERMINE: 3,
};

/** The index (0 to 3) of the step the import is at. */
export const stepOf = (record) => STEP_OF[record.statut] ?? 0;
