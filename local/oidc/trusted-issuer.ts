/**
 * An issuer the local API trusts, as an API Gateway JWT authorizer is configured: the issuer URL
 * (`iss`), the audiences (`aud`, or `client_id` when the token has no `aud`) and where its public
 * keys come from (the issuer's JWKS).
 */
import type { JWTVerifyGetKey } from 'jose';

export interface TrustedIssuer {
  issuer: string;
  audiences: string[];
  keys: JWTVerifyGetKey;
}
