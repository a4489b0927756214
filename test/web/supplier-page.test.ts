/**
 * The suppliers' page in a real browser (Debian's Chromium, driven by playwright-core) against
 * the local stack: sign in, deposit, read the verdict, import, send the documents, finish.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesOf, validFile } from '../fixtures/deposit-files.js';
import { buildZip, fakePdf } from '../fixtures/zip-builder.js';
import { startHarness, type Harness } from '../integration/harness.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const EXAMPLE = new URL('../fixtures/examples/dpi-avance-valide.json', import.meta.url).pathname;

let h: Harness;
let browser: Browser;
let page: Page;
const files = mkdtempSync(join(tmpdir(), 'segur-web-'));

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is needed for this test (${CHROMIUM}); .ci/run installs Debian's chromium`);
  h = await startHarness();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = await browser.newPage();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await h?.stop();
});

const status = () => page.locator('#statut');
/** The page waits on the service: the first call of each function also loads its code. */
const WAIT = { timeout: 20_000, interval: 100 };

describe('the suppliers’ page', () => {
  it('takes a supplier from sign-in to a finished deposit', async () => {
    await page.goto(h.stack.url);
    await expect.poll(() => page.locator('#demo-groupe').isVisible(), WAIT).toBe(true);
    await page.selectOption('#demo', '40308070600020');
    await page.click('#form-connexion button[type=submit]');
    await expect.poll(() => page.locator('#fournisseur').textContent(), WAIT).toContain('40308070600020');
    await expect.poll(() => page.locator('#numeroAns option').first().getAttribute('value'), WAIT).toBe('MJCDPI0001');

    // a deposit with a line error: its code and message are shown
    const broken = validFile(1);
    broken.lignesImport[0].commande.regimeTVA = 'HT';
    writeFileSync(join(files, 'errone.json'), bytesOf(broken));
    await page.setInputFiles('#fichier', join(files, 'errone.json'));
    await page.click('#form-depot button[type=submit]');
    await expect.poll(() => status().textContent(), WAIT).toBe('SIMULATION_EN_ERREUR');
    await expect.poll(() => page.locator('#detail-erreurs').textContent(), WAIT).toContain('DEM-10');

    // the programme's example: valid, imported, documents sent, finished
    await page.setInputFiles('#fichier', EXAMPLE);
    await page.click('#form-depot button[type=submit]');
    await expect.poll(() => status().textContent(), WAIT).toBe('SIMULATION_VALIDE');
    await expect.poll(() => page.locator('#detail-erreurs').textContent(), WAIT).toContain('AVT-02');
    await page.click('#importer');
    await expect.poll(() => status().textContent(), WAIT).toBe('IMPORTE');
    await expect.poll(() => page.locator('#compte-rendu').textContent(), WAIT).toContain('1 importée(s)');
    await expect.poll(() => page.locator('#attendues').textContent(), WAIT).toContain('0 pièce(s) reçue(s) sur 1');

    await page.click('#terminer');
    await expect.poll(() => page.locator('#message').textContent(), WAIT).toContain('HOP-DPI-Va2-BDC-00001.pdf');

    writeFileSync(join(files, 'pieces.zip'), buildZip([{ name: 'HOP-DPI-Va2-BDC-00001.pdf', data: fakePdf() }, { name: 'autre.pdf', data: fakePdf() }]));
    await page.setInputFiles('#archive', join(files, 'pieces.zip'));
    await page.click('#form-archive button[type=submit]');
    await expect.poll(() => page.locator('#attendues').textContent(), WAIT).toContain('1 pièce(s) reçue(s) sur 1');
    await expect.poll(() => page.locator('#archives').textContent(), WAIT).toContain('PJ-06');

    await page.click('#terminer');
    await expect.poll(() => status().textContent(), WAIT).toBe('TERMINE');
    await expect.poll(() => page.locator('#imports tr').count(), WAIT).toBe(2);
    if (process.env.SEGUR_SCREENSHOT) await page.screenshot({ path: process.env.SEGUR_SCREENSHOT, fullPage: true });
  }, 90_000);

  it('shows text from files as text, never as markup', async () => {
    const file = validFile(1);
    file.lignesImport[0].numeroEditeur = '<img src=x onerror=alert(1)>';
    writeFileSync(join(files, 'balises.json'), bytesOf(file));
    await page.setInputFiles('#fichier', join(files, 'balises.json'));
    await page.click('#form-depot button[type=submit]');
    await expect.poll(() => status().textContent(), WAIT).toBe('SIMULATION_EN_ERREUR');
    expect(await page.locator('#detail-erreurs img').count()).toBe(0);
    await expect.poll(() => page.locator('#detail-erreurs').textContent(), WAIT).toContain('<img src=x onerror=alert(1)>');
  }, 60_000);
});
