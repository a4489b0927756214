import type { ImportStatus } from './import-lifecycle.js';
import type { Logiciel, TauxTva, TypeDemande } from './settings.js';

/** An import: one uploaded JSON file and what became of it (SPEC §6). */
export interface ImportRecord {
  identifiant: number;
  siret: string;
  numeroAns: string;
  logiciel: Logiciel;
  typeDemande: TypeDemande;
  tauxTva: TauxTva;
  nomFichier: string;
  statut: ImportStatus;
  /** Creation, ISO 8601 in Paris time. */
  dateDepot: string;
  /** Creation, ISO 8601 UTC: the listing's sort key. */
  creeLe: string;
  /** When the presigned upload expires, ISO 8601 UTC. */
  televersementExpireLe: string;
  dateSimulation?: string;
  /** Where the file as simulated and its return file are kept (documents bucket). */
  cleFichier?: string;
  cleRetour?: string;
  /** SHA-256 (hex) of the file as simulated. */
  sha256?: string;
  tailleFichier?: number;
  nombreDemandes?: number;
  nombreDemandesValides?: number;
  nombreDemandesEnErreur?: number;
  /** The simulation's attempts so far, and who holds it now (idempotent, retried processing). */
  tentativesSimulation?: number;
  traitementPar?: string;
  traitementJusqua?: string;
  /** Set with ERREUR_TECHNIQUE, or on an import whose commit failed for good: what failed, in French. */
  erreurTechnique?: string;
  /** The import's attempts so far, when it started, its end and its account. */
  tentativesImport?: number;
  debutImport?: string;
  /** The dossier numbers of the requests it created, once IMPORTE. */
  dossiers?: string[];
  dateImport?: string;
  compteRendu?: CompteRendu;
  /** When the supplier finished (TERMINE). */
  dateFin?: string;
  /**
   * The permits of the archives being unpacked (SPEC §7: Finish and archives never cross), as
   * import-lifecycle.ts writes them; absent when none is held. Finish needs it absent.
   */
  archivesEnCours?: string[];
}

/** The import's account (SPEC §1, §8). */
export interface CompteRendu {
  nombreLignes: number;
  nombreLignesImportees: number;
  nombreLignesRejetees: number;
  rejets: { numLigne: number; code: string; message: string }[];
}

/** The counts an import shows (SPEC §8): its requests, retained and rejected — the import's once imported, the simulation's before; null until known. */
export function importCounts(record: ImportRecord): { nombreDemandes: number | null; nombreDemandesValides: number | null; nombreDemandesEnErreur: number | null } {
  const cr = record.compteRendu;
  return {
    nombreDemandes: record.nombreDemandes ?? null,
    nombreDemandesValides: cr ? cr.nombreLignesImportees : (record.nombreDemandesValides ?? null),
    nombreDemandesEnErreur: cr ? cr.nombreLignesRejetees : (record.nombreDemandesEnErreur ?? null),
  };
}
