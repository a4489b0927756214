import { parisDate, parisTimestamp } from '../../domain/dates.js';
import type { ImportRecord } from '../../domain/import-record.js';
import { standingOf, type Fournisseur } from '../../domain/referentiel.js';
import type { SimulationSettings } from '../../domain/settings.js';

/** The settings an import's file is judged with, at simulation and again at import: its own choices, the supplier as stored, now. */
export function importSettings(record: ImportRecord, supplier: Fournisseur | undefined, now: Date): SimulationSettings {
  return {
    numeroAns: record.numeroAns,
    logiciel: record.logiciel,
    typeDemande: record.typeDemande,
    tauxTva: record.tauxTva,
    siret: record.siret,
    fournisseur: standingOf(supplier),
    today: parisDate(now),
    dateSimulation: parisTimestamp(now),
    identifiantFichier: record.identifiant,
    nomFichier: record.nomFichier,
  };
}
