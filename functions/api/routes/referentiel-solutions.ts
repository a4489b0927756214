import { supplierSolutions } from '../../../shared/app/referentiel/referentiel.js';
import { notFound } from '../../../shared/http/errors.js';
import { callerSiret } from '../../../shared/http/identity.js';
import { json } from '../../../shared/http/responses.js';
import type { Route } from '../request.js';

/** GET /referentiel/solutions: the caller's solutions and enrolment status. */
export const referentielSolutions: Route = async (event, { stores }) => {
  const siret = callerSiret(event);
  const supplier = await supplierSolutions(stores, siret);
  if (!supplier) throw notFound(`Le fournisseur ${siret} n'est pas connu du référentiel`);
  return json(200, supplier);
};
