import type { PieceRefusal } from './attachments.js';
import type { ArchiveStatus } from './import-lifecycle.js';

/** One file of an archive and its verdict. */
export interface ArchiveFile {
  nom: string;
  statut: 'ACCEPTE' | 'REFUSE';
  /** null for an accepted file. */
  code?: string | null;
  message?: string | null;
  numeroDossier?: string;
  nomFichier?: string;
}

/** An attachments archive sent for an import. */
export interface ArchiveRecord {
  identifiantImport: number;
  identifiant: number;
  siret: string;
  nomArchive: string;
  statut: ArchiveStatus;
  dateDepot: string;
  creeLe: string;
  code?: PieceRefusal['code'] | 'ERREUR_TECHNIQUE' | 'ETAT_INCOMPATIBLE';
  message?: string;
  fichiers: ArchiveFile[];
  tentatives?: number;
  traitementPar?: string;
  traitementJusqua?: string;
}
