/**
 * The local stack's own bearer tokens, for scripts and curl (`segur jeton <siret>`): an RSA key
 * kept in the data folder, never known to a deployed stack (whose API only trusts its Cognito user
 * pool). Signed as an API Gateway JWT authorizer requires (RS256, a `kid` found in the issuer's
 * keys): the local API checks them by the same rules as the local OpenID provider's tokens.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SignJWT, calculateJwkThumbprint, createLocalJWKSet, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import type { TrustedIssuer } from './oidc/trusted-issuer.js';

export const LOCAL_ISSUER = 'segur-local';
export const LOCAL_AUDIENCE = 'segur-depot-local';
const KEY_FILE = 'jeton-local.json';
const ALG = 'RS256';
const LIFETIME = '12h';

interface StoredKey {
  privateJwk: JWK;
  publicJwk: JWK;
}

/** The key of the data folder; one of another kind (an earlier ES256 key) is replaced, its tokens no longer accepted. */
async function loadOrCreateKey(dataDir: string): Promise<StoredKey> {
  const file = join(dataDir, KEY_FILE);
  if (existsSync(file)) {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as StoredKey;
    if (stored.publicJwk.kty === 'RSA' && stored.publicJwk.kid) return stored;
  }
  const { privateKey, publicKey } = await generateKeyPair(ALG, { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  const stored = { privateJwk: { ...(await exportJWK(privateKey)), kid, alg: ALG }, publicJwk: { ...publicJwk, kid, alg: ALG, use: 'sig' } };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify(stored), { mode: 0o600 });
  return stored;
}

/** A token for one supplier, as `segur jeton <siret>` prints it. */
export async function issueLocalToken(dataDir: string, siret: string): Promise<string> {
  const { privateJwk } = await loadOrCreateKey(dataDir);
  const key = await importJWK(privateJwk, ALG);
  return new SignJWT({ siret })
    .setProtectedHeader({ alg: ALG, kid: privateJwk.kid!, typ: 'JWT' })
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_AUDIENCE)
    .setSubject(siret)
    .setIssuedAt()
    .setExpirationTime(LIFETIME)
    .sign(key);
}

/** The `segur jeton` issuer as the local API trusts it: its own issuer, audience and public key. */
export async function localTokenIssuer(dataDir: string): Promise<TrustedIssuer> {
  const { publicJwk } = await loadOrCreateKey(dataDir);
  return { issuer: LOCAL_ISSUER, audiences: [LOCAL_AUDIENCE], keys: createLocalJWKSet({ keys: [publicJwk] }) };
}
