/**
 * The local OpenID provider and the local API's token check, over HTTP: discovery and keys, the
 * whole authorization code + PKCE flow through the provider's own sign-in form, and the checks an
 * API Gateway JWT authorizer makes (signature, issuer, audience, expiry) on what reaches the API.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SignJWT, generateKeyPair, importJWK, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.js';

const SIRET = '40308070600020';
const PASSWORD = 'demo-segur';

let h: Harness;
let issuer: string;
let clientId: string;
let redirectUri: string;

beforeAll(async () => {
  h = await startHarness();
  ({ issuer, clientId } = h.stack.oidc);
  redirectUri = `${h.stack.url}/`;
}, 60_000);
afterAll(async () => {
  await h?.stop();
});

/** The cookies a browser would keep for the stack's origin (paths ignored: sending more is harmless here). */
class CookieJar {
  private cookies = new Map<string, string>();
  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as object), cookie: this.header() } });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
    return res;
  }
  private header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

const base64url = (bytes: Buffer) => bytes.toString('base64url');

function pkce() {
  const verifier = base64url(randomBytes(32));
  return { verifier, challenge: base64url(createHash('sha256').update(verifier).digest()) };
}

function authorizeUrl(params: Record<string, string>): string {
  const url = new URL(`${issuer}/auth`);
  const defaults = { client_id: clientId, redirect_uri: redirectUri, response_type: 'code', scope: 'openid profile', state: 'etat-1', nonce: 'n-1' };
  for (const [k, v] of Object.entries({ ...defaults, ...params })) url.searchParams.set(k, v);
  return url.href;
}

function absolute(location: string | null): string {
  return new URL(location ?? '', h.stack.url).href;
}

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

/** Authorization request, sign-in form, code: what the browser does, up to the redirect back to the page. */
async function signInForCode(jar: CookieJar, challenge: string, password = PASSWORD): Promise<{ code: URL; loginStatus: number }> {
  const auth = await jar.fetch(authorizeUrl({ code_challenge: challenge, code_challenge_method: 'S256' }));
  expect(auth.status).toBe(303);
  const interaction = absolute(auth.headers.get('location'));
  expect(interaction).toMatch(/\/oidc\/interaction\//);
  const page = await jar.fetch(interaction);
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain('Fournisseur de démonstration');
  expect(html).toContain(`value="${SIRET}"`);

  const login = await jar.fetch(`${interaction}/login`, form({ siret: SIRET, password }));
  if (login.status !== 303) return { code: new URL(interaction), loginStatus: login.status };
  let next = absolute(login.headers.get('location'));
  while (!next.startsWith(redirectUri) || next.includes('/oidc/')) {
    const res = await jar.fetch(next);
    expect(res.status).toBe(303);
    next = absolute(res.headers.get('location'));
  }
  return { code: new URL(next), loginStatus: login.status };
}

async function exchange(code: string, verifier: string): Promise<Response> {
  return fetch(`${issuer}/token`, form({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: clientId, code_verifier: verifier }));
}

function solutions(token: string): Promise<Response> {
  return h.call('GET', '/referentiel/solutions', { token });
}

/** The provider's own signing key, read from the data folder: to make tokens that differ from its own by one claim only. */
async function providerKey(): Promise<{ key: CryptoKey; kid: string }> {
  const { signing } = JSON.parse(readFileSync(join(h.stack.dataDir, 'oidc-local.json'), 'utf8')) as { signing: JWK };
  return { key: (await importJWK(signing, 'RS256')) as CryptoKey, kid: signing.kid! };
}

async function idToken(claims: JWTPayload, options: { key?: CryptoKey; kid?: string; alg?: string } = {}): Promise<string> {
  const own = await providerKey();
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ siret: SIRET, iss: issuer, aud: clientId, sub: SIRET, iat: now, exp: now + 600, ...claims })
    .setProtectedHeader({ alg: options.alg ?? 'RS256', ...(options.kid !== '' ? { kid: options.kid ?? own.kid } : {}) })
    .sign(options.key ?? own.key);
}

describe('the local OpenID provider', () => {
  it('publishes its discovery document: code flow only, PKCE S256, its keys', async () => {
    const res = await fetch(`${issuer}/.well-known/openid-configuration`);
    expect(res.status).toBe(200);
    const discovery = (await res.json()) as Record<string, unknown>;
    expect(discovery.issuer).toBe(issuer);
    expect(discovery.issuer).toBe(`${h.stack.url}/oidc`);
    expect(discovery.response_types_supported).toEqual(['code']);
    expect(discovery.code_challenge_methods_supported).toEqual(['S256']);
    expect(discovery.authorization_endpoint).toBe(`${issuer}/auth`);
    expect(discovery.token_endpoint).toBe(`${issuer}/token`);
    expect(discovery.end_session_endpoint).toBe(`${issuer}/session/end`);
    expect(discovery.jwks_uri).toBe(`${issuer}/jwks`);
    expect(discovery.claims_supported).toContain('siret');

    const jwks = (await (await fetch(String(discovery.jwks_uri))).json()) as { keys: JWK[] };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: (await providerKey()).kid });
    expect(jwks.keys[0]).not.toHaveProperty('d'); // public parts only
  });

  it('gives the page its configuration: the API and the provider', async () => {
    const res = await fetch(`${h.stack.url}/config.json`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      apiUrl: h.stack.apiUrl,
      local: true,
      oidc: { authority: issuer, clientId, redirectUri, postLogoutRedirectUri: redirectUri, scope: 'openid profile' },
    });
    expect((await fetch(`${h.stack.url}/vendor/oidc-client-ts/oidc-client-ts.min.js`)).status).toBe(200);
  });

  it('signs a demo supplier in with code + PKCE; its ID token opens the API to its own data', async () => {
    const jar = new CookieJar();
    const { verifier, challenge } = pkce();
    const { code } = await signInForCode(jar, challenge);
    expect(code.origin + code.pathname).toBe(redirectUri);
    expect(code.searchParams.get('state')).toBe('etat-1');
    expect(code.searchParams.get('iss')).toBe(issuer);

    const res = await exchange(code.searchParams.get('code')!, verifier);
    expect(res.status).toBe(200);
    const tokens = (await res.json()) as { id_token: string; access_token: string; token_type: string };
    expect(tokens.token_type).toBe('Bearer');
    const claims = JSON.parse(Buffer.from(tokens.id_token.split('.')[1]!, 'base64url').toString()) as JWTPayload;
    expect(claims).toMatchObject({ iss: issuer, aud: clientId, sub: SIRET, siret: SIRET, nonce: 'n-1' });

    const api = await solutions(tokens.id_token);
    expect(api.status).toBe(200);
    const body = JSON.stringify(await api.json());
    expect(body).toContain('MJCDPI0001');
    expect(body).not.toContain('CJMPFI0001'); // another supplier's solution
    // the access token is opaque here (no audience for an API): it is not what the page sends
    expect((await solutions(tokens.access_token)).status).toBe(401);
  });

  it('refuses a wrong password, and a code without its PKCE verifier', async () => {
    const { challenge, verifier } = pkce();
    const refused = await signInForCode(new CookieJar(), challenge, 'mauvais');
    expect(refused.loginStatus).toBe(401);

    const { code } = await signInForCode(new CookieJar(), challenge);
    const stolen = await exchange(code.searchParams.get('code')!, pkce().verifier);
    expect(stolen.status).toBe(400);
    expect(await stolen.json()).toMatchObject({ error: 'invalid_grant' });
    // the right verifier redeems it, once
    expect((await exchange(code.searchParams.get('code')!, verifier)).status).toBe(200);
    const replay = await exchange(code.searchParams.get('code')!, verifier);
    expect(replay.status).toBe(400);
    expect(await replay.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('requires PKCE with S256 and allows no implicit flow', async () => {
    const errorOf = async (params: Record<string, string>) => {
      const res = await fetch(authorizeUrl(params), { redirect: 'manual' });
      expect(res.status).toBe(303);
      const back = new URL(absolute(res.headers.get('location')));
      expect(back.origin + back.pathname).toBe(redirectUri);
      return new URLSearchParams(back.hash.slice(1) || back.search).get('error'); // an implicit request is answered in the fragment
    };
    expect(await errorOf({})).toBe('invalid_request'); // no code_challenge
    expect(await errorOf({ code_challenge: pkce().challenge, code_challenge_method: 'plain' })).toBe('invalid_request');
    expect(await errorOf({ response_type: 'id_token', code_challenge: pkce().challenge, code_challenge_method: 'S256' })).toBe('unsupported_response_type');
  });
});

describe('the local API checks tokens as the API Gateway JWT authorizer does', () => {
  it('accepts a token signed with the provider key and refuses one signed with another key', async () => {
    expect((await solutions(await idToken({}))).status).toBe(200);
    const { privateKey } = await generateKeyPair('RS256');
    expect((await solutions(await idToken({}, { key: privateKey }))).status).toBe(401);
  });

  it('refuses an expired token, a wrong audience, a wrong issuer, a token issued in the future', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect((await solutions(await idToken({ iat: now - 7200, exp: now - 60 }))).status).toBe(401);
    expect((await solutions(await idToken({ aud: 'un-autre-client' }))).status).toBe(401);
    expect((await solutions(await idToken({ iss: 'http://127.0.0.1:1/oidc' }))).status).toBe(401);
    expect((await solutions(await idToken({ iss: 'segur-local' }))).status).toBe(401); // the provider's key is not segur jeton's
    expect((await solutions(await idToken({ nbf: now + 600 }))).status).toBe(401);
    expect((await solutions(await idToken({ iat: now + 600 }))).status).toBe(401);
  });

  it('takes client_id as audience only when the token has no aud, as API Gateway does', async () => {
    expect((await solutions(await idToken({ aud: undefined, client_id: clientId }))).status).toBe(200);
    expect((await solutions(await idToken({ aud: 'autre', client_id: clientId }))).status).toBe(401);
  });

  it('refuses a token without kid, or not signed with RSA', async () => {
    expect((await solutions(await idToken({}, { kid: '' }))).status).toBe(401);
    const ec = await generateKeyPair('ES256', { extractable: true });
    const token = await idToken({}, { key: ec.privateKey, alg: 'ES256', kid: 'ec' });
    expect((await solutions(token)).status).toBe(401);
  });

  it('still accepts segur jeton tokens, for scripts and curl', async () => {
    const res = await solutions(await h.token(SIRET));
    expect(res.status).toBe(200);
    expect(JSON.stringify(await res.json())).toContain('MJCDPI0001');
  });
});
