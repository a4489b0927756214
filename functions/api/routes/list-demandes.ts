import { listDemandes } from '../../../shared/app/demandes/queries.js';
import { listingCursor } from '../../../shared/http/cursor.js';
import { callerSiret } from '../../../shared/http/identity.js';
import { readDemandesQuery } from '../../../shared/http/listing-query.js';
import { json } from '../../../shared/http/responses.js';
import type { Route } from '../request.js';
import { demandeView } from '../demande-view.js';

/** GET /demandes: the caller's requests, newest first, filtered and paged (SPEC §8). */
export const listDemandesRoute: Route = async (event, { stores }) => {
  const siret = callerSiret(event);
  const q = event.queryStringParameters ?? {};
  const { filters, limit, after } = readDemandesQuery(q);
  const page = await listDemandes(stores, siret, filters, limit, after);
  return json(200, { elements: page.elements.map(demandeView), curseur: listingCursor(q, page.next) });
};
