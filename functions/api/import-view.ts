import { importCounts, type ImportRecord } from '../../shared/domain/import-record.js';

/**
 * An import as the API shows it (SPEC §8). Counts are null until the simulation gives them;
 * valid (retained) and in error (rejected) are the simulation's, then the import's once imported
 * — the simulation's own stay under `simulation`.
 */
export function importView(record: ImportRecord) {
  const cr = record.compteRendu;
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
    ...importCounts(record),
    simulation: { nombreDemandesValides: record.nombreDemandesValides ?? null, nombreDemandesEnErreur: record.nombreDemandesEnErreur ?? null },
    compteRendu: cr ? { identifiantFichier: record.identifiant, nomFichier: record.nomFichier, ...cr } : null,
    dateImport: record.dateImport ?? null,
    dateFin: record.dateFin ?? null,
    ...(record.erreurTechnique ? { erreurTechnique: record.erreurTechnique } : {}),
  };
}
