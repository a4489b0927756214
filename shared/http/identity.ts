import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { isSiretFormat } from '../domain/identifiers.js';
import type { InvocationKeys } from '../observability/log-keys.js';
import { unauthorized } from './errors.js';

/** The SIRET the claims the JWT authorizer verified carry: `siret`, or Cognito's custom attribute `custom:siret`. */
function claimedSiret(event: APIGatewayProxyEventV2WithJWTAuthorizer): unknown {
  const claims = event.requestContext?.authorizer?.jwt?.claims ?? {};
  return claims.siret ?? claims['custom:siret'];
}

/** The signed-in supplier's SIRET; 401 when the token carries none. */
export function callerSiret(event: APIGatewayProxyEventV2WithJWTAuthorizer): string {
  const siret = claimedSiret(event);
  if (!isSiretFormat(siret)) throw unauthorized('Le jeton ne porte pas de SIRET de fournisseur valide');
  return siret;
}

/** The import named by the path (`{id}`), when it is a number. */
export function pathImportId(event: APIGatewayProxyEventV2WithJWTAuthorizer): number | undefined {
  const id = event.pathParameters?.id;
  return id !== undefined && /^[0-9]{1,12}$/.test(id) ? Number(id) : undefined;
}

/** The log keys of an API call: the caller's SIRET and the import of the path, as far as they are known. */
export function apiInvocationKeys(event: APIGatewayProxyEventV2WithJWTAuthorizer): InvocationKeys {
  const siret = claimedSiret(event);
  const identifiant = pathImportId(event);
  return { ...(isSiretFormat(siret) ? { siret } : {}), ...(identifiant !== undefined ? { identifiant } : {}) };
}
