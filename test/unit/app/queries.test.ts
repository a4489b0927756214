/** What the API reads (SPEC §8): a supplier sees only its own; files inline or by link; reference data; ENT-03 at creation. */
import { describe, expect, it } from 'vitest';
import { findSupplierDemande, listDemandes } from '../../../shared/app/demandes/queries.js';
import { createImport } from '../../../shared/app/import/create-import.js';
import { INLINE_MAX_BYTES, downloadReturnFile, downloadUploadedFile } from '../../../shared/app/import/download-file.js';
import { findSupplierImport, listImports } from '../../../shared/app/import/queries.js';
import { loadReferentiel, supplierSolutions } from '../../../shared/app/referentiel/referentiel.js';
import { DPI_ANS, DPI_SIRET, PFI_SIRET, bytesOf, validFile } from '../../fixtures/deposit-files.js';
import { created, imported, simulated, world } from './world.js';

describe('imports', () => {
  it('a supplier finds its own import, never another’s', async () => {
    const w = await world();
    const record = await created(w);
    expect(await findSupplierImport(w.stores, DPI_SIRET, record.identifiant)).toEqual(record);
    expect(await findSupplierImport(w.stores, PFI_SIRET, record.identifiant)).toBeUndefined();
    expect(await findSupplierImport(w.stores, DPI_SIRET, 999)).toBeUndefined();
  });

  it('creates an import waiting for its file with a presigned upload of 15 minutes and 5 MB', async () => {
    const w = await world();
    const outcome = await createImport(w.stores, w.runtime, DPI_SIRET, { numeroAns: DPI_ANS, typeDemande: 'SOLDE', tauxTva: 8.5, nomFichier: 'lot.json' });
    expect(outcome).toMatchObject({
      kind: 'created',
      record: { identifiant: 1, statut: 'EN_ATTENTE_FICHIER', logiciel: 'DPI', typeDemande: 'SOLDE', tauxTva: 8.5, nomFichier: 'lot.json', dateDepot: '2026-11-26T09:00:00.000+01:00', creeLe: '2026-11-26T08:00:00.000Z', televersementExpireLe: '2026-11-26T08:15:00.000Z' },
      televersement: { expireLe: '2026-11-26T08:15:00.000Z', tailleMax: 5 * 1024 * 1024, champs: { key: `depots/${DPI_SIRET}/1/fichier.json` } },
    });
  });

  it('refuses ENT-03 a numéro ANS that is not the supplier’s, or a supplier whose enrolment is not VALIDE', async () => {
    const w = await world();
    const ask = (siret: string, numeroAns: string) => createImport(w.stores, w.runtime, siret, { numeroAns, typeDemande: 'AVANCE', tauxTva: 20, nomFichier: 'a.json' });
    expect(await ask(PFI_SIRET, DPI_ANS)).toMatchObject({ kind: 'refused', code: 'ENT-03' });
    expect(await ask('55210055400013', 'ZZZDPI0001')).toMatchObject({ kind: 'refused', code: 'ENT-03' });
    expect(await ask('12345678901234', DPI_ANS)).toMatchObject({ kind: 'refused', code: 'ENT-03' });
    expect(await listImports(w.stores, PFI_SIRET, {}, 50)).toEqual({ elements: [], next: undefined });
  });

  it('lists a supplier’s imports newest first', async () => {
    const w = await world();
    const first = await created(w);
    w.runtime.advance(1000);
    const second = await created(w);
    const page = await listImports(w.stores, DPI_SIRET, {}, 1);
    expect(page.elements.map((r) => r.identifiant)).toEqual([second.identifiant]);
    const next = await listImports(w.stores, DPI_SIRET, {}, 1, page.next);
    expect(next.elements.map((r) => r.identifiant)).toEqual([first.identifiant]);
  });
});

describe('downloads', () => {
  it('the return file and the uploaded file: unavailable before the simulation, inline after', async () => {
    const w = await world();
    const waiting = await created(w);
    expect(await downloadReturnFile(w.stores, waiting)).toEqual({
      kind: 'unavailable',
      message: `Le fichier de retour de l'import ${waiting.identifiant} n'est pas disponible (statut EN_ATTENTE_FICHIER) : la simulation n'est pas terminée`,
    });
    expect(await downloadUploadedFile(w.stores, waiting)).toEqual({
      kind: 'unavailable',
      message: `Le fichier de l'import ${waiting.identifiant} n'a pas encore été reçu et simulé (statut EN_ATTENTE_FICHIER)`,
    });
    const record = await simulated(w, validFile(1));
    expect(await downloadUploadedFile(w.stores, record)).toEqual({ kind: 'inline', bytes: bytesOf(validFile(1)), fileName: 'depot.json', contentType: 'application/json; charset=utf-8' });
    expect(await downloadReturnFile(w.stores, record)).toMatchObject({ kind: 'inline', fileName: 'depot-retour.json' });
  });

  it('past 4 MB, a short-lived link; a file recorded but missing is lost', async () => {
    const w = await world();
    const record = await simulated(w, validFile(1));
    await w.stores.objects.write('documents', record.cleRetour!, Buffer.alloc(INLINE_MAX_BYTES + 1), 'application/json');
    expect(await downloadReturnFile(w.stores, record)).toEqual({ kind: 'link', url: `memory://documents/${record.cleRetour}` });
    expect(await downloadUploadedFile(w.stores, { ...record, cleFichier: 'fichiers/absent.json' })).toEqual({ kind: 'lost' });
  });
});

describe('requests', () => {
  it('a supplier finds its own request by dossier number, never another’s nor a malformed number', async () => {
    const w = await world();
    const record = await imported(w, validFile(2));
    const numero = record.dossiers![0]!;
    expect(await findSupplierDemande(w.stores, DPI_SIRET, numero)).toMatchObject({ numeroDossier: numero, numLigne: 1 });
    expect(await findSupplierDemande(w.stores, PFI_SIRET, numero)).toBeUndefined();
    expect(await findSupplierDemande(w.stores, DPI_SIRET, 'FINHOP')).toBeUndefined();
    const page = await listDemandes(w.stores, DPI_SIRET, { numero: 'FINHOP00000' }, 50);
    expect(page.elements.map((r) => r.numeroDossier).sort()).toEqual([...record.dossiers!].sort());
  });
});

describe('reference data', () => {
  it('loads suppliers (twice changes nothing) and gives each its solutions', async () => {
    const w = await world();
    expect(await supplierSolutions(w.stores, '11111111111111')).toBeUndefined();
    const supplier = { siret: '11111111111111', raisonSociale: 'Nouvel éditeur', statutEnrolement: 'VALIDE', solutions: [] };
    await loadReferentiel(w.stores, [supplier]);
    await loadReferentiel(w.stores, [supplier]);
    expect(await supplierSolutions(w.stores, '11111111111111')).toEqual(supplier);
    expect((await supplierSolutions(w.stores, DPI_SIRET))!.solutions.map((s) => s.numeroAns)).toEqual([DPI_ANS]);
  });
});
