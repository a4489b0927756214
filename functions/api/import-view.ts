import type { ImportRecord } from '../../shared/domain/import-record.js';

/** An import as the API shows it (SPEC §8). Counts are null until the simulation gives them. */
export function importView(record: ImportRecord) {
  return {
    identifiant: record.identifiant,
    statut: record.statut,
    numeroAns: record.numeroAns,
    logiciel: record.logiciel,
    typeDemande: record.typeDemande,
    tauxTva: record.tauxTva,
    nomFichier: record.nomFichier,
    dateDepot: record.dateDepot,
    dateSimulation: record.dateSimulation ?? null,
    nombreDemandes: record.nombreDemandes ?? null,
    nombreDemandesValides: record.nombreDemandesValides ?? null,
    nombreDemandesEnErreur: record.nombreDemandesEnErreur ?? null,
    compteRendu: null,
    ...(record.erreurTechnique ? { erreurTechnique: record.erreurTechnique } : {}),
  };
}
