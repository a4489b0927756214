/**
 * web/auth.js in a real browser (Debian's Chromium, driven by playwright-core) against the local
 * stack's OpenID provider: the page starts the sign-in, the supplier signs in on the provider's
 * own form, the page completes it (code + PKCE by oidc-client-ts) and its token opens the API;
 * then it signs out at the provider. The page at the redirect URI is a bare host page for the
 * module (the suppliers' page itself is tested in test/web).
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { recordCspViolations } from '../web/csp-violations.js';
import { startHarness, type Harness } from './harness.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SIRET = '40308070600020';
const WAIT = { timeout: 15_000, interval: 50 };

/**
 * The redirect URI's page: web/auth.js and nothing else, under the page's headers (its CSP: the
 * host's script is a file, as the page's are); what it learns is left on `window` for the test.
 */
const HOST_PAGE = `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>hôte de web/auth.js</title>
<script type="module" src="/hote-auth.js"></script></head><body></body></html>`;
const HOST_SCRIPT = `import * as auth from '/auth.js';
window.auth = auth;
window.signIn = auth.completeSignIn().then((supplier) => ({ supplier }), (error) => ({ error: error.message }));`;

let h: Harness;
let browser: Browser;
let page: Page;
let cspViolations: string[];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is needed for this test (${CHROMIUM}); .ci/run installs Debian's chromium`);
  h = await startHarness();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = await browser.newPage();
  cspViolations = recordCspViolations(page);
  // the page's origin serves the host page at the redirect URI; everything else (auth.js, the
  // library, config.json, the provider) comes from the local stack as it is
  // Playwright routes no request that follows a redirect: the stack's redirects are turned into
  // pages that go on at once, so that the way back to the page is a request this route sees.
  await page.route((url) => url.origin === h.stack.url, async (route) => {
    const path = new URL(route.request().url()).pathname;
    if (path === '/') return route.fulfill({ response: await route.fetch(), body: HOST_PAGE });
    if (path === '/hote-auth.js') return route.fulfill({ response: await route.fetch({ url: `${h.stack.url}/auth.js` }), body: HOST_SCRIPT });
    if (!route.request().isNavigationRequest()) return route.continue();
    const response = await route.fetch({ maxRedirects: 0 });
    const location = response.headers().location;
    if (response.status() < 300 || response.status() > 399 || !location) return route.fulfill({ response });
    const next = new URL(location, route.request().url()).href.replace(/"/g, '&quot;');
    return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: `<meta http-equiv="refresh" content="0;url=${next}">` });
  });
}, 60_000);
// the page and the provider's pages run under the portal's CSP (the local stack sends it): nothing refused
afterEach(() => {
  expect(cspViolations.splice(0), 'refus de la politique de sécurité du contenu (CSP)').toEqual([]);
});
afterAll(async () => {
  await browser?.close();
  await h?.stop();
});

type SignIn = { supplier?: { siret: string; nom: string } | null; error?: string };
/** What the host page leaves on its window (this project's types have no DOM). */
type HostWindow = { auth: Record<string, () => Promise<unknown>>; signIn: Promise<SignIn>; sessionStorage: object; localStorage: object };
const signInResult = () => page.evaluate(() => (globalThis as unknown as HostWindow).signIn);
/** Calls one of auth.js's functions that leave the page (its promise ends with the page: not awaited). */
const leaveBy = (name: 'startSignIn' | 'signOut') =>
  page.evaluate((fn) => {
    void (globalThis as unknown as HostWindow).auth[fn]!();
  }, name);
const currentToken = () => page.evaluate(() => (globalThis as unknown as HostWindow).auth.currentToken!() as Promise<string | null>);

describe('web/auth.js with the local OpenID provider', () => {
  it('signs a supplier in through the provider’s form; the token it keeps opens the API', async () => {
    await page.goto(`${h.stack.url}/`);
    expect(await signInResult()).toEqual({ supplier: null });
    expect(await currentToken()).toBeNull();

    await leaveBy('startSignIn');
    await page.waitForURL(/\/oidc\/interaction\//, WAIT);
    expect(await page.locator('h1').textContent()).toContain('Connexion d’un fournisseur');

    // a wrong password: the form again, with the reason
    await page.selectOption('#siret', SIRET);
    await page.fill('#password', 'mauvais');
    await page.click('#se-connecter');
    await expect.poll(() => page.locator('#erreur-connexion').textContent(), WAIT).toContain('mot de passe incorrect');

    await page.fill('#password', 'demo-segur');
    await page.click('#se-connecter');
    await page.waitForURL((url) => url.origin === h.stack.url && url.pathname === '/', WAIT);
    expect(await signInResult()).toEqual({ supplier: { siret: SIRET, nom: 'Éditions Médicales du Centre (démo)' } });
    expect(page.url()).toBe(`${h.stack.url}/`); // the code and state no longer in the address

    const token = await currentToken();
    expect(token).toEqual(expect.any(String));
    const stored = await page.evaluate(() => {
      const host = globalThis as unknown as HostWindow;
      return { session: Object.keys(host.sessionStorage), local: Object.keys(host.localStorage) };
    });
    expect(stored.session.some((k) => k.startsWith('oidc.user:'))).toBe(true);
    expect(stored.local).toEqual([]);

    const res = await h.call('GET', '/referentiel/solutions', { token: token! });
    expect(res.status).toBe(200);
    expect(JSON.stringify(await res.json())).toContain('MJCDPI0001');
  }, 60_000);

  it('signs out at the provider and comes back to the page without a token', async () => {
    // while the provider's session lasts, signing in again asks for nothing
    const back = page.waitForRequest((request) => new URL(request.url()).searchParams.has('code'), WAIT);
    await leaveBy('startSignIn');
    await back;
    await page.waitForURL((url) => url.origin === h.stack.url && url.pathname === '/', WAIT);
    expect(await signInResult()).toEqual({ supplier: { siret: SIRET, nom: 'Éditions Médicales du Centre (démo)' } });

    await leaveBy('signOut');
    await page.waitForURL(/\/oidc\/session\/end/, WAIT);
    await page.click('#se-deconnecter');
    await page.waitForURL((url) => url.origin === h.stack.url && url.pathname === '/', WAIT);
    expect(await signInResult()).toEqual({ supplier: null });
    expect(await currentToken()).toBeNull();

    // the provider's session is over: a new sign-in asks for the password again
    await leaveBy('startSignIn');
    await page.waitForURL(/\/oidc\/interaction\//, WAIT);
    expect(await page.locator('#password').isVisible()).toBe(true);
  }, 60_000);
});
