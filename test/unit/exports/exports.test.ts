/** The export use cases over the in-memory stores: every page walked, French columns, large exports through a link. */
import { describe, expect, it } from 'vitest';
import { createMemoryStores } from '../../../shared/adapters/memory/stores.js';
import { exportDemandes } from '../../../shared/app/exports/demandes-export.js';
import { exportImports } from '../../../shared/app/exports/imports-export.js';
import { WALK_PAGE_SIZE } from '../../../shared/app/exports/every-element.js';
import type { Download } from '../../../shared/app/import/download-file.js';
import { fakeRuntime } from '../app/world.js';
import { demandeRecord, importRecord } from '../../adapters/store-records.js';

const SIRET = '40308070600020';
const OTHER = '40208090600010';

function rowsOf(file: Download): string[][] {
  if (file.kind !== 'inline') throw new Error(`expected an inline file, got ${file.kind}`);
  const text = file.bytes.toString('utf8');
  expect(text.startsWith('\uFEFF')).toBe(true);
  expect(text.endsWith('\r\n')).toBe(true);
  return text.slice(1, -2).split('\r\n').map((line) => line.split(';'));
}

const minutes = (n: number) => new Date(Date.UTC(2026, 10, 26, 8, n)).toISOString();

describe('GET /exports/demandes (use case)', () => {
  it('exports every matching request of the supplier, walking every page, newest first', async () => {
    const stores = createMemoryStores();
    const count = WALK_PAGE_SIZE * 2 + 17;
    const mine = Array.from({ length: count }, (_, i) =>
      demandeRecord({ numeroDossier: `FINHOP${String(i + 1).padStart(6, '0')}M0`, siret: SIRET, creeLe: minutes(i), numLigne: i + 1, typeDemande: i % 3 === 0 ? 'SOLDE' : 'AVANCE' }),
    );
    await stores.demandes.createMany([...mine, demandeRecord({ siret: OTHER, nomClient: 'Autre fournisseur' })]);
    const runtime = fakeRuntime('2026-11-26T23:30:00.000Z');

    const file = await exportDemandes(stores, runtime, SIRET, {});
    expect(file).toMatchObject({ kind: 'inline', fileName: `demandes-${SIRET}-20261127.csv`, contentType: 'text/csv; charset=utf-8' });
    const [header, ...rows] = rowsOf(file);
    expect(header).toEqual([
      'Numéro de dossier', 'Type de demande', 'Numéro éditeur', 'Logiciel', 'Numéro ANS', 'Date de dépôt', 'Statut', 'État de paiement',
      'Dénomination sociale', 'FINESS PMSI', 'Montant Ségur HT (€)', 'Montant Ségur TTC (€)', "Identifiant de l'import", 'Numéro de ligne',
    ]);
    expect(rows).toHaveLength(count);
    expect(rows.map((r) => r[0])).toEqual(mine.map((d) => d.numeroDossier).reverse());
    expect(rows[0]).toEqual([mine[count - 1]!.numeroDossier, 'AVANCE', 'ED-1', 'DPI_V2', 'MJCDPI0001', '01/03/2025', 'Incomplète', 'Aucun paiement en cours', 'Hôpital de démonstration', '750712184', '1250,00', '1500,00', '1', String(count)]);

    const soldes = rowsOf(await exportDemandes(stores, runtime, SIRET, { typeDemande: 'SOLDE' })).slice(1);
    expect(soldes.map((r) => r[0])).toEqual(mine.filter((d) => d.typeDemande === 'SOLDE').map((d) => d.numeroDossier).reverse());
    expect(rowsOf(await exportDemandes(stores, runtime, '11111111111111', {}))).toHaveLength(1);
  });

  it('writes a large export under exports/<siret>/ and answers a link, as large files are', async () => {
    const stores = createMemoryStores();
    await stores.demandes.createMany([demandeRecord({ siret: SIRET }), demandeRecord({ siret: SIRET })]);
    const runtime = fakeRuntime();
    const inline = await exportDemandes(stores, runtime, SIRET, {});
    if (inline.kind !== 'inline') throw new Error('inline expected');

    const file = await exportDemandes(stores, runtime, SIRET, {}, inline.bytes.length - 1);
    expect(file.kind).toBe('link');
    const url = (file as { url: string }).url;
    const key = url.replace('memory://documents/', '');
    expect(key).toMatch(new RegExp(`^exports/${SIRET}/[^/]+\\.csv$`));
    expect((await stores.objects.read('documents', key))?.bytes.equals(inline.bytes)).toBe(true);
    // each export its own object
    const again = await exportDemandes(stores, runtime, SIRET, {}, 10);
    expect((again as { url: string }).url).not.toBe(url);
  });
});

describe('GET /exports/imports (use case)', () => {
  it('exports every import with its date and time in Paris, counts and French status', async () => {
    const stores = createMemoryStores();
    const imported = importRecord({
      siret: SIRET,
      statut: 'IMPORTE',
      nomFichier: '=cmd|calc.json',
      dateDepot: '2026-07-14T09:05:00.000+02:00',
      creeLe: '2026-07-14T07:05:00.000Z',
      nombreDemandes: 3,
      nombreDemandesValides: 3,
      nombreDemandesEnErreur: 0,
      compteRendu: { nombreLignes: 3, nombreLignesImportees: 2, nombreLignesRejetees: 1, rejets: [] },
    });
    const waiting = importRecord({ siret: SIRET, typeDemande: 'SOLDE', creeLe: '2026-07-15T07:05:00.000Z', dateDepot: '2026-07-15T09:05:00.000+02:00' });
    for (const r of [imported, waiting, importRecord({ siret: OTHER })]) await stores.imports.create(r);

    const file = await exportImports(stores, fakeRuntime(), SIRET, {});
    expect(file).toMatchObject({ kind: 'inline', fileName: `imports-${SIRET}-20261126.csv` });
    expect(rowsOf(file)).toEqual([
      ['Identifiant', 'Date de dépôt', 'Numéro ANS', 'Type de demande', 'Nom du fichier', 'Nombre de demandes', 'Demandes retenues', 'Demandes rejetées', 'Statut'],
      [String(waiting.identifiant), '15/07/2026 09:05', 'MJCDPI0001', 'SOLDE', 'depot.json', '', '', '', 'En attente du fichier'],
      [String(imported.identifiant), '14/07/2026 09:05', 'MJCDPI0001', 'AVANCE', "'=cmd|calc.json", '3', '2', '1', 'Importé'],
    ]);
    expect(rowsOf(await exportImports(stores, fakeRuntime(), SIRET, { typeDemande: 'AVANCE' }))).toHaveLength(2);
  });
});
