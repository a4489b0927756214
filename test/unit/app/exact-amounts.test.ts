/**
 * The commit over the in-memory stores (SPEC §4.2, §6): a request keeps its amount exactly as the
 * file wrote it, however many digits or however large (`1e400` is a valid amount), and its TTC is
 * computed exactly; its `commande` holds the same exact amount, not a double. The CSV export
 * writes them with a decimal comma.
 */
import { describe, expect, it } from 'vitest';
import { exportDemandes } from '../../../shared/app/exports/demandes-export.js';
import { commitImport } from '../../../shared/app/import/commit-import.js';
import { createImport } from '../../../shared/app/import/create-import.js';
import { startImport } from '../../../shared/app/import/start-import.js';
import { simulateUpload } from '../../../shared/app/simulation/simulate-upload.js';
import { bytesOf, DPI_ANS, DPI_SIRET, validFile, validLine } from '../../fixtures/deposit-files.js';
import { commitKey, imported, uploaded, world } from './world.js';

/** The marker replaced by each amount's text in the file's bytes. */
const MARKER = 424242.42;

/** A file whose line i has montantSegurHT written as amounts[i]. */
function fileWritten(amounts: readonly string[]): Buffer {
  const lines = amounts.map((_, i) => {
    const line = validLine(i + 1);
    line.commande.montantSegurHT = MARKER;
    return line;
  });
  let text = bytesOf({ ...validFile(0), lignesImport: lines }).toString('utf8');
  for (const amount of amounts) text = text.replace(String(MARKER), amount);
  expect(text).not.toContain(String(MARKER));
  return Buffer.from(text, 'utf8');
}

describe('amounts kept exactly at import', () => {
  it('gives each request the exact HT as written, canonical, and the exact TTC; CSV with a decimal comma', async () => {
    const w = await world();
    const written = ['12345678901234567.89', '1e400', '1E400', '1250.50', '9007199254740993', `${'9'.repeat(40)}.99`];
    const record = await imported(w, fileWritten(written));
    expect(record.statut).toBe('IMPORTE');
    const requests = await w.stores.demandes.getMany(record.dossiers!);
    expect(requests.map((r) => [r.montantSegurHT, r.montantSegurTTC, r.commande.montantSegurHT])).toEqual([
      ['12345678901234567.89', '14814814681481481.47', '12345678901234567.89'],
      ['1e+400', '1.2e+400', '1e+400'],
      ['1e+400', '1.2e+400', '1e+400'],
      ['1250.5', '1500.6', '1250.5'],
      ['9007199254740993', '10808639105689191.6', '9007199254740993'],
      // 42 digits, past 10^21: the exponent form; (10^42 − 1) cents × 1.2 = …98.8 cents, rounded up
      [`9.${'9'.repeat(41)}e+39`, `1.1${'9'.repeat(41)}e+40`, `9.${'9'.repeat(41)}e+39`],
    ]);

    const file = await exportDemandes(w.stores, w.runtime, record.siret, {});
    if (file.kind !== 'inline') throw new Error(file.kind);
    const rows = file.bytes.toString('utf8').slice(1, -2).split('\r\n').slice(1).map((row) => row.split(';'));
    const byDossier = new Map(rows.map((row) => [row[0], row.slice(10, 12)]));
    expect(requests.map((r) => byDossier.get(r.numeroDossier))).toEqual([
      ['12345678901234567,89', '14814814681481481,47'],
      ['1e+400', '1,2e+400'],
      ['1e+400', '1,2e+400'],
      ['1250,50', '1500,60'],
      ['9007199254740993,00', '10808639105689191,60'],
      [`9,${'9'.repeat(41)}e+39`, `1,1${'9'.repeat(41)}e+40`],
    ]);
  });

  it('computes the TTC at the rate of the import, 8.5 %: exact halves of a cent rounded up', async () => {
    const w = await world();
    const outcome = await createImport(w.stores, w.runtime, DPI_SIRET, { numeroAns: DPI_ANS, typeDemande: 'AVANCE', tauxTva: 8.5, nomFichier: 'depot.json' });
    if (outcome.kind !== 'created') throw new Error(outcome.message);
    await simulateUpload(w.stores, w.runtime, await uploaded(w, outcome.record, fileWritten(['1', '3.00', '0.15', '12345678901234567.89'])));
    const record = (await w.stores.imports.get(outcome.record.identifiant))!;
    expect((await startImport(w.stores, w.runtime, record)).kind).toBe('started');
    expect((await commitImport(w.stores, w.runtime, commitKey(record))).kind).toBe('imported');
    const requests = await w.stores.demandes.getMany((await w.stores.imports.get(record.identifiant))!.dossiers!);
    expect(requests.map((r) => [r.tauxTva, r.montantSegurHT, r.montantSegurTTC])).toEqual([
      [8.5, '1', '1.09'], // 1.085
      [8.5, '3', '3.26'], // 3.255 (a double holds 3.25499…)
      [8.5, '0.15', '0.16'], // 0.16275
      [8.5, '12345678901234567.89', '13395061607839506.16'], // …506.15065
    ]);
  });
});
