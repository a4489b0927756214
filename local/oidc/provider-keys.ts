/**
 * The local OpenID provider's secrets, kept in the data folder like `jeton-local.json` so that its
 * tokens and sessions survive a restart: its RS256 signing key (a private JWK with its `kid`) and
 * the keys that sign its cookies.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';

const KEY_FILE = 'oidc-local.json';

export interface ProviderKeys {
  signing: JWK;
  cookies: string[];
}

export async function loadOrCreateProviderKeys(dataDir: string): Promise<ProviderKeys> {
  const file = join(dataDir, KEY_FILE);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as ProviderKeys;
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(jwk);
  const keys: ProviderKeys = { signing: { ...jwk, kid, alg: 'RS256', use: 'sig' }, cookies: [randomBytes(32).toString('base64url')] };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify(keys), { mode: 0o600 });
  return keys;
}
