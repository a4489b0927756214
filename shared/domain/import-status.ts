import type { SimulationStatus } from './return-file.js';

/** The states of an import (SPEC §6), and one more for a simulation that failed for technical reasons. */
export const IMPORT_STATUSES = [
  'EN_ATTENTE_FICHIER',
  'SIMULATION_EN_COURS',
  'FORMAT_INVALIDE',
  'SIMULATION_EN_ERREUR',
  'SIMULATION_VALIDE',
  'IMPORT_EN_COURS',
  'IMPORTE',
  'TERMINE',
  /** Not in SPEC §6: the simulation failed three times for a technical reason; the supplier deposits again. */
  'ERREUR_TECHNIQUE',
] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

const AFTER_SIMULATION: Record<SimulationStatus, ImportStatus> = {
  VALIDE: 'SIMULATION_VALIDE',
  EN_ERREUR: 'SIMULATION_EN_ERREUR',
  FORMAT_INVALIDE: 'FORMAT_INVALIDE',
};

/** The import's state once the return file says `statut`. */
export function statusAfterSimulation(statut: SimulationStatus): ImportStatus {
  return AFTER_SIMULATION[statut];
}
