import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { isSiretFormat } from '../domain/identifiers.js';
import { unauthorized } from './errors.js';

/**
 * The signed-in supplier's SIRET, from the claims the JWT authorizer verified: `siret`, or
 * Cognito's custom attribute `custom:siret`.
 */
export function callerSiret(event: APIGatewayProxyEventV2WithJWTAuthorizer): string {
  const claims = event.requestContext.authorizer?.jwt?.claims ?? {};
  const siret = claims.siret ?? claims['custom:siret'];
  if (!isSiretFormat(siret)) throw unauthorized('Le jeton ne porte pas de SIRET de fournisseur valide');
  return siret;
}
