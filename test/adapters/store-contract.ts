/**
 * The contract every implementation of the store ports keeps, written once and run against each
 * (memory, and the AWS adapters on the emulators): every method, every conditional path.
 * Leases use explicit dates; identifiers and SIRETs are unique per test (the AWS tables are shared).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { ARCHIVE_LEASE, SIMULATION_LEASE, permitOf } from '../../shared/domain/import-lifecycle.js';
import type { ArchiveRecord } from '../../shared/domain/archive-record.js';
import type { ImportRecord } from '../../shared/domain/import-record.js';
import type { DemandeRecord } from '../../shared/domain/demande-record.js';
import { exactAmountWithVat } from '../../shared/domain/money.js';
import type { Page, PagePosition } from '../../shared/ports/page.js';
import type { Stores } from '../../shared/ports/stores.js';
import { archiveRecord, importRecord, minutesAfter, demandeRecord, unicite, unique, uniqueSiret } from './store-records.js';

const T0 = '2025-03-01T10:00:00.000Z';
const at = (minutes: number) => new Date(minutesAfter(T0, minutes));

/** Every page of a listing, following `next` from the start. */
async function allPages<T>(list: (after?: PagePosition) => Promise<Page<T>>): Promise<T[][]> {
  const pages: T[][] = [];
  let after: PagePosition | undefined;
  do {
    const page = await list(after);
    pages.push(page.elements);
    after = page.next;
    if (pages.length > 20) throw new Error('the listing never ends');
  } while (after);
  return pages;
}

/** What an emulator cannot do, and the contract then leaves out (each tested elsewhere). */
export interface EmulatorGaps {
  /**
   * s3rver never answers a ranged GET of an empty object (S3 answers 416, which the adapter reads
   * as empty): tested with a mocked 416 in test/unit/aws-store-faults.test.ts.
   */
  rangeOnEmptyObject?: boolean;
}

export function describeStoreContract(name: string, makeStores: () => Stores | Promise<Stores>, gaps: EmulatorGaps = {}): void {
  describe(`store contract: ${name}`, () => {
    let stores: Stores;
    beforeEach(async () => {
      stores = await makeStores();
    });

    describe('ImportStore', () => {
      it('creates an import once, reads it back, and gives copies', async () => {
        const record = importRecord();
        await stores.imports.create(record);
        await expect(stores.imports.create({ ...record, nomFichier: 'autre.json' })).rejects.toThrow();
        record.nomFichier = 'changed after create';
        const read = await stores.imports.get(record.identifiant);
        expect(read).toEqual({ ...record, nomFichier: 'depot.json' });
        read!.statut = 'TERMINE';
        expect((await stores.imports.get(record.identifiant))?.statut).toBe('EN_ATTENTE_FICHIER');
        expect(await stores.imports.get(unique())).toBeUndefined();
      });

      it('moves an import from the right state, with fields set, counters added and fields removed', async () => {
        const record = importRecord({ statut: 'SIMULATION_VALIDE', erreurTechnique: 'old failure', tentativesImport: 1 });
        await stores.imports.create(record);
        const moved = await stores.imports.transition(record.identifiant, 'SIMULATION_VALIDE', {
          set: { statut: 'IMPORT_EN_COURS', debutImport: T0, nomFichier: undefined },
          add: { tentativesImport: 1, tentativesSimulation: 2 },
          remove: ['erreurTechnique'],
        });
        const expected: ImportRecord = { ...record, statut: 'IMPORT_EN_COURS', debutImport: T0, tentativesImport: 2, tentativesSimulation: 2 };
        delete expected.erreurTechnique;
        expect(moved).toEqual(expected);
        expect(await stores.imports.get(record.identifiant)).toEqual(expected);
      });

      it('refuses a move from the wrong state, and never creates a missing import', async () => {
        const record = importRecord({ statut: 'IMPORTE' });
        await stores.imports.create(record);
        expect(await stores.imports.transition(record.identifiant, 'SIMULATION_VALIDE', { set: { statut: 'IMPORT_EN_COURS' } })).toBeUndefined();
        expect(await stores.imports.get(record.identifiant)).toEqual(record);
        const missing = unique();
        expect(await stores.imports.transition(missing, 'SIMULATION_VALIDE', { set: { statut: 'IMPORT_EN_COURS' } })).toBeUndefined();
        expect(await stores.imports.get(missing)).toBeUndefined();
      });

      it('takes a lease from its starting state, counting the attempt', async () => {
        const record = importRecord();
        await stores.imports.create(record);
        const held = await stores.imports.acquireLease(record.identifiant, record.siret, SIMULATION_LEASE, 'w1', at(0), at(1));
        expect(held).toEqual({ ...record, statut: 'SIMULATION_EN_COURS', traitementPar: 'w1', traitementJusqua: at(1).toISOString(), tentativesSimulation: 1 });
        expect(await stores.imports.get(record.identifiant)).toEqual(held);
      });

      it('refuses the lease while it is held, gives it again once expired', async () => {
        const record = importRecord();
        await stores.imports.create(record);
        await stores.imports.acquireLease(record.identifiant, record.siret, SIMULATION_LEASE, 'w1', at(0), at(1));
        expect(await stores.imports.acquireLease(record.identifiant, record.siret, SIMULATION_LEASE, 'w2', at(0.5), at(2))).toBeUndefined();
        // at the deadline itself, still held
        expect(await stores.imports.acquireLease(record.identifiant, record.siret, SIMULATION_LEASE, 'w2', at(1), at(2))).toBeUndefined();
        expect((await stores.imports.get(record.identifiant))?.traitementPar).toBe('w1');
        const taken = await stores.imports.acquireLease(record.identifiant, record.siret, SIMULATION_LEASE, 'w2', at(1.5), at(3));
        expect(taken).toMatchObject({ statut: 'SIMULATION_EN_COURS', traitementPar: 'w2', traitementJusqua: at(3).toISOString(), tentativesSimulation: 2 });
      });

      it("refuses the lease to another supplier, in a state it is not taken from, and on a missing import", async () => {
        const record = importRecord();
        const done = importRecord({ statut: 'SIMULATION_VALIDE' });
        await stores.imports.create(record);
        await stores.imports.create(done);
        expect(await stores.imports.acquireLease(record.identifiant, '55210055400013', SIMULATION_LEASE, 'w1', at(0), at(1))).toBeUndefined();
        expect(await stores.imports.acquireLease(done.identifiant, done.siret, SIMULATION_LEASE, 'w1', at(0), at(1))).toBeUndefined();
        expect(await stores.imports.acquireLease(unique(), record.siret, SIMULATION_LEASE, 'w1', at(0), at(1))).toBeUndefined();
        expect(await stores.imports.get(record.identifiant)).toEqual(record);
        expect(await stores.imports.get(done.identifiant)).toEqual(done);
      });

      it('settles the lease for its holder (fields written, lease dropped), not for a stale worker', async () => {
        const record = importRecord();
        await stores.imports.create(record);
        await stores.imports.acquireLease(record.identifiant, record.siret, SIMULATION_LEASE, 'w1', at(0), at(1));
        await stores.imports.acquireLease(record.identifiant, record.siret, SIMULATION_LEASE, 'w2', at(2), at(3));
        expect(await stores.imports.settleLease(record.identifiant, SIMULATION_LEASE, 'w1', { statut: 'SIMULATION_EN_ERREUR' })).toBe(false);
        expect((await stores.imports.get(record.identifiant))?.statut).toBe('SIMULATION_EN_COURS');
        const verdict = { statut: 'SIMULATION_VALIDE' as const, nombreDemandes: 3, sha256: 'ab'.repeat(32), cleRetour: 'retours/1.json' };
        expect(await stores.imports.settleLease(record.identifiant, SIMULATION_LEASE, 'w2', verdict)).toBe(true);
        const settled = await stores.imports.get(record.identifiant);
        expect(settled).toEqual({ ...record, ...verdict, tentativesSimulation: 2 });
        expect(settled).not.toHaveProperty('traitementPar');
        expect(settled).not.toHaveProperty('traitementJusqua');
        // settled: the lease is no one's any more
        expect(await stores.imports.settleLease(record.identifiant, SIMULATION_LEASE, 'w2', { statut: 'FORMAT_INVALIDE' })).toBe(false);
        expect((await stores.imports.get(record.identifiant))?.statut).toBe('SIMULATION_VALIDE');
      });

      it('keeps the lease when asked (a release for a retry), so the next attempt takes it at once', async () => {
        const record = importRecord();
        await stores.imports.create(record);
        await stores.imports.acquireLease(record.identifiant, record.siret, SIMULATION_LEASE, 'w1', at(0), at(10));
        expect(await stores.imports.settleLease(record.identifiant, SIMULATION_LEASE, 'w1', { traitementJusqua: at(0).toISOString() }, true)).toBe(true);
        expect(await stores.imports.get(record.identifiant)).toMatchObject({ statut: 'SIMULATION_EN_COURS', traitementPar: 'w1', traitementJusqua: at(0).toISOString() });
        expect(await stores.imports.settleLease(record.identifiant, SIMULATION_LEASE, 'w9', { traitementJusqua: at(20).toISOString() }, true)).toBe(false);
        expect(await stores.imports.acquireLease(record.identifiant, record.siret, SIMULATION_LEASE, 'w2', at(0.1), at(1))).toMatchObject({ traitementPar: 'w2', tentativesSimulation: 2 });
      });

      it("lists a supplier's imports newest first, with filters, a date range and pages", async () => {
        const siret = uniqueSiret();
        const records = [0, 1, 2, 3, 4].map((i) =>
          importRecord({ siret, creeLe: minutesAfter(T0, i), numeroAns: i % 2 === 0 ? 'MJCDPI0001' : 'MJCDPI0002', typeDemande: i === 4 ? 'SOLDE' : 'AVANCE' }),
        );
        await Promise.all(records.map((r) => stores.imports.create(r)));
        await stores.imports.create(importRecord({ siret: uniqueSiret(), creeLe: minutesAfter(T0, 2) }));
        const ids = (page: Page<ImportRecord>) => page.elements.map((r) => r.identifiant);
        const id = (i: number) => records[i]!.identifiant;

        const all = await stores.imports.list(siret, {}, 10);
        expect(all.elements).toEqual([...records].reverse());
        expect(all.next).toBeUndefined();
        expect(ids(await stores.imports.list(siret, { numeroAns: 'MJCDPI0002' }, 10))).toEqual([id(3), id(1)]);
        expect(ids(await stores.imports.list(siret, { typeDemande: 'SOLDE' }, 10))).toEqual([id(4)]);
        // from inclusive, to exclusive
        expect(ids(await stores.imports.list(siret, { from: at(1), to: at(3) }, 10))).toEqual([id(2), id(1)]);
        expect(ids(await stores.imports.list(siret, { from: at(3) }, 10))).toEqual([id(4), id(3)]);
        expect(ids(await stores.imports.list(siret, { to: at(1) }, 10))).toEqual([id(0)]);

        const pages = await allPages((after) => stores.imports.list(siret, {}, 2, after));
        expect(pages.map((p) => p.map((r) => r.identifiant))).toEqual([[id(4), id(3)], [id(2), id(1)], [id(0)]]);
        const filtered = await allPages((after) => stores.imports.list(siret, { numeroAns: 'MJCDPI0001' }, 2, after));
        expect(filtered.map((p) => p.map((r) => r.identifiant))).toEqual([[id(4), id(2)], [id(0)]]);
        // a page that ends exactly with the last item says there is no next one
        expect((await stores.imports.list(siret, {}, 5)).next).toBeUndefined();
        expect((await stores.imports.list(siret, { numeroAns: 'MJCDPI0002' }, 2)).next).toBeUndefined();
        expect(await stores.imports.list(uniqueSiret(), {}, 10)).toEqual({ elements: [], next: undefined });
      });

      it('takes archive permits only in the given state, each once, several at once; drops one only as kept; none left is no attribute', async () => {
        const record = importRecord({ statut: 'IMPORTE' });
        await stores.imports.create(record);
        const p1 = permitOf({ archive: 11, until: at(1).toISOString(), worker: 'w1' });
        const p2 = permitOf({ archive: 12, until: at(2).toISOString(), worker: 'w2' });
        expect(await stores.imports.takePermit(record.identifiant, 'IMPORTE', p1)).toBe(true);
        expect(await stores.imports.takePermit(record.identifiant, 'IMPORTE', p2)).toBe(true);
        expect(await stores.imports.takePermit(record.identifiant, 'IMPORTE', p1)).toBe(true);
        expect((await stores.imports.get(record.identifiant))?.archivesEnCours).toEqual([p1, p2].sort());
        // never in another state, never on a missing import
        expect(await stores.imports.takePermit(record.identifiant, 'TERMINE', permitOf({ archive: 13, until: at(1).toISOString(), worker: 'w3' }))).toBe(false);
        expect(await stores.imports.takePermit(unique(), 'IMPORTE', p1)).toBe(false);
        // dropped only exactly as kept (another deadline is another permit)
        expect(await stores.imports.dropPermit(record.identifiant, permitOf({ archive: 11, until: at(9).toISOString(), worker: 'w1' }))).toBe(false);
        expect(await stores.imports.dropPermit(record.identifiant, p1)).toBe(true);
        expect(await stores.imports.dropPermit(record.identifiant, p1)).toBe(false);
        expect((await stores.imports.get(record.identifiant))?.archivesEnCours).toEqual([p2]);
        expect(await stores.imports.dropPermit(record.identifiant, p2)).toBe(true);
        const none = await stores.imports.get(record.identifiant);
        expect(none).toEqual(record);
        expect(none).not.toHaveProperty('archivesEnCours');
        expect(await stores.imports.dropPermit(unique(), p2)).toBe(false);
      });

      it('moves without permits only while none is held, as one conditional write; permits show in what it returns', async () => {
        const record = importRecord({ statut: 'IMPORTE' });
        await stores.imports.create(record);
        const permit = permitOf({ archive: 21, until: at(1).toISOString(), worker: 'w1' });
        expect(await stores.imports.takePermit(record.identifiant, 'IMPORTE', permit)).toBe(true);
        expect(await stores.imports.transitionWithoutPermits(record.identifiant, 'IMPORTE', { set: { statut: 'TERMINE', dateFin: T0 } })).toBeUndefined();
        expect(await stores.imports.get(record.identifiant)).toEqual({ ...record, archivesEnCours: [permit] });
        // a plain transition does not look at permits
        expect(await stores.imports.transition(record.identifiant, 'IMPORTE', { set: { nomFichier: 'x.json' } })).toEqual({ ...record, nomFichier: 'x.json', archivesEnCours: [permit] });
        await stores.imports.dropPermit(record.identifiant, permit);
        expect(await stores.imports.transitionWithoutPermits(record.identifiant, 'SIMULATION_VALIDE', { set: { statut: 'TERMINE' } })).toBeUndefined();
        const finished = await stores.imports.transitionWithoutPermits(record.identifiant, 'IMPORTE', { set: { statut: 'TERMINE', dateFin: T0 } });
        expect(finished).toEqual({ ...record, nomFichier: 'x.json', statut: 'TERMINE', dateFin: T0 });
        // once it moved on, no permit can be taken
        expect(await stores.imports.takePermit(record.identifiant, 'IMPORTE', permit)).toBe(false);
        expect(await stores.imports.get(record.identifiant)).toEqual(finished);
        expect(await stores.imports.transitionWithoutPermits(unique(), 'IMPORTE', { set: { statut: 'TERMINE' } })).toBeUndefined();
      });

      it('lists every import in the given states (a scan), with its permits', async () => {
        const waiting = importRecord();
        const simulating = importRecord({ statut: 'SIMULATION_EN_COURS', traitementPar: 'w1', traitementJusqua: at(1).toISOString(), tentativesSimulation: 1 });
        const imported = importRecord({ statut: 'IMPORTE' });
        const done = importRecord({ statut: 'TERMINE' });
        const mine = [waiting, simulating, imported, done];
        await Promise.all(mine.map((r) => stores.imports.create(r)));
        const permit = permitOf({ archive: 31, until: at(1).toISOString(), worker: 'w1' });
        await stores.imports.takePermit(imported.identifiant, 'IMPORTE', permit);
        const ids = new Set(mine.map((r) => r.identifiant));
        const listed = async (statuts: ImportRecord['statut'][]) =>
          (await stores.imports.listByStatus(statuts)).filter((r) => ids.has(r.identifiant)).sort((a, b) => a.identifiant - b.identifiant);
        expect(await listed(['EN_ATTENTE_FICHIER', 'SIMULATION_EN_COURS', 'IMPORTE'])).toEqual([waiting, simulating, { ...imported, archivesEnCours: [permit] }]);
        expect(await listed(['TERMINE'])).toEqual([done]);
        expect(await listed(['FORMAT_INVALIDE'])).toEqual([]);
        expect(await stores.imports.listByStatus([])).toEqual([]);
      });
    });

    describe('DemandeStore', () => {
      it('creates requests only if absent: a replay keeps what moved on', async () => {
        const first = demandeRecord({ numLigne: 1 });
        const second = demandeRecord({ numLigne: 2 });
        await stores.demandes.createMany([first, second]);
        expect(await stores.demandes.move(first.numeroDossier, 'INCOMPLETE', 'EN_COURS')).toBe(true);
        await stores.demandes.createMany([{ ...first, nomClient: 'rejoué' }, second]);
        expect(await stores.demandes.get(first.numeroDossier)).toEqual({ ...first, statut: 'EN_COURS' });
        expect(await stores.demandes.get(second.numeroDossier)).toEqual(second);
        expect(await stores.demandes.get(`FINHOP${unique()}M0`)).toBeUndefined();
        await stores.demandes.createMany([]);
      });

      it('gives copies, never its own records', async () => {
        const record = demandeRecord();
        await stores.demandes.createMany([record]);
        record.piecesAttendues[0]!.nomFichier = 'changé.pdf';
        const read = await stores.demandes.get(record.numeroDossier);
        expect(read?.piecesAttendues[0]?.nomFichier).toBe('a.pdf');
        read!.piecesAttendues[1]!.nomFichier = 'changé.pdf';
        expect((await stores.demandes.getMany([record.numeroDossier]))[0]?.piecesAttendues[1]?.nomFichier).toBe('b.pdf');
      });

      it('keeps amounts beyond what a double (or a DynamoDB Number) holds exactly, by every read', async () => {
        const identifiantImport = unique();
        const siret = uniqueSiret();
        // the last: 60 nines, past the 38 digits a DynamoDB Number holds
        const amounts = ['12345678901234567.89', '1e+400', `${'9'.repeat(60)}.99`];
        const records = amounts.map((ht, i) =>
          demandeRecord({
            identifiantImport,
            siret,
            numLigne: i + 1,
            creeLe: minutesAfter(T0, i),
            montantSegurHT: ht,
            montantSegurTTC: exactAmountWithVat(ht, 20),
            commande: { numeroBonCommande: 'BC-1', montantSegurHT: ht },
          }),
        );
        expect(records.map((r) => r.montantSegurTTC)).toEqual(['14814814681481481.47', '1.2e+400', `1.1${'9'.repeat(61)}e+60`]); // (10^62 − 1) cents × 1.2, rounded up
        await stores.demandes.createMany(records);
        expect(await stores.demandes.get(records[1]!.numeroDossier)).toEqual(records[1]);
        expect(await stores.demandes.getMany(records.map((r) => r.numeroDossier))).toEqual(records);
        expect((await stores.demandes.list(siret, {}, 10)).elements).toEqual([...records].reverse());
        const byImport = async () => (await stores.demandes.listByImport(identifiantImport)).sort((a, b) => a.numLigne - b.numLigne);
        await expect.poll(byImport).toEqual(records); // an index: eventually consistent
      });

      it('reads many by dossier number, sorted by line, skipping unknown ones, past 100 keys', async () => {
        const identifiantImport = unique();
        const records = Array.from({ length: 130 }, (_, i) => demandeRecord({ identifiantImport, numLigne: i + 1 }));
        await stores.demandes.createMany(records);
        const asked = [...records].reverse().map((r) => r.numeroDossier);
        const found = await stores.demandes.getMany([...asked, `FINHOP${unique()}M0`, asked[0]!]);
        expect(found).toEqual(records);
        expect(await stores.demandes.getMany([])).toEqual([]);
      });

      it('moves a request only from the state it is in, and never creates one', async () => {
        const record = demandeRecord();
        await stores.demandes.createMany([record]);
        expect(await stores.demandes.move(record.numeroDossier, 'EN_COURS', 'VALIDEE')).toBe(false);
        expect((await stores.demandes.get(record.numeroDossier))?.statut).toBe('INCOMPLETE');
        expect(await stores.demandes.move(record.numeroDossier, 'INCOMPLETE', 'EN_COURS')).toBe(true);
        expect((await stores.demandes.get(record.numeroDossier))?.statut).toBe('EN_COURS');
        const missing = `FINHOP${unique()}M0`;
        expect(await stores.demandes.move(missing, 'INCOMPLETE', 'EN_COURS')).toBe(false);
        expect(await stores.demandes.get(missing)).toBeUndefined();
      });

      it("lists a supplier's requests newest first, with each filter, a date range and pages", async () => {
        const siret = uniqueSiret();
        const prefix = `FINHOP${unique()}`;
        const records = [0, 1, 2, 3, 4].map((i) =>
          demandeRecord({
            siret,
            numeroDossier: `${prefix}${i}M0`,
            numLigne: i + 1,
            creeLe: minutesAfter(T0, i),
            typeDemande: i === 0 ? 'SOLDE' : 'AVANCE',
            statut: i === 1 ? 'EN_COURS' : 'INCOMPLETE',
            statutPaiement: i === 2 ? 'PAIEMENT_EN_COURS' : 'AUCUN_PAIEMENT_EN_COURS',
            logiciel: i === 3 ? 'PFI_V2' : 'DPI_V2',
          }),
        );
        await stores.demandes.createMany(records);
        await stores.demandes.createMany([demandeRecord({ siret: uniqueSiret(), numeroDossier: `${prefix}9M0` })]);
        const numeros = (page: Page<DemandeRecord>) => page.elements.map((r) => r.numeroDossier);
        const n = (i: number) => records[i]!.numeroDossier;

        const all = await stores.demandes.list(siret, {}, 10);
        expect(all).toEqual({ elements: [...records].reverse(), next: undefined });
        expect(numeros(await stores.demandes.list(siret, { numero: `${prefix}3` }, 10))).toEqual([n(3)]);
        expect(numeros(await stores.demandes.list(siret, { numero: prefix }, 10))).toEqual([n(4), n(3), n(2), n(1), n(0)]);
        expect(numeros(await stores.demandes.list(siret, { typeDemande: 'SOLDE' }, 10))).toEqual([n(0)]);
        expect(numeros(await stores.demandes.list(siret, { statut: 'EN_COURS' }, 10))).toEqual([n(1)]);
        expect(numeros(await stores.demandes.list(siret, { statutPaiement: 'PAIEMENT_EN_COURS' }, 10))).toEqual([n(2)]);
        expect(numeros(await stores.demandes.list(siret, { logiciel: 'PFI_V2' }, 10))).toEqual([n(3)]);
        expect(numeros(await stores.demandes.list(siret, { logiciel: 'DPI_V2', typeDemande: 'AVANCE' }, 10))).toEqual([n(4), n(2), n(1)]);
        expect(numeros(await stores.demandes.list(siret, { from: at(2), to: at(4) }, 10))).toEqual([n(3), n(2)]);

        const pages = await allPages((after) => stores.demandes.list(siret, {}, 2, after));
        expect(pages.map((p) => p.map((r) => r.numeroDossier))).toEqual([[n(4), n(3)], [n(2), n(1)], [n(0)]]);
        const filtered = await allPages((after) => stores.demandes.list(siret, { statut: 'INCOMPLETE' }, 3, after));
        expect(filtered.map((p) => p.map((r) => r.numeroDossier))).toEqual([[n(4), n(3), n(2)], [n(0)]]);
        const ranged = await allPages((after) => stores.demandes.list(siret, { from: at(1) }, 3, after));
        expect(ranged.map((p) => p.map((r) => r.numeroDossier))).toEqual([[n(4), n(3), n(2)], [n(1)]]);
      });

      it("lists an import's requests by line through its index", async () => {
        const identifiantImport = unique();
        const records = [3, 1, 2].map((numLigne) => demandeRecord({ identifiantImport, numLigne }));
        await stores.demandes.createMany([...records, demandeRecord({ identifiantImport: unique() })]);
        const listed = await stores.demandes.listByImport(identifiantImport);
        expect(listed.map((r) => r.numLigne)).toEqual([1, 2, 3]);
        expect(listed[0]).toEqual(records[1]);
        expect(await stores.demandes.listByImport(unique())).toEqual([]);
      });
    });

    describe('ArchiveStore', () => {
      it("creates an archive once, reads it back, lists an import's newest first", async () => {
        const identifiantImport = unique();
        const older = archiveRecord({ identifiantImport });
        const newer = archiveRecord({ identifiantImport, identifiant: older.identifiant + 1, nomArchive: 'suite.zip' });
        await stores.archives.create(older);
        await stores.archives.create(newer);
        await stores.archives.create(archiveRecord());
        await expect(stores.archives.create({ ...older, nomArchive: 'autre.zip' })).rejects.toThrow();
        expect(await stores.archives.get(identifiantImport, older.identifiant)).toEqual(older);
        expect(await stores.archives.get(identifiantImport, unique())).toBeUndefined();
        expect(await stores.archives.listOfImport(identifiantImport)).toEqual([newer, older]);
        expect(await stores.archives.listOfImport(unique())).toEqual([]);
      });

      it('takes the lease from EN_ATTENTE, refuses it while held or to another supplier, gives it again once expired', async () => {
        const record = archiveRecord();
        const { identifiantImport: i, identifiant: a, siret } = record;
        await stores.archives.create(record);
        expect(await stores.archives.acquireLease(i, a, '55210055400013', ARCHIVE_LEASE, 'w1', at(0), at(1))).toBeUndefined();
        const held = await stores.archives.acquireLease(i, a, siret, ARCHIVE_LEASE, 'w1', at(0), at(1));
        expect(held).toEqual({ ...record, statut: 'EN_COURS', traitementPar: 'w1', traitementJusqua: at(1).toISOString(), tentatives: 1 });
        expect(await stores.archives.acquireLease(i, a, siret, ARCHIVE_LEASE, 'w2', at(0.5), at(2))).toBeUndefined();
        expect(await stores.archives.acquireLease(i, a, siret, ARCHIVE_LEASE, 'w2', at(2), at(3))).toMatchObject({ traitementPar: 'w2', tentatives: 2 });
        expect(await stores.archives.acquireLease(i, unique(), siret, ARCHIVE_LEASE, 'w1', at(0), at(1))).toBeUndefined();
      });

      it('settles the verdict for the holder only, writing an absent code and message as null', async () => {
        const record = archiveRecord();
        const { identifiantImport: i, identifiant: a, siret } = record;
        await stores.archives.create(record);
        await stores.archives.acquireLease(i, a, siret, ARCHIVE_LEASE, 'w1', at(0), at(1));
        await stores.archives.acquireLease(i, a, siret, ARCHIVE_LEASE, 'w2', at(2), at(3));
        const fichiers = [{ nom: 'a.pdf', statut: 'ACCEPTE' as const, code: null, message: null, numeroDossier: 'FINHOP000001M0', nomFichier: 'a.pdf' }];
        expect(await stores.archives.settleLease(i, a, ARCHIVE_LEASE, 'w1', { statut: 'REFUSEE', fichiers: [], code: 'ERREUR_TECHNIQUE', message: 'non' }, at(2))).toBe(false);
        expect((await stores.archives.get(i, a))?.statut).toBe('EN_COURS');
        expect(await stores.archives.settleLease(i, a, ARCHIVE_LEASE, 'w2', { statut: 'TRAITEE', fichiers }, at(2))).toBe(true);
        const settled = await stores.archives.get(i, a);
        expect(settled).toEqual({ ...record, statut: 'TRAITEE', fichiers, code: null, message: null, tentatives: 2 });
        expect(await stores.archives.settleLease(i, a, ARCHIVE_LEASE, 'w2', { statut: 'REFUSEE', fichiers: [] }, at(2))).toBe(false);
        expect(await stores.archives.acquireLease(i, a, siret, ARCHIVE_LEASE, 'w3', at(9), at(10))).toBeUndefined();
      });

      it('records no verdict once the lease has run out, even for its holder: the archive waits for a new attempt', async () => {
        const record = archiveRecord();
        const { identifiantImport: i, identifiant: a, siret } = record;
        await stores.archives.create(record);
        await stores.archives.acquireLease(i, a, siret, ARCHIVE_LEASE, 'w1', at(0), at(1));
        expect(await stores.archives.settleLease(i, a, ARCHIVE_LEASE, 'w1', { statut: 'TRAITEE', fichiers: [] }, at(1))).toBe(false);
        expect(await stores.archives.settleLease(i, a, ARCHIVE_LEASE, 'w1', { statut: 'TRAITEE', fichiers: [] }, at(5))).toBe(false);
        expect(await stores.archives.get(i, a)).toMatchObject({ statut: 'EN_COURS', traitementPar: 'w1' });
        expect(await stores.archives.acquireLease(i, a, siret, ARCHIVE_LEASE, 'w2', at(5), at(6))).toMatchObject({ traitementPar: 'w2', tentatives: 2 });
      });

      it('releases the lease for the holder only, to the given instant', async () => {
        const record = archiveRecord();
        const { identifiantImport: i, identifiant: a, siret } = record;
        await stores.archives.create(record);
        await stores.archives.acquireLease(i, a, siret, ARCHIVE_LEASE, 'w1', at(0), at(10));
        expect(await stores.archives.releaseLease(i, a, ARCHIVE_LEASE, 'w2', at(0))).toBe(false);
        expect((await stores.archives.get(i, a))?.traitementJusqua).toBe(at(10).toISOString());
        expect(await stores.archives.releaseLease(i, a, ARCHIVE_LEASE, 'w1', at(0))).toBe(true);
        expect(await stores.archives.get(i, a)).toMatchObject({ statut: 'EN_COURS', traitementPar: 'w1', traitementJusqua: at(0).toISOString() });
        expect(await stores.archives.acquireLease(i, a, siret, ARCHIVE_LEASE, 'w2', at(0.1), at(1))).toMatchObject({ traitementPar: 'w2', tentatives: 2 });
        expect(await stores.archives.releaseLease(i, unique(), ARCHIVE_LEASE, 'w1', at(0))).toBe(false);
      });

      it('lists every archive in the given states (a scan)', async () => {
        const waiting = archiveRecord();
        const running = archiveRecord({ statut: 'EN_COURS', traitementPar: 'w1', traitementJusqua: at(1).toISOString(), tentatives: 1 });
        const judged = archiveRecord({ statut: 'TRAITEE' });
        const mine = [waiting, running, judged];
        await Promise.all(mine.map((a) => stores.archives.create(a)));
        const ids = new Set(mine.map((a) => a.identifiant));
        const listed = async (statuts: ArchiveRecord['statut'][]) =>
          (await stores.archives.listByStatus(statuts)).filter((a) => ids.has(a.identifiant)).sort((a, b) => a.identifiant - b.identifiant);
        expect(await listed(['EN_ATTENTE', 'EN_COURS'])).toEqual([waiting, running]);
        expect(await listed(['TRAITEE'])).toEqual([judged]);
        expect(await listed(['REFUSEE'])).toEqual([]);
        expect(await stores.archives.listByStatus([])).toEqual([]);
      });
    });

    describe('UniciteStore', () => {
      it('writes a key if absent only; the first writer holds it', async () => {
        const first = unicite();
        expect(await stores.unicites.putIfAbsent(first)).toBe(true);
        expect(await stores.unicites.putIfAbsent({ ...first, identifiantImport: unique(), numeroDossier: 'FINHOP999999M0' })).toBe(false);
        expect(await stores.unicites.get(first.cle)).toEqual(first);
        expect(await stores.unicites.get(`absent-${unique()}`)).toBeUndefined();
      });

      it('replaces a key only while it names the previous dossier, and never creates one', async () => {
        const held = unicite();
        await stores.unicites.putIfAbsent(held);
        const wanted = { ...held, identifiantImport: unique(), numLigne: 7, numeroDossier: `FINHOP${unique()}M0` };
        expect(await stores.unicites.replaceIf(wanted, 'FINHOP000000M0')).toBe(false);
        expect(await stores.unicites.get(held.cle)).toEqual(held);
        expect(await stores.unicites.replaceIf(wanted, held.numeroDossier)).toBe(true);
        expect(await stores.unicites.get(held.cle)).toEqual(wanted);
        // the key moved on: a second replacement from the same previous dossier is refused
        expect(await stores.unicites.replaceIf({ ...wanted, numLigne: 8 }, held.numeroDossier)).toBe(false);
        const absent = unicite();
        expect(await stores.unicites.replaceIf(absent, absent.numeroDossier)).toBe(false);
        expect(await stores.unicites.get(absent.cle)).toBeUndefined();
      });

      it('reads many keys at once, the absent ones free', async () => {
        const held = Array.from({ length: 120 }, () => unicite());
        await Promise.all(held.map((u) => stores.unicites.putIfAbsent(u)));
        const free = `absent-${unique()}`;
        const found = await stores.unicites.getMany([free, ...held.map((u) => u.cle), held[0]!.cle]);
        expect(found.size).toBe(120);
        expect(found.get(held[5]!.cle)).toEqual(held[5]);
        expect(found.has(free)).toBe(false);
        expect((await stores.unicites.getMany([])).size).toBe(0);
      });

      it('deletes a key for its holder only', async () => {
        const held = unicite();
        await stores.unicites.putIfAbsent(held);
        await stores.unicites.deleteIfHeld(held.cle, { identifiantImport: held.identifiantImport, numLigne: held.numLigne + 1 });
        await stores.unicites.deleteIfHeld(held.cle, { identifiantImport: held.identifiantImport + 1, numLigne: held.numLigne });
        expect(await stores.unicites.get(held.cle)).toEqual(held);
        await stores.unicites.deleteIfHeld(held.cle, { identifiantImport: held.identifiantImport, numLigne: held.numLigne });
        expect(await stores.unicites.get(held.cle)).toBeUndefined();
        await stores.unicites.deleteIfHeld(held.cle, { identifiantImport: held.identifiantImport, numLigne: held.numLigne });
        expect(await stores.unicites.putIfAbsent(held)).toBe(true);
      });
    });

    describe('ReferentielStore', () => {
      const solution = (numeroAns: string, libelle = `Solution ${numeroAns}`) => ({ numeroAns, logiciel: 'DPI' as const, libelle, couloir: 'HOP' as const, vague: 'Va2' as const });
      const ans = () => `T${String(unique()).slice(-9).padStart(9, '0')}`;

      it('upserts suppliers by SIRET and numéro ANS; loading twice changes nothing', async () => {
        const siret = uniqueSiret();
        const [a, b] = [ans(), ans()];
        expect(await stores.referentiel.findFournisseur(siret)).toBeUndefined();
        const supplier = { siret, raisonSociale: 'Éditeur', statutEnrolement: 'VALIDE', solutions: [solution(b), solution(a)] };
        await stores.referentiel.upsertFournisseurs([supplier]);
        await stores.referentiel.upsertFournisseurs([supplier]);
        const expected = { ...supplier, solutions: [solution(a), solution(b)].sort((x, y) => x.numeroAns.localeCompare(y.numeroAns)) };
        expect(await stores.referentiel.findFournisseur(siret)).toEqual(expected);
        // a later load without a solution keeps it; it updates the rest
        await stores.referentiel.upsertFournisseurs([{ siret, raisonSociale: 'Éditeur renommé', statutEnrolement: 'SUSPENDU', solutions: [solution(a, 'Nouveau libellé')] }]);
        const updated = await stores.referentiel.findFournisseur(siret);
        expect(updated?.raisonSociale).toBe('Éditeur renommé');
        expect(updated?.statutEnrolement).toBe('SUSPENDU');
        expect(updated?.solutions.map((s) => [s.numeroAns, s.libelle]).sort()).toEqual([[a, 'Nouveau libellé'], [b, `Solution ${b}`]].sort());
      });

      it('moves a solution given to another supplier off its previous owner', async () => {
        const [first, second] = [uniqueSiret(), uniqueSiret()];
        const [shared, kept] = [ans(), ans()];
        await stores.referentiel.upsertFournisseurs([{ siret: first, raisonSociale: 'Premier', statutEnrolement: 'VALIDE', solutions: [solution(shared), solution(kept)] }]);
        await stores.referentiel.upsertFournisseurs([{ siret: second, raisonSociale: 'Second', statutEnrolement: 'VALIDE', solutions: [solution(shared)] }]);
        expect((await stores.referentiel.findFournisseur(first))?.solutions.map((s) => s.numeroAns)).toEqual([kept]);
        expect((await stores.referentiel.findFournisseur(second))?.solutions.map((s) => s.numeroAns)).toEqual([shared]);
        await stores.referentiel.upsertFournisseurs([{ siret: second, raisonSociale: 'Second', statutEnrolement: 'VALIDE', solutions: [] }]);
        expect((await stores.referentiel.findFournisseur(second))?.solutions).toHaveLength(1);
      });
    });

    describe('SequenceStore', () => {
      it('gives consecutive numbers, a block at once, never the same twice', async () => {
        const first = await stores.sequences.next('archives');
        expect(await stores.sequences.next('archives', 3)).toBe(first + 1);
        expect(await stores.sequences.next('archives')).toBe(first + 4);
        const together = await Promise.all(Array.from({ length: 10 }, () => stores.sequences.next('archives')));
        expect(new Set(together).size).toBe(10);
        expect(Math.min(...together)).toBe(first + 5);
      });
    });

    describe('ObjectStore', () => {
      const bytes = (n: number) => Buffer.from(Array.from({ length: n }, (_, i) => i % 251));

      it('writes, sizes and reads objects; a missing one is undefined', async () => {
        const key = `tests/${unique()}/fichier avec espace é+.json`;
        await stores.objects.write('documents', key, bytes(100), 'application/json');
        expect(await stores.objects.size('documents', key)).toBe(100);
        expect(await stores.objects.read('documents', key)).toEqual({ bytes: bytes(100), size: 100 });
        expect(await stores.objects.size('televersements', key)).toBeUndefined();
        expect(await stores.objects.read('televersements', key)).toBeUndefined();
        expect(await stores.objects.read('documents', `${key}.absent`, 10)).toBeUndefined();
      });

      it('reads at most maxBytes + 1 bytes and tells the whole size', async () => {
        const key = `tests/${unique()}/grand.bin`;
        await stores.objects.write('televersements', key, bytes(1000), 'application/octet-stream');
        const head = await stores.objects.read('televersements', key, 10);
        expect(head).toEqual({ bytes: bytes(11), size: 1000 });
        expect(Buffer.isBuffer(head?.bytes)).toBe(true);
        expect(await stores.objects.read('televersements', key, 5000)).toEqual({ bytes: bytes(1000), size: 1000 });
      });

      it('reads an empty object, with or without maxBytes', async () => {
        const empty = `tests/${unique()}/vide.bin`;
        await stores.objects.write('televersements', empty, new Uint8Array(0), 'application/octet-stream');
        expect(await stores.objects.size('televersements', empty)).toBe(0);
        expect(await stores.objects.read('televersements', empty)).toEqual({ bytes: Buffer.alloc(0), size: 0 });
        if (!gaps.rangeOnEmptyObject) expect(await stores.objects.read('televersements', empty, 10)).toEqual({ bytes: Buffer.alloc(0), size: 0 });
      });

      it('copies from one bucket to the other; copying a missing object fails', async () => {
        const from = `depots/${unique()}/dépôt n°1.json`;
        const to = `imports/${unique()}/copie.json`;
        await stores.objects.write('televersements', from, bytes(42), 'application/json');
        await stores.objects.copy('televersements', from, 'documents', to);
        expect(await stores.objects.read('documents', to)).toEqual({ bytes: bytes(42), size: 42 });
        await expect(stores.objects.copy('televersements', `${from}.absent`, 'documents', `${to}.2`)).rejects.toThrow();
        expect(await stores.objects.size('documents', `${to}.2`)).toBeUndefined();
      });

      it('removes one object; removing an absent one is no error', async () => {
        const key = `pieces/${unique()}/3/FINHOP000001M0/pièce é.pdf`;
        await stores.objects.write('documents', key, bytes(10), 'application/pdf');
        await stores.objects.write('televersements', key, bytes(10), 'application/pdf');
        await stores.objects.remove('documents', key);
        expect(await stores.objects.size('documents', key)).toBeUndefined();
        expect(await stores.objects.size('televersements', key)).toBe(10);
        await stores.objects.remove('documents', key);
      });

      it('removes every object under a folder, and only those', async () => {
        const folder = `pieces/${unique()}/3/`;
        const keys = Array.from({ length: 7 }, (_, n) => `${folder}FINHOP00000${n}M0/pièce ${n}.pdf`);
        for (const key of keys) await stores.objects.write('documents', key, bytes(10), 'application/pdf');
        const beside = `${folder.slice(0, -1)}4/gardé.pdf`;
        await stores.objects.write('documents', beside, bytes(10), 'application/pdf');
        await stores.objects.write('televersements', keys[0]!, bytes(10), 'application/pdf');
        expect(await stores.objects.removeUnder('documents', folder)).toBe(7);
        for (const key of keys) expect(await stores.objects.size('documents', key)).toBeUndefined();
        expect(await stores.objects.size('documents', beside)).toBe(10);
        expect(await stores.objects.size('televersements', keys[0]!)).toBe(10);
        expect(await stores.objects.removeUnder('documents', folder)).toBe(0);
        await expect(stores.objects.removeUnder('documents', folder.slice(0, -1))).rejects.toThrow(/not a folder/);
      });

      it('presigns an upload form for one key and a download link', async () => {
        const key = `depots/${unique()}/fichier.json`;
        const upload = await stores.objects.presignUpload('televersements', key, 5_000_000, 900, new Date(T0));
        expect(upload.url).toMatch(/^[a-z]+:\/\//);
        expect(upload.champs.key).toBe(key);
        expect(upload.expireLe).toBe(minutesAfter(T0, 15));
        expect(upload.tailleMax).toBe(5_000_000);
        const link = await stores.objects.presignDownload('documents', key, 'retour é.json', 'application/json');
        expect(link).toContain(key);
      });
    });
  });
}
