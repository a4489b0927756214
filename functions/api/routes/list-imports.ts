import { listImports } from '../../../shared/app/import/queries.js';
import { listingCursor } from '../../../shared/http/cursor.js';
import { callerSiret } from '../../../shared/http/identity.js';
import { readImportsQuery } from '../../../shared/http/listing-query.js';
import { json } from '../../../shared/http/responses.js';
import type { Route } from '../request.js';
import { importView } from '../import-view.js';

/** GET /imports: the caller's imports, newest first, filtered and paged (SPEC §8). */
export const listImportsRoute: Route = async (event, { stores }) => {
  const siret = callerSiret(event);
  const q = event.queryStringParameters ?? {};
  const { filters, limit, after } = readImportsQuery(q);
  const page = await listImports(stores, siret, filters, limit, after);
  return json(200, { elements: page.elements.map(importView), curseur: listingCursor(q, page.next) });
};
