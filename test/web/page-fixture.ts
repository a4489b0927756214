/**
 * What the browser tests of the suppliers' page share: one local stack and one Chromium
 * (Debian's, driven by playwright-core) per test file, a page per viewport and supplier, the
 * checks every screen must pass (axe-core in the page: no violation of any impact; no
 * horizontal scrolling; no refusal of the portal's Content-Security-Policy, which the local stack
 * sends as CloudFront does), and the files a supplier deposits.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { startHarness, type Harness } from '../integration/harness.js';
import { failOnCspViolations } from './csp-violations.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** axe-core's source, evaluated in the page (a script tag added to the page would be refused by its CSP, rightly). */
const AXE = readFileSync(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');

/** The page waits on the service: the first call of each function also loads its code. */
export const WAIT = { timeout: 20_000, interval: 50 };

export interface PageFixture {
  h: Harness;
  browser: Browser;
  files: string;
  stop(): Promise<void>;
}

export async function startPageFixture(): Promise<PageFixture> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is needed for this test (${CHROMIUM}); .ci/run installs Debian's chromium`);
  const [h, browser] = await Promise.all([
    startHarness(),
    chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    }),
  ]);
  return {
    h,
    browser,
    files: mkdtempSync(join(tmpdir(), 'segur-web-')),
    async stop() {
      await browser?.close();
      await h?.stop();
    },
  };
}

/**
 * Records every value an upload progress bar of the page takes (window.__progression). Code run
 * in the page reaches its globals through globalThis: these tests are type-checked without the DOM library.
 */
function recordProgress() {
  const w = globalThis as any;
  const seen: number[] = (w.__progression = []);
  new w.MutationObserver((changes: any[]) => {
    for (const c of changes) if (c.target instanceof w.HTMLProgressElement) seen.push(c.target.value);
  }).observe(w.document, { subtree: true, attributes: true, attributeFilter: ['value'] });
}

/**
 * A fresh browser context at `width` px; signed in as `siret` (through sessionStorage) when given.
 * The test fails at its end if the page's Content-Security-Policy refused anything meanwhile.
 */
export async function openPage(
  f: PageFixture,
  width: number,
  siret?: string,
): Promise<{ context: BrowserContext; page: Page; errors: string[]; cspViolations: string[] }> {
  const context = await f.browser.newContext({ viewport: { width, height: 900 }, acceptDownloads: true });
  await context.addInitScript(recordProgress);
  if (siret) {
    const token = await f.h.token(siret);
    await context.addInitScript((t) => {
      const storage = (globalThis as any).sessionStorage;
      if (!storage.getItem('segur.depose')) {
        storage.setItem('segur.jeton', t);
        storage.setItem('segur.depose', '1');
      }
    }, token);
  }
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const cspViolations = failOnCspViolations(page);
  return { context, page, errors, cspViolations };
}

/** Goes to a route of the page and waits for its heading. */
export async function visit(f: PageFixture, page: Page, route: string, heading: string | RegExp): Promise<void> {
  await page.goto(`${f.h.stack.url}/${route}`);
  await expect.poll(() => page.locator('h1').first().textContent(), WAIT).toMatch(heading);
}

/** axe-core in the page: every rule, no violation of any impact. */
export async function expectAccessible(page: Page, where: string): Promise<void> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const w = globalThis as any;
    const result = await w.axe.run(w.document, { resultTypes: ['violations'] });
    return result.violations.map((v: any) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n: any) => n.target.join(' ')).join(' | ')}`);
  });
  expect(violations, where).toEqual([]);
}

/** Nothing of the page is wider than the window. */
export async function expectNoSideScroll(page: Page, where: string): Promise<void> {
  const sizes = await page.evaluate(() => {
    const root = (globalThis as any).document.documentElement;
    return [root.scrollWidth, root.clientWidth] as number[];
  });
  expect(sizes[0], `${where}: page ${sizes[0]} px wide in a ${sizes[1]} px window`).toBeLessThanOrEqual(sizes[1]!);
}

/** Every visible table caption reads as lines of text (not one letter per line): at least 200 px wide, under 100 px tall. */
export async function expectReadableCaptions(page: Page, where: string): Promise<void> {
  const captions = await page.evaluate(() =>
    [...(globalThis as any).document.querySelectorAll('caption')]
      .filter((c: any) => c.getClientRects().length > 0)
      .map((c: any) => {
        const box = c.getBoundingClientRect();
        return { text: c.textContent as string, width: box.width as number, height: box.height as number };
      }),
  );
  for (const { text, width, height } of captions) {
    expect(width, `${where}: caption « ${text} » ${width} px wide`).toBeGreaterThanOrEqual(200);
    expect(height, `${where}: caption « ${text} » ${height} px tall`).toBeLessThan(100);
  }
}

/** The checks of every screen. */
export async function expectGoodScreen(page: Page, where: string): Promise<void> {
  await expectNoSideScroll(page, where);
  await expectReadableCaptions(page, where);
  await expectAccessible(page, where);
}

export function writeFile(f: PageFixture, name: string, bytes: Uint8Array | string): string {
  const path = join(f.files, name);
  writeFileSync(path, bytes);
  return path;
}

export const EXAMPLE = new URL('../fixtures/examples/dpi-avance-valide.json', import.meta.url).pathname;
export const exampleBytes = () => readFileSync(EXAMPLE);

/** A small CSV reader (RFC 4180, `;`), for the exports. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ';') row.push(cell), (cell = '');
    else if (c === '\r' && body[i + 1] === '\n') {
      row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) row.push(cell), rows.push(row);
  return rows;
}
