import type { ImportRecord } from '../../shared/domain/import-record.js';

/**
 * An import as the API shows it (SPEC §8). Counts are null until the simulation gives them;
 * retained and rejected are the import's once imported, the simulation's before.
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
    nombreDemandes: record.nombreDemandes ?? null,
    nombreDemandesValides: record.nombreDemandesValides ?? null,
    nombreDemandesEnErreur: record.nombreDemandesEnErreur ?? null,
    nombreDemandesRetenues: cr ? cr.nombreLignesImportees : (record.nombreDemandesValides ?? null),
    nombreDemandesRejetees: cr ? cr.nombreLignesRejetees : (record.nombreDemandesEnErreur ?? null),
    compteRendu: cr ? { identifiantFichier: record.identifiant, nomFichier: record.nomFichier, ...cr } : null,
    dateImport: record.dateImport ?? null,
    dateFin: record.dateFin ?? null,
    ...(record.erreurTechnique ? { erreurTechnique: record.erreurTechnique } : {}),
  };
}
