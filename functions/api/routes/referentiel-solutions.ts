import { notFound } from '../../../shared/http/errors.js';
import { callerSiret } from '../../../shared/http/identity.js';
import { json, type ApiResponse } from '../../../shared/http/responses.js';
import { findSupplier } from '../../../shared/store/referentiel-repository.js';
import type { ApiEvent } from '../request.js';

/** GET /referentiel/solutions: the caller's solutions and enrolment status. */
export async function referentielSolutions(event: ApiEvent): Promise<ApiResponse> {
  const siret = callerSiret(event);
  const supplier = await findSupplier(siret);
  if (!supplier) throw notFound(`Le fournisseur ${siret} n'est pas connu du référentiel`);
  return json(200, supplier);
}
