/**
 * The checks of an API Gateway (HTTP API) JWT authorizer, for the local API: an RSA signature by a
 * key of the issuer's JWKS named by the token's `kid`; `iss` one of the trusted issuers; `aud`
 * one of that issuer's audiences, or, only when the token has no `aud`, `client_id`; `exp` after
 * now, `nbf` and `iat` before now. Any failure rejects the token (the adapter answers 401).
 */
import { decodeJwt, decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose';
import type { TrustedIssuer } from './trusted-issuer.js';

/** API Gateway only supports RSA-based algorithms. */
const RSA_ALGORITHMS = ['RS256', 'RS384', 'RS512'];

export function createJwtAuthorizer(trusted: TrustedIssuer[], now: () => number = Date.now): (token: string) => Promise<JWTPayload> {
  const byIssuer = new Map(trusted.map((t) => [t.issuer, t]));
  return async (token) => {
    const header = decodeProtectedHeader(token);
    if (!header.kid) throw new Error('token without kid');
    const issuer = byIssuer.get(String(decodeJwt(token).iss));
    if (!issuer) throw new Error('untrusted issuer');
    const currentDate = new Date(now());
    const { payload } = await jwtVerify(token, issuer.keys, {
      issuer: issuer.issuer,
      algorithms: RSA_ALGORITHMS,
      requiredClaims: ['exp'],
      currentDate,
    });
    const audiences = payload.aud === undefined ? [payload.client_id] : [payload.aud].flat();
    if (!audiences.some((a) => typeof a === 'string' && issuer.audiences.includes(a))) throw new Error('wrong audience');
    if (typeof payload.iat === 'number' && payload.iat * 1000 > currentDate.getTime()) throw new Error('issued in the future');
    return payload;
  };
}
