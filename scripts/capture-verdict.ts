/**
 * `npm run capture`: the README's screenshot of the verdict screen (docs/ecran-verdict.png).
 * Starts the local stack on a throwaway data folder, deposits as the demo DPI supplier a file of
 * four requests (two with errors), and photographs the verdict in Debian's Chromium at 1280 px.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { issueLocalToken } from '../local/local-token.js';
import { startLocalStack } from '../local/stack.js';
import { bytesOf, DPI_SIRET, validFile } from '../test/fixtures/deposit-files.js';

const OUT = new URL('../docs/ecran-verdict.png', import.meta.url).pathname;
const dataDir = mkdtempSync(join(tmpdir(), 'segur-capture-'));
const stack = await startLocalStack({ dataDir, port: 0, s3Port: 0, logLevel: 'SILENT' });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox'] });
try {
  const file = validFile(4);
  file.lignesImport[1].commande.regimeTVA = 'HT';
  file.lignesImport[3].commande.dateSignatureCommande = '12/10/2023';
  file.lignesImport[3].beneficiaires.emailClient = 'contact@';
  const path = join(dataDir, 'depot-novembre.json');
  writeFileSync(path, bytesOf(file));

  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript((token) => sessionStorage.setItem('segur.jeton', token), await issueLocalToken(dataDir, DPI_SIRET));
  const page = await context.newPage();
  await page.goto(`${stack.url}/#/depots/nouveau`);
  await page.setInputFiles('#fichier', path);
  await page.click('#form-depot button[type=submit]');
  await page.waitForSelector('#resume', { timeout: 30_000 });
  await page.waitForSelector('#groupes-lignes');
  mkdirSync(new URL('../docs/', import.meta.url).pathname, { recursive: true });
  await page.screenshot({ path: OUT, fullPage: true });
  console.log(`Capture écrite : ${OUT}`);
} finally {
  await browser.close();
  await stack.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
