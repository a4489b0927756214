import type { DemandeRecord, DemandeStatus } from '../domain/demande-record.js';
import type { TypeDemande } from '../domain/settings.js';
import type { Page, PagePosition } from './page.js';

export interface DemandeFilters {
  /** A dossier number or its beginning. */
  numero?: string;
  typeDemande?: TypeDemande;
  statut?: string;
  statutPaiement?: string;
  /** DPI_V2 or PFI_V2. */
  logiciel?: string;
  from?: Date;
  to?: Date;
}

/** The requests ("demandes", table `Demandes`). */
export interface DemandeStore {
  /** Creates each request only if absent: a replay never writes over one that has moved on. */
  createMany(records: readonly DemandeRecord[]): Promise<void>;
  get(numeroDossier: string): Promise<DemandeRecord | undefined>;
  /** Strongly consistent reads by dossier number (an index lags right after an import), sorted by numLigne. */
  getMany(numerosDossier: readonly string[]): Promise<DemandeRecord[]>;
  /** Moves a request from one status to another; false when it was not in `from`. */
  move(numeroDossier: string, from: DemandeStatus, to: DemandeStatus): Promise<boolean>;
  /** A supplier's requests, newest first. */
  list(siret: string, filters: DemandeFilters, limit: number, after?: PagePosition): Promise<Page<DemandeRecord>>;
  /** An import's requests through the index (eventually consistent): for tests and operators. */
  listByImport(identifiantImport: number): Promise<DemandeRecord[]>;
}
