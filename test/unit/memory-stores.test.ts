import { describe, expect, it } from 'vitest';
import { createMemoryStores } from '../../shared/adapters/memory/stores.js';
import { describeStoreContract } from '../adapters/store-contract.js';
import { importRecord } from '../adapters/store-records.js';

describeStoreContract('memory', createMemoryStores);

describe('memory stores: what only they promise', () => {
  it('starts every call empty, sequences at 1', async () => {
    const first = createMemoryStores();
    const record = importRecord();
    await first.imports.create(record);
    await first.sequences.next('imports');
    const second = createMemoryStores();
    expect(await second.imports.get(record.identifiant)).toBeUndefined();
    expect(await second.sequences.next('imports')).toBe(1);
    expect(await second.sequences.next('dossiers', 200)).toBe(1);
    expect(await second.sequences.next('dossiers')).toBe(201);
    expect(await second.referentiel.findFournisseur('40308070600020')).toBeUndefined();
  });

  it('gives presigned forms and links that lead nowhere, well shaped', async () => {
    const { objects } = createMemoryStores();
    const upload = await objects.presignUpload('televersements', 'depots/1/f.json', 10, 60, new Date('2025-01-01T00:00:00Z'));
    expect(upload).toMatchObject({ url: 'memory://televersements', champs: { key: 'depots/1/f.json' }, expireLe: '2025-01-01T00:01:00.000Z', tailleMax: 10 });
    expect(await objects.presignDownload('documents', 'retours/1.json', 'r.json', 'application/json')).toBe('memory://documents/retours/1.json');
  });

  it('keeps no reference to what it was given or gave', async () => {
    const { objects, unicites } = createMemoryStores();
    const body = Buffer.from('abc');
    await objects.write('documents', 'k', body, 'text/plain');
    body[0] = 0x7a;
    const read = await objects.read('documents', 'k');
    expect(read?.bytes.toString()).toBe('abc');
    read!.bytes[0] = 0x7a;
    expect((await objects.read('documents', 'k'))?.bytes.toString()).toBe('abc');
    const key = { cle: 'c', identifiantImport: 1, numLigne: 1, numeroDossier: 'd', siret: 's', finess: 'f' };
    await unicites.putIfAbsent(key);
    key.numeroDossier = 'changed';
    (await unicites.get('c'))!.numeroDossier = 'changed too';
    expect((await unicites.getMany(['c'])).get('c')?.numeroDossier).toBe('d');
  });
});
