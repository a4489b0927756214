/**
 * The local stack serves the suppliers' page with the portal's security headers (issue 11): the
 * Content-Security-Policy built by the portal's own function (shared/http/page-security.ts) for the
 * local origins, and the other headers CloudFront adds. Every file of the page, the libraries it
 * loads, its configuration and the local OpenID provider's pages carry them; the API does not
 * (API Gateway adds none on AWS). Then, in Chromium, the policy is enforced and a refusal is seen
 * by the browser tests' check (test/web/csp-violations.ts), so that their silence means something.
 */
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DPI_SIRET } from '../fixtures/deposit-files.js';
import { contentSecurityPolicy, PAGE_SECURITY_HEADERS } from '../../shared/http/page-security.js';
import { openPage, startPageFixture, visit, WAIT, type PageFixture } from './page-fixture.js';

const WEB = new URL('../../web/', import.meta.url).pathname;

let f: PageFixture;
beforeAll(async () => {
  f = await startPageFixture();
}, 60_000);
afterAll(() => f?.stop());

/** What the page may reach on the local stack: its own origin (API and provider) and the local S3. */
const expectedPolicy = () => contentSecurityPolicy([f.h.stack.url, new URL(f.h.stack.s3Url).origin], [f.h.stack.url]);

function pageFiles(dir = WEB): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? pageFiles(join(dir, entry.name)) : [`/${relative(WEB, join(dir, entry.name))}`],
  );
}

async function headersOf(path: string, init?: RequestInit): Promise<{ status: number; headers: Headers }> {
  const res = await fetch(`${f.h.stack.url}${path}`, { redirect: 'manual', ...init });
  await res.arrayBuffer();
  return { status: res.status, headers: res.headers };
}

function expectPageHeaders(headers: Headers, where: string): void {
  expect(headers.get('content-security-policy'), where).toBe(expectedPolicy());
  for (const [name, value] of Object.entries(PAGE_SECURITY_HEADERS)) expect(headers.get(name), `${where}: ${name}`).toBe(value);
}

describe('the security headers of the page on the local stack', () => {
  it('the policy is the portal’s, for the local API, the local S3 and the local provider', () => {
    const policy = expectedPolicy();
    expect(policy).toContain(`connect-src 'self' ${f.h.stack.url} ${new URL(f.h.stack.s3Url).origin};`);
    expect(policy).toContain(`form-action 'self' ${f.h.stack.url};`);
    expect(policy).not.toContain('unsafe-');
    expect(PAGE_SECURITY_HEADERS).toEqual({ 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY', 'referrer-policy': 'no-referrer' });
  });

  it('every file of the page, the libraries it loads and its configuration carry it', async () => {
    const files = pageFiles();
    expect(files).toContain('/index.html');
    const paths = ['/', ...files, '/dsfr/dsfr.min.css', '/dsfr/dsfr.module.min.js', '/vendor/oidc-client-ts/oidc-client-ts.min.js', '/config.json', '/local/fournisseurs', '/absent.js'];
    for (const path of paths) {
      const { status, headers } = await headersOf(path);
      expect(status, path).toBe(path === '/absent.js' ? 404 : 200);
      expectPageHeaders(headers, path);
    }
  });

  it('the local provider’s pages carry it: sign-in form, its errors, sign-out', async () => {
    // a supplier signs in over HTTP, the provider's cookies kept from one response to the next
    const jar = new Map<string, string>();
    const go = async (url: string | URL, init: RequestInit = {}) => {
      const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
      const res = await fetch(new URL(url, f.h.stack.url), { ...init, redirect: 'manual', headers: { ...(init.headers as object), cookie } });
      for (const set of res.headers.getSetCookie()) {
        const [pair] = set.split(';');
        jar.set(pair!.slice(0, pair!.indexOf('=')), pair!.slice(pair!.indexOf('=') + 1));
      }
      return { res, body: await res.text() };
    };
    const { issuer, clientId } = f.h.stack.oidc;
    const auth = new URL(`${issuer}/auth`);
    auth.search = new URLSearchParams({
      client_id: clientId,
      response_type: 'code',
      scope: 'openid',
      redirect_uri: `${f.h.stack.url}/`,
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    }).toString();
    const start = await go(auth);
    const interaction = start.res.headers.get('location')!;
    expect(interaction).toMatch(/\/oidc\/interaction\/[\w-]+$/);
    const form = await go(interaction);
    expect(form.body).toContain('id="form-connexion"');
    expectPageHeaders(form.res.headers, 'formulaire de connexion');
    const login = (password: string) =>
      go(`${interaction}/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ siret: DPI_SIRET, password }).toString() });
    const refused = await login('mauvais');
    expect(refused.body).toContain('id="erreur-connexion"');
    expectPageHeaders(refused.res.headers, 'formulaire de connexion, erreur');
    const accepted = await login('demo-segur');
    const back = await go(accepted.res.headers.get('location')!);
    expect(back.res.headers.get('location')).toMatch(/^http:\/\/[^/]+\/\?code=/);

    const logout = await go('/oidc/session/end');
    expect(logout.body).toContain('id="se-deconnecter"');
    expectPageHeaders(logout.res.headers, 'déconnexion');
    const expired = await go('/oidc/interaction/inconnue');
    expect(expired.res.status).toBe(400);
    expectPageHeaders(expired.res.headers, 'interaction inconnue');
  });

  it('the provider’s one page with a script (sign-out without a session, which submits itself) adds that script’s hash, and only that', async () => {
    const res = await fetch(`${f.h.stack.url}/oidc/session/end`);
    const body = await res.text();
    const script = /<script>([\s\S]*?)<\/script>/.exec(body)![1]!;
    const hash = `'sha256-${createHash('sha256').update(script).digest('base64')}'`;
    const directives = (policy: string) => policy.split(';').map((d) => d.trim().split(/\s+/));
    const expected = directives(expectedPolicy()).map(([name, ...values]) => [name!, ...values, ...(name === 'script-src' ? [hash] : [])]);
    expect(directives(res.headers.get('content-security-policy')!)).toEqual(expected);
    for (const [name, value] of Object.entries(PAGE_SECURITY_HEADERS)) expect(res.headers.get(name), name).toBe(value);
  });

  it('the API sends none of them (API Gateway adds none on AWS)', async () => {
    const res = await f.h.call('GET', '/referentiel/solutions');
    expect(res.headers.get('content-security-policy')).toBeNull();
  });

  it('Chromium enforces the policy on the page, and the browser tests see each refusal', async () => {
    const { page, context, cspViolations: seen } = await openPage(f, 1280);
    await visit(f, page, '#/connexion', 'Connexion');
    expect(seen).toEqual([]);
    // what a mistake in the page would do: an inline style, an inline script, a call elsewhere
    await page.evaluate(() => {
      const d = (globalThis as any).document;
      const styled = d.createElement('p');
      styled.setAttribute('style', 'color: red');
      d.body.append(styled);
      const script = d.createElement('script');
      script.textContent = 'globalThis.__enLigne = true';
      d.body.append(script);
      void fetch('http://127.0.0.2:9/ailleurs').catch(() => undefined);
    });
    const refusals = () => seen.join('\n');
    await expect.poll(refusals, WAIT).toMatch(/Connecting to 'http:\/\/127\.0\.0\.2:9\/ailleurs' violates .*connect-src/);
    expect(refusals()).toMatch(/inline style violates .*style-src 'self'/);
    expect(refusals()).toMatch(/inline script violates .*script-src 'self'/);
    expect(await page.evaluate(() => (globalThis as any).__enLigne)).toBeUndefined();
    seen.length = 0; // made on purpose: openPage's check at the end of the test is for the page's own
    await context.close();
  });
});
