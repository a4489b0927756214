import { isDossierPrefix } from '../../../shared/domain/dossier.js';
import { REQUEST_STATUSES } from '../../../shared/domain/request-record.js';
import { LOGICIELS, TYPES_DEMANDE, type TypeDemande } from '../../../shared/domain/settings.js';
import { listingCursor, readLimit, readListingCursor, rejectUnknownFilters } from '../../../shared/http/cursor.js';
import { badRequest } from '../../../shared/http/errors.js';
import { callerSiret } from '../../../shared/http/identity.js';
import { readDepositDays } from '../../../shared/http/deposit-days.js';
import { json, type ApiResponse } from '../../../shared/http/responses.js';
import { listSupplierRequests, type RequestFilters } from '../../../shared/store/requests-repository.js';
import type { ApiEvent } from '../request.js';
import { requestView } from '../request-view.js';

const FILTERS = ['numero', 'typeDemande', 'statut', 'statutPaiement', 'logiciel', 'deposeDu', 'deposeAu', 'curseur', 'limite'];
const PAYMENT_STATUS = /^[A-Z][A-Z_]{0,39}$/;

/** GET /demandes: the caller's requests, newest first, filtered and paged (SPEC §8). */
export async function listRequestsRoute(event: ApiEvent): Promise<ApiResponse> {
  const siret = callerSiret(event);
  const q = event.queryStringParameters ?? {};
  rejectUnknownFilters(q, FILTERS);
  const filters: RequestFilters = { ...readDepositDays(q) };
  if (q.numero !== undefined) {
    if (!isDossierPrefix(q.numero)) throw badRequest('FILTRE_INVALIDE', `numero doit être un numéro de dossier ou son début (ex. FINHOP0124) ; reçu « ${q.numero} »`);
    filters.numero = q.numero;
  }
  if (q.typeDemande !== undefined) {
    if (!(TYPES_DEMANDE as readonly string[]).includes(q.typeDemande)) throw badRequest('FILTRE_INVALIDE', `typeDemande doit valoir AVANCE ou SOLDE ; reçu « ${q.typeDemande} »`);
    filters.typeDemande = q.typeDemande as TypeDemande;
  }
  if (q.statut !== undefined) {
    if (!(REQUEST_STATUSES as readonly string[]).includes(q.statut)) {
      throw badRequest('FILTRE_INVALIDE', `statut doit valoir ${REQUEST_STATUSES.join(', ')} ; reçu « ${q.statut} »`);
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
  const limit = readLimit(q.limite);
  const after = readListingCursor(q, 'string');
  const page = await listSupplierRequests(siret, filters, limit, after);
  return json(200, { elements: page.elements.map(requestView), curseur: listingCursor(q, page.next) });
}
