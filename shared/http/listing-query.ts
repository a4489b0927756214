import { isDossierPrefix } from '../domain/dossier.js';
import { isNumeroAnsFormat } from '../domain/identifiers.js';
import { DEMANDE_STATUSES } from '../domain/demande-record.js';
import { LOGICIELS, TYPES_DEMANDE, type TypeDemande } from '../domain/settings.js';
import type { DemandeFilters } from '../ports/demande-store.js';
import type { ImportFilters } from '../ports/import-store.js';
import type { PagePosition } from '../ports/page.js';
import { readLimit, readListingCursor, rejectUnknownFilters } from './cursor.js';
import { readDepositDays } from './deposit-days.js';
import { badRequest } from './errors.js';

type Query = Record<string, string | undefined>;

/** A list's query read: its filters, the page size and where the page starts. 400 FILTRE_INVALIDE on any bad value. */
export interface ListingQuery<F> {
  filters: F;
  limit: number;
  after: PagePosition | undefined;
}

const PAGING = ['curseur', 'limite'];
const IMPORT_FILTERS = ['numeroAns', 'typeDemande', 'deposeDu', 'deposeAu'];
const DEMANDE_FILTERS = ['numero', 'typeDemande', 'statut', 'statutPaiement', 'logiciel', 'deposeDu', 'deposeAu'];
const PAYMENT_STATUS = /^[A-Z][A-Z_]{0,39}$/;

/** `GET /imports`'s query (SPEC §8). */
export function readImportsQuery(q: Query): ListingQuery<ImportFilters> {
  rejectUnknownFilters(q, [...IMPORT_FILTERS, ...PAGING]);
  return { filters: importFilters(q), limit: readLimit(q.limite), after: readListingCursor(q, 'number') };
}

/** `GET /exports/imports`'s query: the filters of `GET /imports`, no paging (every import is exported). */
export function readImportsExportQuery(q: Query): ImportFilters {
  rejectUnknownFilters(q, IMPORT_FILTERS);
  return importFilters(q);
}

/** `GET /demandes`'s query (SPEC §8). */
export function readDemandesQuery(q: Query): ListingQuery<DemandeFilters> {
  rejectUnknownFilters(q, [...DEMANDE_FILTERS, ...PAGING]);
  return { filters: demandeFilters(q), limit: readLimit(q.limite), after: readListingCursor(q, 'string') };
}

/** `GET /exports/demandes`'s query: the filters of `GET /demandes`, no paging (every request is exported). */
export function readDemandesExportQuery(q: Query): DemandeFilters {
  rejectUnknownFilters(q, DEMANDE_FILTERS);
  return demandeFilters(q);
}

function importFilters(q: Query): ImportFilters {
  const filters: ImportFilters = { ...readDepositDays(q) };
  if (q.numeroAns !== undefined) {
    if (!isNumeroAnsFormat(q.numeroAns)) throw badRequest('FILTRE_INVALIDE', `numeroAns doit compter 10 caractères parmi A-Z, a-z et 0-9 ; reçu « ${q.numeroAns} »`);
    filters.numeroAns = q.numeroAns;
  }
  if (q.typeDemande !== undefined) filters.typeDemande = readTypeDemande(q.typeDemande);
  return filters;
}

function demandeFilters(q: Query): DemandeFilters {
  const filters: DemandeFilters = { ...readDepositDays(q) };
  if (q.numero !== undefined) {
    if (!isDossierPrefix(q.numero)) throw badRequest('FILTRE_INVALIDE', `numero doit être un numéro de dossier ou son début (ex. FINHOP0124) ; reçu « ${q.numero} »`);
    filters.numero = q.numero;
  }
  if (q.typeDemande !== undefined) filters.typeDemande = readTypeDemande(q.typeDemande);
  if (q.statut !== undefined) {
    if (!(DEMANDE_STATUSES as readonly string[]).includes(q.statut)) {
      throw badRequest('FILTRE_INVALIDE', `statut doit valoir ${DEMANDE_STATUSES.join(', ')} ; reçu « ${q.statut} »`);
    }
    filters.statut = q.statut;
  }
  if (q.statutPaiement !== undefined) {
    if (!PAYMENT_STATUS.test(q.statutPaiement)) throw badRequest('FILTRE_INVALIDE', `statutPaiement doit être un statut en majuscules (ex. AUCUN_PAIEMENT_EN_COURS) ; reçu « ${q.statutPaiement} »`);
    filters.statutPaiement = q.statutPaiement;
  }
  if (q.logiciel !== undefined) {
    const logiciel = q.logiciel.replace(/_V2$/, '');
    if (!(LOGICIELS as readonly string[]).includes(logiciel)) throw badRequest('FILTRE_INVALIDE', `logiciel doit valoir DPI, PFI, DPI_V2 ou PFI_V2 ; reçu « ${q.logiciel} »`);
    filters.logiciel = `${logiciel}_V2`;
  }
  return filters;
}

function readTypeDemande(text: string): TypeDemande {
  if (!(TYPES_DEMANDE as readonly string[]).includes(text)) throw badRequest('FILTRE_INVALIDE', `typeDemande doit valoir AVANCE ou SOLDE ; reçu « ${text} »`);
  return text as TypeDemande;
}
