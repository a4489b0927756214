/**
 * SPEC §4.2 and §6 over HTTP on the local stack: an amount beyond what a double holds
 * (`12345678901234567.89`, `1e400`) is simulated VALIDE, imported, and kept exactly — the request
 * shows it, and its VAT-inclusive amount computed exactly, as JSON numbers written exactly in the
 * raw body of GET /demandes/{n} and GET /demandes, and in the CSV export with a decimal comma.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesOf, DPI_SIRET, validFile, validLine } from '../fixtures/deposit-files.js';
import { importThroughService, simulateThroughService, startHarness, type Harness } from './harness.js';

let h: Harness;
let token: string;

beforeAll(async () => {
  h = await startHarness();
  token = await h.token(DPI_SIRET);
}, 60_000);
afterAll(() => h?.stop());

/** The marker written in place of the amount, then replaced by the amount's text in the file's bytes. */
const MARKER = 424242.42;

/** A one-line file (numéro éditeur and FINESS from `n`) whose montantSegurHT is written as `amount`. */
function fileWithAmount(n: number, amount: string): Buffer {
  const line = validLine(n);
  line.commande.montantSegurHT = MARKER;
  const text = bytesOf({ ...validFile(0), lignesImport: [line] }).toString('utf8');
  expect(text.split(String(MARKER))).toHaveLength(2);
  return Buffer.from(text.replace(String(MARKER), amount), 'utf8');
}

/** Simulates and imports the file; the dossier number of its request. */
async function imported(n: number, amount: string, tauxTva: number): Promise<string> {
  const { id, status } = await simulateThroughService(h, token, 'MJCDPI0001', fileWithAmount(n, amount), { tauxTva });
  expect(status.statut, JSON.stringify(status)).toBe('SIMULATION_VALIDE');
  const done = await importThroughService(h, token, id);
  expect(done.statut, JSON.stringify(done)).toBe('IMPORTE');
  expect(done.compteRendu.nombreLignesImportees).toBe(1);
  const res = await h.call('GET', '/demandes?limite=200', { token });
  expect(res.status, await res.clone().text()).toBe(200);
  const list = (await res.json()) as { elements: { identifiantImport: number; numeroDossier: string }[] };
  const found = list.elements.find((e) => e.identifiantImport === id);
  expect(found).toBeDefined();
  return found!.numeroDossier;
}

async function rawBody(path: string): Promise<string> {
  const res = await h.call('GET', path, { token });
  expect(res.status).toBe(200);
  return res.text();
}

describe('amounts beyond what a double holds, from the file to the request', () => {
  it.each([
    // written, rate, HT as the request shows it, TTC (HT × (1 + rate), rounded half up to the cent)
    [901, '12345678901234567.89', 20, '12345678901234567.89', '14814814681481481.47'], // …481.468
    [902, '1e400', 20, '1e+400', '1.2e+400'],
    [903, '9007199254740993.01', 8.5, '9007199254740993.01', '9772811191393977.42'], // 2^53 + 1.01; …977.41585
  ])('line %s, %s at %s %%: kept exactly in the request, the API and the CSV export', async (n, written, rate, ht, ttc) => {
    const numero = await imported(n, written, rate);

    const one = await rawBody(`/demandes/${numero}`);
    expect(one).toContain(`"montantSegurHT":${ht},`);
    expect(one).toContain(`"montantSegurTTC":${ttc},`);
    expect(one).toContain(`"commande":{"dateEditionCommande":"13/10/2023","dateSignatureCommande":"15/01/2024","regimeTVA":"TTC","montantSegurHT":${ht},`);
    expect(() => JSON.parse(one)).not.toThrow();

    const list = await rawBody(`/demandes?numero=${numero}`);
    expect(list).toContain(`"numeroDossier":"${numero}"`);
    expect(list).toContain(`"montantSegurHT":${ht},`);
    expect(list).toContain(`"montantSegurTTC":${ttc},`);

    const csv = await rawBody(`/exports/demandes?numero=${numero}`);
    const row = csv.split('\r\n')[1]!.split(';');
    expect(row[0]).toBe(numero);
    expect(row.slice(10, 12)).toEqual([frenchCsv(ht), frenchCsv(ttc)]);
  });

  it('leaves an amount a double holds as it always was: 1250.50 shows as 1250.5, TTC 1500.6, CSV 1250,50', async () => {
    const numero = await imported(990, '1250.50', 20);
    const one = await rawBody(`/demandes/${numero}`);
    expect(one).toContain('"montantSegurHT":1250.5,');
    expect(one).toContain('"montantSegurTTC":1500.6,');
    const row = (await rawBody(`/exports/demandes?numero=${numero}`)).split('\r\n')[1]!.split(';');
    expect(row.slice(10, 12)).toEqual(['1250,50', '1500,60']);
  });
});

/** The CSV form of an amount: two decimals and a comma below 10^21, the exponent form (comma) beyond. */
function frenchCsv(text: string): string {
  if (text.includes('e')) return text.replace('.', ',');
  const [whole, fraction = ''] = text.split('.');
  return `${whole},${fraction.padEnd(2, '0')}`;
}
