import { isNumeroAnsFormat } from '../../../shared/domain/identifiers.js';
import { TYPES_DEMANDE, type TypeDemande } from '../../../shared/domain/settings.js';
import { listingCursor, readLimit, readListingCursor, rejectUnknownFilters } from '../../../shared/http/cursor.js';
import { badRequest } from '../../../shared/http/errors.js';
import { callerSiret } from '../../../shared/http/identity.js';
import { readDepositDays } from '../../../shared/http/deposit-days.js';
import { json, type ApiResponse } from '../../../shared/http/responses.js';
import { listSupplierImports, type ImportFilters } from '../../../shared/store/imports-repository.js';
import type { ApiEvent } from '../request.js';
import { importView } from '../import-view.js';

const FILTERS = ['numeroAns', 'typeDemande', 'deposeDu', 'deposeAu', 'curseur', 'limite'];

/** GET /imports: the caller's imports, newest first, filtered and paged (SPEC §8). */
export async function listImportsRoute(event: ApiEvent): Promise<ApiResponse> {
  const siret = callerSiret(event);
  const q = event.queryStringParameters ?? {};
  rejectUnknownFilters(q, FILTERS);
  const filters: ImportFilters = { ...readDepositDays(q) };
  if (q.numeroAns !== undefined) {
    if (!isNumeroAnsFormat(q.numeroAns)) throw badRequest('FILTRE_INVALIDE', `numeroAns doit compter 10 caractères parmi A-Z, a-z et 0-9 ; reçu « ${q.numeroAns} »`);
    filters.numeroAns = q.numeroAns;
  }
  if (q.typeDemande !== undefined) {
    if (!(TYPES_DEMANDE as readonly string[]).includes(q.typeDemande)) {
      throw badRequest('FILTRE_INVALIDE', `typeDemande doit valoir AVANCE ou SOLDE ; reçu « ${q.typeDemande} »`);
    }
    filters.typeDemande = q.typeDemande as TypeDemande;
  }
  const limit = readLimit(q.limite);
  const after = readListingCursor(q, 'number');

  const page = await listSupplierImports(siret, filters, limit, after);
  return json(200, { elements: page.elements.map(importView), curseur: listingCursor(q, page.next) });
}
