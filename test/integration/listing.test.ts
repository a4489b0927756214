import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parisDate, formatIsoDate, nextDay } from '../../shared/domain/dates.js';
import { bytesOf, DPI_SIRET, validFile } from '../fixtures/deposit-files.js';
import { createImport, simulateThroughService, startHarness, type Harness } from './harness.js';

let h: Harness;
let token: string;
const ids: number[] = [];

beforeAll(async () => {
  h = await startHarness();
  token = await h.token(DPI_SIRET);
  // 5 imports: 3 AVANCE simulated, 2 SOLDE waiting for their file
  for (let i = 0; i < 3; i++) ids.push((await simulateThroughService(h, token, 'MJCDPI0001', bytesOf(validFile(i + 1)))).id);
  for (let i = 0; i < 2; i++) ids.push((await createImport(h, token, { numeroAns: 'MJCDPI0001', typeDemande: 'SOLDE' })).identifiant);
}, 60_000);
afterAll(() => h?.stop());

async function list(query: string): Promise<{ status: number; body: any }> {
  const res = await h.call('GET', `/imports${query}`, { token });
  return { status: res.status, body: await res.json() };
}

describe('GET /imports', () => {
  it('lists the supplier’s imports newest first, with their counts and status', async () => {
    const { status, body } = await list('');
    expect(status).toBe(200);
    expect(body.elements.map((e: any) => e.identifiant)).toEqual([...ids].reverse());
    expect(body.curseur).toBeNull();
    const simulated = body.elements.find((e: any) => e.identifiant === ids[2]);
    expect(simulated).toMatchObject({ statut: 'SIMULATION_VALIDE', nombreDemandes: 3, nombreDemandesValides: 3, nombreDemandesEnErreur: 0, typeDemande: 'AVANCE' });
    expect(body.elements[0]).toMatchObject({ statut: 'EN_ATTENTE_FICHIER', typeDemande: 'SOLDE', nombreDemandes: null });
  });

  it('pages with limite and an opaque curseur, without losing or repeating an import', async () => {
    const seen: number[] = [];
    let query = '?limite=2';
    for (let page = 0; page < 5; page++) {
      const { status, body } = await list(query);
      expect(status).toBe(200);
      expect(body.elements.length).toBeLessThanOrEqual(2);
      seen.push(...body.elements.map((e: any) => e.identifiant));
      if (body.curseur === null) break;
      query = `?limite=2&curseur=${encodeURIComponent(body.curseur)}`;
    }
    expect(seen).toEqual([...ids].reverse());
  });

  it('filters by type, numéro ANS and deposit day (Paris time, inclusive)', async () => {
    expect((await list('?typeDemande=SOLDE')).body.elements.map((e: any) => e.identifiant)).toEqual([ids[4], ids[3]]);
    expect((await list('?typeDemande=AVANCE&limite=2')).body.elements.map((e: any) => e.identifiant)).toEqual([ids[2], ids[1]]);
    expect((await list('?numeroAns=CJMPFI0001')).body.elements).toEqual([]);
    expect((await list('?numeroAns=MJCDPI0001')).body.elements).toHaveLength(5);
    const today = parisDate(new Date());
    const tomorrow = formatIsoDate(nextDay(today));
    expect((await list(`?deposeDu=${formatIsoDate(today)}&deposeAu=${formatIsoDate(today)}`)).body.elements).toHaveLength(5);
    expect((await list(`?deposeDu=${tomorrow}`)).body.elements).toEqual([]);
    expect((await list(`?deposeAu=2020-01-01`)).body.elements).toEqual([]);
    // a filtered, paged walk
    const first = await list('?typeDemande=AVANCE&limite=1');
    const second = await list(`?typeDemande=AVANCE&limite=1&curseur=${encodeURIComponent(first.body.curseur)}`);
    expect([...first.body.elements, ...second.body.elements].map((e: any) => e.identifiant)).toEqual([ids[2], ids[1]]);
  });

  it('refuses a cursor given for other filters', async () => {
    const first = await list('?limite=1');
    const other = await list(`?typeDemande=SOLDE&limite=1&curseur=${encodeURIComponent(first.body.curseur)}`);
    expect(other.status).toBe(400);
    expect(other.body.code).toBe('FILTRE_INVALIDE');
    expect((await list(`?limite=2&curseur=${encodeURIComponent(first.body.curseur)}`)).status).toBe(200);
  });

  it('answers 400 for an invalid filter value', async () => {
    for (const query of [
      '?deposeDu=26/11/2026',
      '?deposeAu=2026-02-30',
      '?limite=0',
      '?limite=201',
      '?limite=abc',
      '?typeDemande=avance',
      '?numeroAns=ABC',
      '?curseur=nimportequoi',
      '?tri=date',
      '?deposeDu=2026-12-02&deposeAu=2026-12-01',
    ]) {
      const { status, body } = await list(query);
      expect(status, query).toBe(400);
      expect(body.code).toBe('FILTRE_INVALIDE');
      expect(body.message.length).toBeGreaterThan(10);
    }
  });
});
