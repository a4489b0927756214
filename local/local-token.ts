/**
 * The local stack's own bearer tokens: an ES256 key kept in the data folder, never known to a
 * deployed stack (whose API only trusts its Cognito user pool).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SignJWT, exportJWK, generateKeyPair, importJWK, jwtVerify, type JWTPayload, type JWK } from 'jose';

export const LOCAL_ISSUER = 'segur-local';
export const LOCAL_AUDIENCE = 'segur-depot-local';
const KEY_FILE = 'jeton-local.json';
const LIFETIME = '12h';

interface StoredKey {
  privateJwk: JWK;
  publicJwk: JWK;
}

async function loadOrCreateKey(dataDir: string): Promise<StoredKey> {
  const file = join(dataDir, KEY_FILE);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as StoredKey;
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const stored = { privateJwk: await exportJWK(privateKey), publicJwk: await exportJWK(publicKey) };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify(stored), { mode: 0o600 });
  return stored;
}

/** A token for one supplier, as `segur jeton <siret>` prints it. */
export async function issueLocalToken(dataDir: string, siret: string): Promise<string> {
  const { privateJwk } = await loadOrCreateKey(dataDir);
  const key = await importJWK(privateJwk, 'ES256');
  return new SignJWT({ siret })
    .setProtectedHeader({ alg: 'ES256' })
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_AUDIENCE)
    .setSubject(siret)
    .setIssuedAt()
    .setExpirationTime(LIFETIME)
    .sign(key);
}

/** Verifies a token as the API's JWT authorizer would: signature, issuer, audience, expiry. */
export async function localTokenVerifier(dataDir: string): Promise<(token: string) => Promise<JWTPayload>> {
  const { publicJwk } = await loadOrCreateKey(dataDir);
  const key = await importJWK(publicJwk, 'ES256');
  return async (token) => (await jwtVerify(token, key, { issuer: LOCAL_ISSUER, audience: LOCAL_AUDIENCE, algorithms: ['ES256'] })).payload;
}
