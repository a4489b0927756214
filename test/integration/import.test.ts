import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitImport as commitWith, type CommitHooks } from '../../shared/app/import/commit-import.js';
import { importKey } from '../../shared/app/object-keys.js';
import { systemRuntime } from '../../shared/app/runtime.js';
import { isDossierNumber } from '../../shared/domain/dossier.js';
import { readReferentielFile, type Fournisseur } from '../../shared/domain/referentiel.js';
import type { DemandeRecord } from '../../shared/domain/demande-record.js';
import { bytesOf, DPI_SIRET, PFI_SIRET, validFile, validFiness, validLine } from '../fixtures/deposit-files.js';
import { importThroughService, localStores, simulateThroughService, startHarness, type Harness } from './harness.js';

/** What the tests look at or arrange in the service's stores. */
const commitImport = (key: string, hooks?: CommitHooks) => commitWith(localStores(), systemRuntime, key, hooks);
const getImport = (id: number) => localStores().imports.get(id);
const peek = (cle: string) => localStores().unicites.get(cle);
const requestsOfImportByIndex = (id: number) => localStores().demandes.listByImport(id);
const finishRequest = (numeroDossier: string) => localStores().demandes.move(numeroDossier, 'INCOMPLETE', 'EN_COURS');
const createRequests = (records: DemandeRecord[]) => localStores().demandes.createMany(records);
const upsertFournisseurs = (suppliers: Fournisseur[]) => localStores().referentiel.upsertFournisseurs(suppliers);

/** A second DPI supplier, to race for beneficiaries across suppliers (IMP-01). */
const OTHER_DPI_SIRET = '73282932000074';
const OTHER_DPI_ANS = 'AUTDPI0001';

let h: Harness;
let dpi: string;
let pfi: string;
let other: string;

beforeAll(async () => {
  h = await startHarness();
  dpi = await h.token(DPI_SIRET);
  pfi = await h.token(PFI_SIRET);
  other = await h.token(OTHER_DPI_SIRET);
  const file = readReferentielFile(
    JSON.stringify({
      fournisseurs: [
        {
          siret: OTHER_DPI_SIRET,
          raisonSociale: 'Autre éditeur DPI',
          statutEnrolement: 'VALIDE',
          solutions: [{ numeroAns: OTHER_DPI_ANS, logiciel: 'DPI', libelle: 'Autre DPI' }],
        },
      ],
    }),
  );
  if (!file.ok) throw new Error(file.reasons.join('; '));
  await upsertFournisseurs(file.fournisseurs);
}, 60_000);
afterAll(() => h?.stop());

/** A file of `count` lines whose numéros éditeur and FINESS start at `from` (distinct between files). */
function fileOf(count: number, from: number, options: { siret?: string; ans?: string; type?: 'AVANCE' | 'SOLDE' } = {}) {
  const file = validFile(0);
  file.siret = options.siret ?? DPI_SIRET;
  file.numeroAns = options.ans ?? 'MJCDPI0001';
  for (let i = 0; i < count; i++) {
    const line = validLine(from + i);
    line.numLigne = i + 1;
    if (options.type === 'SOLDE') {
      line.piecesJustificatives = [
        { nomFichier: `HOP-DPI-Va2-FAC-${line.numeroEditeur}.pdf`, formatFichier: 'PDF' },
        { nomFichier: `HOP-DPI-Va2-VA-${line.numeroEditeur}.pdf`, formatFichier: 'PDF' },
      ];
    }
    file.lignesImport.push(line);
  }
  return file;
}

async function setOtherStanding(statutEnrolement: string): Promise<void> {
  const file = readReferentielFile(
    JSON.stringify({
      fournisseurs: [{ siret: OTHER_DPI_SIRET, raisonSociale: 'Autre éditeur DPI', statutEnrolement, solutions: [{ numeroAns: OTHER_DPI_ANS, logiciel: 'DPI', libelle: 'Autre DPI' }] }],
    }),
  );
  if (!file.ok) throw new Error(file.reasons.join('; '));
  await upsertFournisseurs(file.fournisseurs);
}

async function simulated(token: string, file: unknown, ans = 'MJCDPI0001', typeDemande = 'AVANCE') {
  const { id, status } = await simulateThroughService(h, token, ans, bytesOf(file), { typeDemande });
  expect(status.statut).toBe('SIMULATION_VALIDE');
  return id;
}

async function json(path: string, token: string): Promise<any> {
  return (await h.call('GET', path, { token })).json();
}

describe('importing a valid simulation', () => {
  it('creates one request per line with its dossier number, amounts and documents, and a compte rendu', async () => {
    const id = await simulated(dpi, fileOf(3, 100));
    const done = await importThroughService(h, dpi, id);
    expect(done).toMatchObject({
      statut: 'IMPORTE',
      nombreDemandesValides: 3,
      nombreDemandesEnErreur: 0,
      compteRendu: { identifiantFichier: id, nomFichier: 'depot.json', nombreLignes: 3, nombreLignesImportees: 3, nombreLignesRejetees: 0, rejets: [] },
    });

    const list = await json(`/demandes?limite=200`, dpi);
    const mine = list.elements.filter((r: any) => r.identifiantImport === id);
    expect(mine).toHaveLength(3);
    for (const r of mine) {
      expect(isDossierNumber(r.numeroDossier)).toBe(true);
      expect(r).toMatchObject({
        numeroAns: 'MJCDPI0001',
        logiciel: 'DPI_V2',
        typeDemande: 'AVANCE',
        statut: 'INCOMPLETE',
        statutPaiement: 'AUCUN_PAIEMENT_EN_COURS',
        montantSegurHT: 1250.5,
        montantSegurTTC: 1500.6,
        dateDepot: done.dateDepot,
        piecesAttendues: [{ type: 'BDC', nomFichier: `HOP-DPI-Va2-BDC-${r.numeroEditeur}.pdf`, recue: false }],
      });
    }
    const one = await h.call('GET', `/demandes/${mine[0].numeroDossier}`, { token: dpi });
    expect(one.status).toBe(200);
    expect(await one.json()).toMatchObject({ numeroDossier: mine[0].numeroDossier, identifiantImport: id, FINESSPMSI: mine[0].FINESSPMSI });
    // the other supplier sees none of it
    expect((await h.call('GET', `/demandes/${mine[0].numeroDossier}`, { token: pfi })).status).toBe(404);
    expect((await json('/demandes', pfi)).elements).toEqual([]);
  });

  it('answers 200 and changes nothing when asked again, 409 from a state that cannot be imported', async () => {
    const id = await simulated(dpi, fileOf(1, 200));
    const done = await importThroughService(h, dpi, id);
    const again = await h.call('POST', `/imports/${id}/importer`, { token: dpi });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(done);

    const broken = validFile(1);
    broken.lignesImport[0].commande.regimeTVA = 'XYZ';
    const { id: bad } = await simulateThroughService(h, dpi, 'MJCDPI0001', bytesOf(broken));
    const refused = await h.call('POST', `/imports/${bad}/importer`, { token: dpi });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ code: 'ETAT_INCOMPATIBLE', statut: 'SIMULATION_EN_ERREUR' });
    expect((await h.call('POST', `/imports/${id}/importer`, { token: pfi })).status).toBe(404);
  });
});

describe('an import whose file no longer passes', () => {
  it('goes back to FORMAT_INVALIDE with a new return file when the reference data changed since the simulation', async () => {
    const file = fileOf(1, 900, { siret: OTHER_DPI_SIRET, ans: OTHER_DPI_ANS });
    const id = await simulated(other, file, OTHER_DPI_ANS);
    const before = await json(`/imports/${id}/retour`, other);
    const suspended = readReferentielFile(
      JSON.stringify({
        fournisseurs: [
          { siret: OTHER_DPI_SIRET, raisonSociale: 'Autre éditeur DPI', statutEnrolement: 'SUSPENDU', solutions: [{ numeroAns: OTHER_DPI_ANS, logiciel: 'DPI', libelle: 'Autre DPI' }] },
        ],
      }),
    );
    if (!suspended.ok) throw new Error(suspended.reasons.join('; '));
    await upsertFournisseurs(suspended.fournisseurs);
    try {
      const done = await importThroughService(h, other, id);
      expect(done.statut).toBe('FORMAT_INVALIDE');
      expect(done.compteRendu).toBeNull();
      const after = await json(`/imports/${id}/retour`, other);
      expect(after.resultat.dateSimulation).not.toBe(before.resultat.dateSimulation);
      expect(after.resultat.erreurs.map((e: any) => e.code)).toEqual(['ENT-03']);
      expect(await requestsOfImportByIndex(id)).toEqual([]);
    } finally {
      const valid = readReferentielFile(
        JSON.stringify({
          fournisseurs: [
            { siret: OTHER_DPI_SIRET, raisonSociale: 'Autre éditeur DPI', statutEnrolement: 'VALIDE', solutions: [{ numeroAns: OTHER_DPI_ANS, logiciel: 'DPI', libelle: 'Autre DPI' }] },
          ],
        }),
      );
      if (valid.ok) await upsertFournisseurs(valid.fournisseurs);
    }
  });
});

describe('the import checks against stored data', () => {
  it('warns at simulation (AVT-03) then rejects at import (IMP-01) a beneficiary already funded, from any supplier', async () => {
    const first = await simulated(dpi, fileOf(2, 300));
    await importThroughService(h, dpi, first);

    // another supplier's file reuses the FINESS of line 2 (IMP-01 holds across suppliers)
    const file = fileOf(2, 310, { siret: OTHER_DPI_SIRET, ans: OTHER_DPI_ANS });
    file.lignesImport[1].beneficiaires.FINESSPMSI = validFiness(301);
    const { id, status } = await simulateThroughService(h, other, OTHER_DPI_ANS, bytesOf(file));
    expect(status.statut).toBe('SIMULATION_VALIDE');
    const retour = await json(`/imports/${id}/retour`, other);
    expect(retour.lignesImport[0].avertissements).toEqual([]);
    expect(retour.lignesImport[1].avertissements.map((a: any) => a.code)).toEqual(['AVT-03']);
    expect(retour.lignesImport[1].avertissements[0].message).toContain('IMP-01');
    expect(retour.lignesImport[1].avertissements[0].message).not.toContain(DPI_SIRET);

    const done = await importThroughService(h, other, id);
    expect(done.compteRendu).toMatchObject({ nombreLignes: 2, nombreLignesImportees: 1, nombreLignesRejetees: 1 });
    expect(done.compteRendu.rejets).toMatchObject([{ numLigne: 2, code: 'IMP-01' }]);
    expect(done.compteRendu.rejets[0].message).not.toMatch(/FINHOP|40308070600020/);
    expect(done).toMatchObject({ nombreDemandesValides: 1, nombreDemandesEnErreur: 1, simulation: { nombreDemandesValides: 2, nombreDemandesEnErreur: 0 } });
  });

  it('rejects a SOLDE without its AVANCE (IMP-03), imports one that follows its AVANCE, and refuses the same request twice (IMP-02)', async () => {
    const advance = await simulated(dpi, fileOf(1, 400));
    await importThroughService(h, dpi, advance);

    const solde = fileOf(2, 400, { type: 'SOLDE' }); // line 1 follows the AVANCE 400, line 2 (401) has none
    const id = await simulated(dpi, solde, 'MJCDPI0001', 'SOLDE');
    const retour = await json(`/imports/${id}/retour`, dpi);
    expect(retour.lignesImport.map((l: any) => l.avertissements.map((a: any) => a.message.match(/IMP-0\d/)?.[0]))).toEqual([[], ['IMP-03']]);
    const done = await importThroughService(h, dpi, id);
    expect(done.compteRendu.rejets).toMatchObject([{ numLigne: 2, code: 'IMP-03' }]);

    const again = await simulated(dpi, fileOf(1, 400));
    const twice = await importThroughService(h, dpi, again);
    expect(twice.compteRendu.rejets.map((r: any) => r.code).sort()).toEqual(['IMP-01', 'IMP-02']);
    expect(twice.statut).toBe('IMPORTE');
    expect(twice.compteRendu.nombreLignesImportees).toBe(0);
  });
});

describe('faults, replays and races', () => {
  async function startedWithoutEvent(token: string, file: unknown) {
    const id = await simulated(token, file, (file as any).numeroAns);
    const resume = h.stack.dispatcher.suspend();
    try {
      const res = await h.call('POST', `/imports/${id}/importer`, { token });
      expect(res.status).toBe(202);
    } finally {
      await resume();
    }
    const record = (await getImport(id))!;
    return { id, key: importKey(record.siret, id) };
  }

  async function dossiersOf(id: number): Promise<Map<number, string>> {
    const requests = await requestsOfImportByIndex(id);
    return new Map(requests.map((r) => [r.numLigne, r.numeroDossier]));
  }

  it('a commit stopped after k of n lines, replayed, ends with one request per line and the numbers first given', async () => {
    const { id, key } = await startedWithoutEvent(dpi, fileOf(20, 500));
    let judged = 0;
    await expect(
      commitImport(key, {
        afterLine: () => {
          if (++judged === 7) throw new Error('crash');
        },
      }),
    ).rejects.toThrow('crash');
    await new Promise((r) => setTimeout(r, 300)); // lines still in flight when it stopped
    expect((await getImport(id))!.statut).toBe('IMPORT_EN_COURS');
    expect(await requestsOfImportByIndex(id)).toEqual([]);
    // the numbers the stopped commit gave, held by each line's IMP-02 key
    const given = new Map<number, string>();
    for (let n = 1; n <= 20; n++) {
      const held = await peek(`DEMANDE#${DPI_SIRET}#MJCDPI0001#ED${String(500 + n - 1).padStart(5, '0')}#AVANCE`);
      if (held) given.set(held.numLigne, held.numeroDossier);
    }
    expect(given.size).toBeGreaterThanOrEqual(7);

    await commitImport(key);
    const record = (await getImport(id))!;
    expect(record.statut).toBe('IMPORTE');
    expect(record.compteRendu).toMatchObject({ nombreLignes: 20, nombreLignesImportees: 20, nombreLignesRejetees: 0 });
    const numbers = await dossiersOf(id);
    expect(numbers.size).toBe(20);
    expect(new Set(numbers.values()).size).toBe(20);
    for (const [line, number] of given) expect(numbers.get(line)).toBe(number);

    // a replay of the finished commit changes nothing
    await commitImport(key);
    expect(await dossiersOf(id)).toEqual(numbers);
    expect(await getImport(id)).toEqual(record);
  });

  it('copies of the commit running at once create each request once', async () => {
    const { id, key } = await startedWithoutEvent(dpi, fileOf(15, 600));
    await Promise.all([commitImport(key), commitImport(key), commitImport(key)]);
    const record = (await getImport(id))!;
    expect(record.compteRendu).toMatchObject({ nombreLignes: 15, nombreLignesImportees: 15, nombreLignesRejetees: 0 });
    const numbers = await dossiersOf(id);
    expect(numbers.size).toBe(15);
    expect(new Set(numbers.values()).size).toBe(15);
  });

  it('keys left by an import stopped midway that then fell back to FORMAT_INVALIDE stand for nothing', async () => {
    const file = fileOf(6, 1300, { siret: OTHER_DPI_SIRET, ans: OTHER_DPI_ANS });
    const { id, key } = await startedWithoutEvent(other, file);
    let judged = 0;
    await expect(commitImport(key, { afterLine: () => { if (++judged === 3) throw new Error('crash'); } })).rejects.toThrow('crash');
    await new Promise((r) => setTimeout(r, 300));
    await setOtherStanding('SUSPENDU');
    try {
      await commitImport(key);
      expect((await getImport(id))!.statut).toBe('FORMAT_INVALIDE');
    } finally {
      await setOtherStanding('VALIDE');
    }
    // the same requests, deposited again: no forecast of refusal, and all imported
    const again = await simulated(other, file, OTHER_DPI_ANS);
    const retour = await json(`/imports/${again}/retour`, other);
    expect(retour.lignesImport.flatMap((l: any) => l.avertissements)).toEqual([]);
    const done = await importThroughService(h, other, again);
    expect(done.compteRendu).toMatchObject({ nombreLignesImportees: 6, nombreLignesRejetees: 0 });
  });

  it('a late copy of a commit never writes over a request that has moved on', async () => {
    const id = await simulated(dpi, fileOf(1, 1400));
    await importThroughService(h, dpi, id);
    const [request] = await requestsOfImportByIndex(id);
    expect(await finishRequest(request!.numeroDossier)).toBe(true);
    await createRequests([{ ...request!, nomClient: 'copie tardive' }]);
    expect((await requestsOfImportByIndex(id))[0]).toEqual({ ...request!, statut: 'EN_COURS' });
  });

  it('of two imports racing for one beneficiary, exactly one line wins; the other gets IMP-01', async () => {
    const a = fileOf(1, 700);
    const b = fileOf(1, 710, { siret: OTHER_DPI_SIRET, ans: OTHER_DPI_ANS });
    b.lignesImport[0].beneficiaires.FINESSPMSI = a.lignesImport[0].beneficiaires.FINESSPMSI;
    const first = await startedWithoutEvent(dpi, a);
    const second = await startedWithoutEvent(other, b);
    await Promise.all([commitImport(first.key), commitImport(second.key)]);
    const outcomes = [(await getImport(first.id))!.compteRendu!, (await getImport(second.id))!.compteRendu!];
    expect(outcomes.map((c) => c.nombreLignesImportees).sort()).toEqual([0, 1]);
    expect(outcomes.flatMap((c) => c.rejets.map((r) => r.code))).toEqual(['IMP-01']);
    const requests = [...(await requestsOfImportByIndex(first.id)), ...(await requestsOfImportByIndex(second.id))];
    expect(requests).toHaveLength(1);
  });
});

describe('GET /demandes', () => {
  it('filters by number or its beginning, type, status, payment status, logiciel and day, and pages', async () => {
    const id = await simulated(dpi, fileOf(5, 800));
    await importThroughService(h, dpi, id);
    const all = await json('/demandes?limite=200', dpi);
    const numbers: string[] = all.elements.map((r: any) => r.numeroDossier);
    expect(numbers.length).toBeGreaterThanOrEqual(5);
    // newest first: this import's requests come first
    expect(all.elements.slice(0, 5).every((r: any) => r.identifiantImport === id)).toBe(true);

    const target = numbers[2]!;
    expect((await json(`/demandes?numero=${target}`, dpi)).elements.map((r: any) => r.numeroDossier)).toEqual([target]);
    const prefix = target.slice(0, 10);
    const byPrefix = (await json(`/demandes?numero=${prefix}&limite=200`, dpi)).elements.map((r: any) => r.numeroDossier);
    expect(byPrefix).toEqual(numbers.filter((n) => n.startsWith(prefix)));
    expect((await json('/demandes?typeDemande=SOLDE&limite=200', dpi)).elements.every((r: any) => r.typeDemande === 'SOLDE')).toBe(true);
    // other tests of this file may have moved some of the supplier's requests on
    const withStatus = (statut: string) => all.elements.filter((r: any) => r.statut === statut).map((r: any) => r.numeroDossier);
    expect(withStatus('INCOMPLETE').length).toBeGreaterThanOrEqual(5);
    for (const statut of ['EN_COURS', 'INCOMPLETE']) {
      expect((await json(`/demandes?statut=${statut}&limite=200`, dpi)).elements.map((r: any) => r.numeroDossier), statut).toEqual(withStatus(statut));
    }
    expect((await json('/demandes?statutPaiement=AUCUN_PAIEMENT_EN_COURS&limite=200', dpi)).elements).toHaveLength(numbers.length);
    expect((await json('/demandes?logiciel=PFI&limite=200', dpi)).elements).toEqual([]);
    expect((await json('/demandes?logiciel=DPI_V2&limite=200', dpi)).elements).toHaveLength(numbers.length);
    expect((await json('/demandes?deposeAu=2020-01-01', dpi)).elements).toEqual([]);

    const seen: string[] = [];
    let query = '/demandes?limite=3';
    for (;;) {
      const page = await json(query, dpi);
      seen.push(...page.elements.map((r: any) => r.numeroDossier));
      if (page.curseur === null) break;
      query = `/demandes?limite=3&curseur=${encodeURIComponent(page.curseur)}`;
    }
    expect(seen).toEqual(numbers);

    for (const bad of ['numero=fin', 'statut=PAYEE', 'logiciel=XYZ', 'typeDemande=avance', 'deposeDu=hier', 'limite=0', 'curseur=xyz', 'page=2']) {
      const res = await h.call('GET', `/demandes?${bad}`, { token: dpi });
      expect(res.status, bad).toBe(400);
      expect(await res.json()).toMatchObject({ code: 'FILTRE_INVALIDE' });
    }
    expect((await h.call('GET', '/demandes/FINHOP999999M0', { token: dpi })).status).toBe(404);
    expect((await h.call('GET', '/demandes/nimportequoi', { token: dpi })).status).toBe(404);
  });
});
