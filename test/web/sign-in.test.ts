/**
 * Signing in to the suppliers' page with OpenID Connect, in a real browser at 1280 px against the
 * local stack: "Se connecter" leads to the local provider's form (a wrong password first, then the
 * right one), the supplier comes back signed in and completes a deposit, downloads a file too large
 * for a function's response (through its short-lived link), then signs out at the provider. Tokens
 * the API refuses (forged, expired) are refused by the page too, in French; a 401 while signed in
 * ends the session and offers to sign in again. axe-core on the page's and the provider's screens.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateKeyPair, importJWK, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesOf, DPI_SIRET, validFile, validFiness } from '../fixtures/deposit-files.js';
import { buildZip, fakePdf } from '../fixtures/zip-builder.js';
import { simulateThroughService } from '../integration/harness.js';
import { expectAccessible, expectGoodScreen, openPage, startPageFixture, visit, WAIT, writeFile, type PageFixture } from './page-fixture.js';

const PASSWORD = 'demo-segur';
/** A file padded with spaces past 4 MB: the API gives it through a short-lived link. */
const LARGE = Buffer.concat([bytesOf(validFile(1)), Buffer.alloc(4.5 * 1024 * 1024, 0x20)]);

let f: PageFixture;
let largeImport: number;
beforeAll(async () => {
  f = await startPageFixture();
  const { id } = await simulateThroughService(f.h, await f.h.token(DPI_SIRET), 'MJCDPI0001', LARGE, { nomFichier: 'gros lot.json' });
  largeImport = id;
}, 60_000);
afterAll(() => f?.stop());

async function text(page: Page, selector: string): Promise<string | null> {
  const node = page.locator(selector).first();
  return (await node.count()) > 0 ? node.textContent() : null;
}
const heading = (page: Page) => text(page, 'h1');
const state = (page: Page) => page.locator('#statut').getAttribute('data-etat');
async function waitForState(page: Page, expected: string): Promise<void> {
  await expect.poll(async () => ((await page.locator('#resume').count()) > 0 ? state(page) : null), WAIT).toBe(expected);
}
const atPage = (url: URL) => url.origin === f.h.stack.url && url.pathname === '/';

/** An ID token as the local provider makes them, with `claims` changed; signed with its own key unless `key` is given. */
async function idToken(claims: JWTPayload, key?: CryptoKey): Promise<string> {
  const { signing } = JSON.parse(readFileSync(join(f.h.stack.dataDir, 'oidc-local.json'), 'utf8')) as { signing: JWK };
  const now = Math.floor(Date.now() / 1000);
  const { issuer, clientId } = f.h.stack.oidc;
  return new SignJWT({ siret: DPI_SIRET, sub: DPI_SIRET, iss: issuer, aud: clientId, iat: now, exp: now + 600, ...claims })
    .setProtectedHeader({ alg: 'RS256', kid: signing.kid! })
    .sign(key ?? ((await importJWK(signing, 'RS256')) as CryptoKey));
}

describe('signing in with OpenID Connect at 1280 px', () => {
  it('signs in through the local provider, completes a deposit, downloads a large file, signs out at the provider', async () => {
    const { page, context, errors } = await openPage(f, 1280);
    await visit(f, page, '#/connexion', 'Connexion');
    expect(await page.locator('#bouton-connexion').textContent()).toBe('Se connecter');
    expect(await page.locator('#jeton').isVisible()).toBe(false); // the local stack's other ways, folded away
    await expectGoodScreen(page, 'connexion');
    await page.click('#autres-connexions-bouton');
    await expect.poll(() => page.locator('#jeton').isVisible(), WAIT).toBe(true);
    // axe measures colours: once the accordion's opening transition is over
    await page.locator('#autres-connexions').evaluate((node: any) => Promise.all(node.getAnimations({ subtree: true }).map((a: any) => a.finished)));
    await expectAccessible(page, 'connexion, autres moyens ouverts');

    // the provider's form: a wrong password, then the right one
    await page.click('#bouton-connexion');
    await page.waitForURL(/\/oidc\/interaction\//, WAIT);
    await expectAccessible(page, 'formulaire du fournisseur d’identité');
    await page.selectOption('#siret', DPI_SIRET);
    await page.fill('#password', 'mauvais');
    await page.click('#se-connecter');
    await expect.poll(() => text(page, '#erreur-connexion'), WAIT).toBe('Fournisseur ou mot de passe incorrect.');
    await expectAccessible(page, 'formulaire du fournisseur d’identité, erreur');
    await page.fill('#password', PASSWORD);
    await page.click('#se-connecter');
    await page.waitForURL(atPage, WAIT);
    await expect.poll(() => heading(page), WAIT).toBe('Mes dépôts');
    expect(page.url()).not.toMatch(/code=|state=/);
    expect(await text(page, '#fournisseur-connecte')).toContain(DPI_SIRET);

    // a whole deposit with the provider's token
    const file = validFile(1);
    const line = file.lignesImport[0];
    line.numeroEditeur = 'OIDC1';
    line.beneficiaires.FINESSPMSI = validFiness(7);
    line.piecesJustificatives = [{ nomFichier: 'HOP-DPI-Va2-BDC-OIDC1.pdf', formatFichier: 'PDF' }];
    await visit(f, page, '#/depots/nouveau', 'Nouveau dépôt');
    await page.setInputFiles('#fichier', writeFile(f, 'oidc.json', bytesOf(file)));
    await page.click('#form-depot button[type=submit]');
    await waitForState(page, 'SIMULATION_VALIDE');
    await page.click('#importer');
    await waitForState(page, 'IMPORTE');
    await page.setInputFiles('#archive', writeFile(f, 'oidc.zip', buildZip([{ name: 'HOP-DPI-Va2-BDC-OIDC1.pdf', data: fakePdf() }])));
    await page.click('#form-archive button[type=submit]');
    await expect.poll(() => text(page, '#pieces-recues'), WAIT).toContain('1 pièce reçue sur 1');
    await page.click('#terminer');
    await waitForState(page, 'TERMINE');

    // a file past 4 MB: the page asks for its link and goes to it (a followed 303 would be refused by the bucket)
    // (a string: vitest would rewrite a dynamic import() written in this file)
    const before = page.url();
    const call = `import('/api.js').then((api) => api.download('/imports/${largeImport}/fichier', { fallbackName: 'fichier.json' }))`;
    const [download, answer] = await Promise.all([page.waitForEvent('download', WAIT), page.evaluate(call)]);
    expect(answer).toEqual({ name: 'fichier.json', size: null });
    expect(download.suggestedFilename()).toBe('gros lot.json');
    expect(readFileSync(await download.path()).equals(LARGE)).toBe(true);
    expect(page.url()).toBe(before); // the page stayed

    // sign-out ends the provider's session too: signing in again asks for the password
    await page.click('#deconnexion');
    await page.waitForURL(/\/oidc\/session\/end/, WAIT);
    await page.click('#se-deconnecter');
    await page.waitForURL(atPage, WAIT);
    await expect.poll(() => heading(page), WAIT).toBe('Connexion');
    expect(page.url()).not.toContain('state=');
    expect(await page.evaluate(() => Object.keys((globalThis as any).sessionStorage).filter((k) => !k.startsWith('oidc.signout')))).toEqual([]);
    await page.click('#bouton-connexion');
    await page.waitForURL(/\/oidc\/interaction\//, WAIT);
    expect(await text(page, 'h1')).toBe('Connexion d’un fournisseur');
    expect(errors).toEqual([]);
    await context.close();
  }, 30_000);

  it('refuses a forged and an expired token in French; a 401 while signed in ends the session and offers to sign in again', async () => {
    const { page, context, errors } = await openPage(f, 1280);
    await visit(f, page, '#/connexion', 'Connexion');
    await page.click('#autres-connexions-bouton');
    const { privateKey: otherKey } = await generateKeyPair('RS256');
    const now = Math.floor(Date.now() / 1000);
    for (const [what, token] of [
      ['forgé', await idToken({}, otherKey)],
      ['expiré', await idToken({ iat: now - 7200, exp: now - 3600 })],
    ] as const) {
      await page.fill('#jeton', token);
      await page.click('#connexion-jeton button[type=submit]');
      await expect.poll(() => text(page, '#connexion-jeton [role=alert]'), WAIT).toContain('Jeton refusé : il est invalide ou expiré');
      expect(await heading(page), what).toBe('Connexion');
      await page.fill('#jeton', '');
    }
    await expectAccessible(page, 'connexion, jeton refusé');

    // a token that the API stops accepting while the supplier works
    await page.fill('#jeton', await idToken({}));
    await page.click('#connexion-jeton button[type=submit]');
    await expect.poll(() => heading(page), WAIT).toBe('Mes dépôts');
    await page.route('**/api/demandes?**', (route) =>
      route.fulfill({ status: 401, contentType: 'application/json', body: '{"message":"Unauthorized"}' }));
    await page.click('a.fr-nav__link[data-ecran=demandes]');
    await expect.poll(() => heading(page), WAIT).toBe('Connexion');
    expect(await text(page, '[role=alert]')).toContain('Votre session a expiré ou n’est plus valable : reconnectez-vous.');
    expect(await page.locator('#bouton-connexion').isVisible()).toBe(true);
    expect(await text(page, '#outils')).toContain('Se connecter');
    await expectGoodScreen(page, 'connexion après une session expirée');
    expect(errors).toEqual([]);
    await context.close();
  }, 20_000);
  it("with Cognito's settings in config.json: the sign-in asks for French pages and keeps the bookmarked address, the sign-out goes to the logout endpoint with client_id and logout_uri", async () => {
    const { page, context, errors } = await openPage(f, 1280);
    const logoutEndpoint = `${f.h.stack.url}/cognito/logout`;
    await page.route('**/config.json', async (route) => {
      const config = await (await route.fetch()).json();
      config.oidc = { ...config.oidc, logoutEndpoint, extraQueryParams: { lang: 'fr' } };
      await route.fulfill({ json: config });
    });
    await page.route(`${logoutEndpoint}?**`, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: '<!doctype html><title>Déconnexion</title>' }));
    // a bookmarked address opened signed out: the sign-in carries it to the provider and back
    await visit(f, page, '#/demandes?typeDemande=SOLDE', 'Connexion');
    const authorize = page.waitForRequest((r) => new URL(r.url()).pathname === '/oidc/auth', WAIT);
    await page.click('#bouton-connexion');
    const asked = new URL((await authorize).url()).searchParams;
    expect(asked.get('lang')).toBe('fr');
    expect(asked.get('code_challenge_method')).toBe('S256');
    await page.waitForURL(/\/oidc\/interaction\//, WAIT);
    await page.selectOption('#siret', DPI_SIRET);
    await page.fill('#password', PASSWORD);
    await page.click('#se-connecter');
    await expect.poll(() => heading(page), WAIT).toBe('Mes demandes de financement');
    expect(new URL(page.url()).hash).toBe('#/demandes?typeDemande=SOLDE');
    expect(await page.locator('#filtres-demandes select[name=typeDemande]').inputValue()).toBe('SOLDE');

    const logout = page.waitForRequest((r) => r.url().startsWith(`${logoutEndpoint}?`), WAIT);
    await page.click('#deconnexion');
    const params = new URL((await logout).url()).searchParams;
    expect(params.get('client_id')).toBe(f.h.stack.oidc.clientId);
    expect(params.get('logout_uri')).toBe(`${f.h.stack.url}/`);
    expect(errors).toEqual([]);
    await context.close();
  }, 20_000);

  it('tells in French, never in the library’s or the browser’s English, when the provider is unreachable or a sign-in answer is stale', async () => {
    const { page, context, errors } = await openPage(f, 1280);
    await visit(f, page, '#/connexion', 'Connexion');
    await page.route('**/oidc/**', (route) => route.abort('internetdisconnected'));
    await page.click('#bouton-connexion');
    await expect.poll(() => text(page, '#bouton-connexion ~ .depot-retour-action [role=alert]'), WAIT)
      .toBe('Connexion impossible : le fournisseur d’identité est injoignable ; vérifiez votre connexion à Internet, puis réessayez.');
    await expectGoodScreen(page, 'connexion, fournisseur injoignable');
    await page.unroute('**/oidc/**');

    // the provider's answer to a sign-in this tab no longer knows (an old tab, the back button)
    await page.goto(`${f.h.stack.url}/?code=ancien&state=inconnu`);
    await expect.poll(() => text(page, '[role=alert]'), WAIT)
      .toBe('La connexion a échoué : cette réponse de connexion a expiré ou a déjà servi ; cliquez de nouveau sur « Se connecter ».');
    expect(await heading(page)).toBe('Connexion');
    expect(page.url()).not.toContain('state=');
    expect(await page.locator('body').innerText()).not.toMatch(/fetch|storage|matching/i);
    await expectGoodScreen(page, 'connexion, réponse périmée');
    expect(errors).toEqual([]);
    await context.close();
  }, 20_000);
});
