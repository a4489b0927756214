import { findSupplierDemande } from '../../../shared/app/demandes/queries.js';
import { notFound } from '../../../shared/http/errors.js';
import { callerSiret } from '../../../shared/http/identity.js';
import { json } from '../../../shared/http/responses.js';
import type { Route } from '../request.js';
import { demandeView } from '../demande-view.js';

/** GET /demandes/{numeroDossier}: one of the caller's requests; 404 alike for unknown and another supplier's. */
export const getDemandeRoute: Route = async (event, { stores }) => {
  const numero = event.pathParameters?.numeroDossier ?? '';
  const record = await findSupplierDemande(stores, callerSiret(event), numero);
  if (!record) throw notFound(`Demande ${numero} introuvable`);
  return json(200, demandeView(record));
};
