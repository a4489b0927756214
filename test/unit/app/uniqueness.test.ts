/** The import checks against stored data (SPEC §4.4): IMP-01, IMP-02, IMP-03, keys taken over, races of two imports. */
import { describe, expect, it } from 'vitest';
import { commitImport } from '../../../shared/app/import/commit-import.js';
import { startImport } from '../../../shared/app/import/start-import.js';
import { COMMIT_LEASE } from '../../../shared/domain/import-lifecycle.js';
import type { ImportRecord } from '../../../shared/domain/import-record.js';
import type { Fournisseur } from '../../../shared/domain/referentiel.js';
import { DPI_SIRET, validFile, validLine } from '../../fixtures/deposit-files.js';
import { commitKey, imported, renumbered, simulated, soldeLine, world, type World } from './world.js';

/** A second supplier of a DPI solution: IMP-01 holds across suppliers. */
const OTHER_SIRET = '73282932000074';
const OTHER: Fournisseur = {
  siret: OTHER_SIRET,
  raisonSociale: 'Autre éditeur',
  statutEnrolement: 'VALIDE',
  solutions: [{ numeroAns: 'AUTDPI0001', logiciel: 'DPI', libelle: 'Autre DPI', couloir: 'HOP', vague: 'Va2' }],
};
const otherFile = (lines: Record<string, any>[]) => ({ numeroAns: 'AUTDPI0001', siret: OTHER_SIRET, lignesImport: lines });

const rejets = (record: ImportRecord) => record.compteRendu!.rejets.map((r) => [r.numLigne, r.code]);

async function startedRecord(w: World, file: unknown, deposit = {}): Promise<ImportRecord> {
  const outcome = await startImport(w.stores, w.runtime, await simulated(w, file, deposit));
  if (outcome.kind !== 'started') throw new Error(outcome.kind);
  return outcome.record;
}

describe('IMP-01: one AVANCE per beneficiary and logiciel, any supplier', () => {
  it('refuses another supplier’s AVANCE for a FINESS already funded, without naming the first supplier', async () => {
    const w = await world([OTHER]);
    await imported(w, validFile(2));
    const second = await imported(w, otherFile([renumbered(validLine(1), 'XX00001'), renumbered(validLine(3), 'XX00003')]), {
      siret: OTHER_SIRET,
      numeroAns: 'AUTDPI0001',
    });
    expect(second.compteRendu).toMatchObject({ nombreLignes: 2, nombreLignesImportees: 1, nombreLignesRejetees: 1 });
    expect(second.compteRendu!.rejets).toEqual([
      {
        numLigne: 1,
        code: 'IMP-01',
        message: `Une demande d'avance pour une solution DPI existe déjà pour l'établissement FINESS ${validLine(1).beneficiaires.FINESSPMSI} : une seule avance par type de solution et par établissement`,
      },
    ]);
    // the refused line gave back the request key it took
    expect(await w.stores.unicites.get(`DEMANDE#${OTHER_SIRET}#AUTDPI0001#XX00001#AVANCE`)).toBeUndefined();
  });

  it('a REJETEE request no longer holds its beneficiary: its key is taken over', async () => {
    const w = await world([OTHER]);
    const first = await imported(w, validFile(1));
    expect(await w.stores.demandes.move(first.dossiers![0]!, 'INCOMPLETE', 'REJETEE')).toBe(true);
    const second = await imported(w, otherFile([renumbered(validLine(1), 'XX00001')]), { siret: OTHER_SIRET, numeroAns: 'AUTDPI0001' });
    expect(second.compteRendu!.nombreLignesImportees).toBe(1);
    const key = await w.stores.unicites.get(`AVANCE#DPI#${validLine(1).beneficiaires.FINESSPMSI}`);
    expect(key).toMatchObject({ identifiantImport: second.identifiant, numeroDossier: second.dossiers![0] });
  });
});

describe('IMP-02: one request per supplier, numéro ANS, numéro éditeur and type', () => {
  it('refuses the same line imported twice, naming the supplier’s own dossier', async () => {
    const w = await world();
    const first = await imported(w, validFile(1));
    const second = await imported(w, validFile(1));
    expect(second.compteRendu!.nombreLignesImportees).toBe(0);
    expect(rejets(second)).toEqual([[1, 'IMP-02'], [1, 'IMP-01']]);
    expect(second.compteRendu!.rejets[0]!.message).toBe(
      `Vous avez déjà une demande AVANCE pour la solution MJCDPI0001 et le numéro éditeur ED00001 (dossier ${first.dossiers![0]})`,
    );
    expect(second.dossiers).toEqual([]);
  });

  it('a REJETEE request still holds its request key', async () => {
    const w = await world();
    const first = await imported(w, validFile(1));
    await w.stores.demandes.move(first.dossiers![0]!, 'INCOMPLETE', 'REJETEE');
    const second = await imported(w, validFile(1));
    expect(rejets(second)).toEqual([[1, 'IMP-02']]);
  });
});

describe('IMP-03: a SOLDE follows the supplier’s imported AVANCE', () => {
  it('refuses a SOLDE without its AVANCE, and one whose FINESS differs; accepts one that follows it', async () => {
    const w = await world();
    const orphan = await imported(w, { ...validFile(0), lignesImport: [soldeLine(1)] }, { typeDemande: 'SOLDE' });
    expect(rejets(orphan)).toEqual([[1, 'IMP-03']]);
    expect(orphan.compteRendu!.rejets[0]!.message).toBe(
      `Aucune demande d'avance importée de la solution MJCDPI0001 ne porte le numéro éditeur ED00001 et le FINESS ${validLine(1).beneficiaires.FINESSPMSI} : une demande de solde suit son avance`,
    );
    await imported(w, validFile(2));
    const other = soldeLine(2);
    other.beneficiaires = { ...other.beneficiaires, FINESSPMSI: validLine(5).beneficiaires.FINESSPMSI };
    const solde = await imported(w, { ...validFile(0), lignesImport: [soldeLine(1), other] }, { typeDemande: 'SOLDE' });
    expect(rejets(solde)).toEqual([[2, 'IMP-03']]);
    expect(solde.compteRendu!.nombreLignesImportees).toBe(1);
  });
});

describe('keys whose holder no longer stands', () => {
  it('keys left by an import stopped midway that then fell back to FORMAT_INVALIDE stand for nothing', async () => {
    const w = await world();
    const stopped = await startedRecord(w, validFile(3));
    let judged = 0;
    await expect(
      commitImport(w.stores, w.runtime, commitKey(stopped), { afterLine: () => { if (++judged === 2) throw new Error('crash'); } }),
    ).rejects.toThrow('crash');
    // while it is IMPORT_EN_COURS its keys stand: the simulation forecasts the refusal
    const meanwhile = await simulated(w, validFile(1));
    const returned = JSON.parse((await w.stores.objects.read('documents', meanwhile.cleRetour!))!.bytes.toString('utf8'));
    expect(returned.lignesImport[0].avertissements.map((a: { code: string }) => a.code)).toEqual(['AVT-03', 'AVT-03']);

    const supplier = (await w.stores.referentiel.findFournisseur(DPI_SIRET))!;
    await w.stores.referentiel.upsertFournisseurs([{ ...supplier, statutEnrolement: 'SUSPENDU' }]);
    expect(await commitImport(w.stores, w.runtime, commitKey(stopped))).toEqual({ kind: 'fellBack', statut: 'FORMAT_INVALIDE' });
    await w.stores.referentiel.upsertFournisseurs([supplier]);

    const retried = await imported(w, validFile(3));
    expect(retried.compteRendu).toMatchObject({ nombreLignesImportees: 3, rejets: [] });
    const key = await w.stores.unicites.get(`DEMANDE#${DPI_SIRET}#MJCDPI0001#ED00001#AVANCE`);
    expect(key).toMatchObject({ identifiantImport: retried.identifiant });
  });
});

describe('a commit killed mid-way holds its keys for one lease, not for good (SPEC §6)', () => {
  it('blocks the beneficiary while its lease runs, frees it after; resumed, the stopped import finds the line taken', async () => {
    const w = await world([OTHER]);
    const stopped = await startedRecord(w, validFile(1));
    // killed after the line took its keys: no request, the import stays IMPORT_EN_COURS
    await expect(
      commitImport(w.stores, w.runtime, commitKey(stopped), { afterLine: () => { throw new Error('killed'); } }),
    ).rejects.toThrow('killed');
    const other = () => otherFile([renumbered(validLine(1), 'XX00001')]);
    const deposit = { siret: OTHER_SIRET, numeroAns: 'AUTDPI0001' };

    // within the lease, its keys stand: another supplier's AVANCE for the same FINESS is refused
    w.runtime.advance(COMMIT_LEASE.durationMs - 1_000);
    expect(rejets(await imported(w, other(), deposit))).toEqual([[1, 'IMP-01']]);

    // past the lease, the stopped commit stands in nobody's way
    w.runtime.advance(2_000);
    const winner = await imported(w, other(), deposit);
    expect(winner.compteRendu).toMatchObject({ nombreLignesImportees: 1, rejets: [] });
    expect(await w.stores.unicites.get(`AVANCE#DPI#${validLine(1).beneficiaires.FINESSPMSI}`)).toMatchObject({ identifiantImport: winner.identifiant });

    // POST /importer sends the stopped import again: exactly one of the two holds the beneficiary
    const again = await startImport(w.stores, w.runtime, (await w.stores.imports.get(stopped.identifiant))!);
    expect(again.kind).toBe('unchanged');
    expect(await commitImport(w.stores, w.runtime, commitKey(stopped))).toMatchObject({ kind: 'imported', importees: 0, rejetees: 1 });
    expect(rejets((await w.stores.imports.get(stopped.identifiant))!)).toEqual([[1, 'IMP-01']]);
  });

  it('POST /importer sends a stopped commit again once its lease is over, not before', async () => {
    const w = await world();
    const started = await startedRecord(w, validFile(1));
    const copy = commitKey(started);
    await w.stores.objects.write('televersements', copy, Buffer.from('{}'), 'application/json');
    const debut = started.debutImport;
    w.runtime.advance(COMMIT_LEASE.durationMs - 1_000);
    const within = await startImport(w.stores, w.runtime, (await w.stores.imports.get(started.identifiant))!);
    expect(within).toMatchObject({ kind: 'unchanged', record: { debutImport: debut } });
    w.runtime.advance(2_000);
    const resumed = await startImport(w.stores, w.runtime, (await w.stores.imports.get(started.identifiant))!);
    expect(resumed).toMatchObject({ kind: 'unchanged', record: { debutImport: w.runtime.now().toISOString() } });
  });
});

describe('two imports racing for the same lines', () => {
  it('exactly one request per line, whichever wins each key', async () => {
    const w = await world();
    const first = await startedRecord(w, validFile(6));
    const second = await startedRecord(w, validFile(6));
    await Promise.all([commitImport(w.stores, w.runtime, commitKey(first)), commitImport(w.stores, w.runtime, commitKey(second))]);
    const accounts = await Promise.all([first, second].map(async (r) => (await w.stores.imports.get(r.identifiant))!.compteRendu!));
    expect(accounts[0]!.nombreLignesImportees + accounts[1]!.nombreLignesImportees).toBe(6);
    const requests = [...(await w.stores.demandes.listByImport(first.identifiant)), ...(await w.stores.demandes.listByImport(second.identifiant))];
    expect(requests.map((r) => r.numeroEditeur).sort()).toEqual(validFile(6).lignesImport.map((l: { numeroEditeur: string }) => l.numeroEditeur).sort());
    for (const account of accounts) for (const rejet of account.rejets) expect(['IMP-01', 'IMP-02']).toContain(rejet.code);
  });
});
