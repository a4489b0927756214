/**
 * What a supplier may do with an import in each state (SPEC §6): only SIMULATION_VALIDE can be
 * imported; only IMPORTE takes attachments and can be finished; the return file exists once the
 * simulation is over. And where each state stands in the deposit's four steps.
 */
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

/** A function is at work on the import: the page follows it. */
export const IN_PROGRESS = ['EN_ATTENTE_FICHIER', 'SIMULATION_EN_COURS', 'IMPORT_EN_COURS'];

/**
 * The actions of `record` (an import as the API shows it). An import whose commit failed for a
 * technical reason (erreurTechnique while IMPORT_EN_COURS) may be imported again.
 */
export function actionsOf(record) {
  if (record.statut === 'IMPORT_EN_COURS' && record.erreurTechnique) return ['retour', 'importer'];
  return ACTIONS[record.statut] ?? [];
}

export const allows = (record, action) => actionsOf(record).includes(action);

export const isWorking = (record) => IN_PROGRESS.includes(record.statut) && !record.erreurTechnique;

/** The steps of a deposit, as the portal names them. */
export const STEPS = ['Simulation', 'Importation', 'Pièces jointes', 'Terminer'];
export const STEP_NUMBERS = ['1.1', '1.2', '2', '3'];

const STEP_OF = {
  EN_ATTENTE_FICHIER: 0, SIMULATION_EN_COURS: 0, FORMAT_INVALIDE: 0, SIMULATION_EN_ERREUR: 0, ERREUR_TECHNIQUE: 0,
  SIMULATION_VALIDE: 1, IMPORT_EN_COURS: 1, IMPORTE: 2, TERMINE: 3,
};

/** The index (0 to 3) of the step the import is at. */
export const stepOf = (record) => STEP_OF[record.statut] ?? 0;
