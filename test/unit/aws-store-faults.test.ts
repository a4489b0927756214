/**
 * Faults the emulators cannot make, at the AWS adapters' seam (aws-sdk-client-mock): a refused
 * condition at each conditional write gives the documented answer (undefined, false, ignored, or
 * thrown where the caller must know); throttling, S3 503 and timeouts are errors, never read as
 * "absent" or "refused"; unprocessed BatchGet keys are asked again.
 */
import 'aws-sdk-client-mock-vitest/extend';
import { ConditionalCheckFailedException, DynamoDBClient, ProvisionedThroughputExceededException, ThrottlingException } from '@aws-sdk/client-dynamodb';
import { CopyObjectCommand, DeleteObjectCommand, DeleteObjectsCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { BatchGetCommand, DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DynamoArchiveStore } from '../../shared/adapters/aws/archive-store.js';
import { DynamoDemandeStore } from '../../shared/adapters/aws/demande-store.js';
import { DynamoImportStore } from '../../shared/adapters/aws/import-store.js';
import { S3ObjectStore } from '../../shared/adapters/aws/object-store.js';
import { DynamoReferentielStore } from '../../shared/adapters/aws/referentiel-store.js';
import { DynamoSequenceStore } from '../../shared/adapters/aws/sequence-store.js';
import { DynamoUniciteStore } from '../../shared/adapters/aws/unicite-store.js';
import { ARCHIVE_LEASE, SIMULATION_LEASE } from '../../shared/domain/import-lifecycle.js';
import { archiveRecord, importRecord, demandeRecord, unicite } from '../adapters/store-records.js';

const CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };
const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-3', credentials: CREDENTIALS }));
const s3 = new S3Client({ region: 'eu-west-3', credentials: CREDENTIALS });
const dynamoMock = mockClient(DynamoDBDocumentClient);
const s3Mock = mockClient(S3Client);

const imports = new DynamoImportStore(dynamo, 'Imports');
const demandes = new DynamoDemandeStore(dynamo, 'Demandes');
const archives = new DynamoArchiveStore(dynamo, 'Archives');
const unicites = new DynamoUniciteStore(dynamo, 'Unicites');
const referentiel = new DynamoReferentielStore(dynamo, 'Referentiel');
const sequences = new DynamoSequenceStore(dynamo, 'Sequences');
const objects = new S3ObjectStore(s3, { televersements: 'uploads-bucket', documents: 'documents-bucket' });

const refused = () => new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: { httpStatusCode: 400 } });
const overProvisioned = () =>
  new ProvisionedThroughputExceededException({ message: 'The level of configured provisioned throughput for the table was exceeded', $metadata: { httpStatusCode: 400 } });
const throttled = () => new ThrottlingException({ message: 'Rate of requests exceeds the allowed throughput', $metadata: { httpStatusCode: 400 } });
const s3Error = (name: string, httpStatusCode: number) =>
  new S3ServiceException({ name, $fault: httpStatusCode >= 500 ? 'server' : 'client', $metadata: { httpStatusCode }, message: name });
const slowDown = () => s3Error('SlowDown', 503);
const timedOut = () => Object.assign(new Error('Connection timed out after 5000 ms'), { name: 'TimeoutError' });
const body = (bytes: Uint8Array) => ({ transformToByteArray: async () => bytes }) as never;

const now = new Date('2025-03-01T10:00:00.000Z');
const until = new Date('2025-03-01T10:01:00.000Z');

beforeEach(() => {
  dynamoMock.reset();
  s3Mock.reset();
});

describe('ImportStore (DynamoDB) under faults', () => {
  it('create: a refused condition (the identifiant exists) is thrown', async () => {
    dynamoMock.on(PutCommand).rejects(refused());
    await expect(imports.create(importRecord())).rejects.toThrow(ConditionalCheckFailedException);
    expect(dynamoMock).toHaveReceivedCommandWith(PutCommand, { TableName: 'Imports', ConditionExpression: 'attribute_not_exists(identifiant)' });
  });

  it('transition: a refused condition is undefined; throttling is an error', async () => {
    dynamoMock.on(UpdateCommand).rejects(refused());
    expect(await imports.transition(7, 'SIMULATION_VALIDE', { set: { statut: 'IMPORT_EN_COURS' } })).toBeUndefined();
    expect(dynamoMock).toHaveReceivedCommandWith(UpdateCommand, {
      Key: { identifiant: 7 },
      ConditionExpression: '#statut = :from',
      ExpressionAttributeValues: expect.objectContaining({ ':from': 'SIMULATION_VALIDE' }),
    });
    dynamoMock.on(UpdateCommand).rejects(overProvisioned());
    await expect(imports.transition(7, 'SIMULATION_VALIDE', { set: { statut: 'IMPORT_EN_COURS' } })).rejects.toThrow(ProvisionedThroughputExceededException);
  });

  it('acquireLease: a refused condition is undefined (someone holds it); throttling is an error', async () => {
    dynamoMock.on(UpdateCommand).rejects(refused());
    expect(await imports.acquireLease(7, '40308070600020', SIMULATION_LEASE, 'w1', now, until)).toBeUndefined();
    expect(dynamoMock).toHaveReceivedCommandWith(UpdateCommand, {
      ExpressionAttributeValues: expect.objectContaining({ ':from': 'EN_ATTENTE_FICHIER', ':running': 'SIMULATION_EN_COURS', ':now': now.toISOString(), ':until': until.toISOString() }),
    });
    dynamoMock.on(UpdateCommand).rejects(throttled());
    await expect(imports.acquireLease(7, '40308070600020', SIMULATION_LEASE, 'w1', now, until)).rejects.toThrow(ThrottlingException);
  });

  it('settleLease: a refused condition is false (a stale worker), as when keeping the lease; throttling is an error', async () => {
    dynamoMock.on(UpdateCommand).rejects(refused());
    expect(await imports.settleLease(7, SIMULATION_LEASE, 'w1', { statut: 'SIMULATION_VALIDE' })).toBe(false);
    expect(await imports.settleLease(7, SIMULATION_LEASE, 'w1', { traitementJusqua: now.toISOString() }, true)).toBe(false);
    expect(dynamoMock).toHaveReceivedCommandTimes(UpdateCommand, 2);
    dynamoMock.on(UpdateCommand).rejects(overProvisioned());
    await expect(imports.settleLease(7, SIMULATION_LEASE, 'w1', { statut: 'SIMULATION_VALIDE' })).rejects.toThrow(ProvisionedThroughputExceededException);
  });

  it('settleLease: the holder writes its fields and drops the lease in one conditional update', async () => {
    dynamoMock.on(UpdateCommand).resolves({});
    expect(await imports.settleLease(7, SIMULATION_LEASE, 'w1', { statut: 'SIMULATION_VALIDE', cleRetour: undefined, traitementPar: 'ignored' })).toBe(true);
    const input = dynamoMock.commandCalls(UpdateCommand)[0]!.args[0].input;
    expect(input.ConditionExpression).toBe('#statut = :running AND #worker = :worker');
    expect(input.UpdateExpression).toBe('SET #u0 = :u0 REMOVE #u1, #u2');
    expect(input.ExpressionAttributeNames).toMatchObject({ '#u0': 'statut', '#u1': 'traitementPar', '#u2': 'traitementJusqua' });
    expect(input.ExpressionAttributeValues).toEqual({ ':u0': 'SIMULATION_VALIDE', ':running': 'SIMULATION_EN_COURS', ':worker': 'w1' });
  });

  it('get and list: throttling is an error, not an absent import or an empty list', async () => {
    dynamoMock.on(GetCommand).rejects(throttled());
    await expect(imports.get(7)).rejects.toThrow(ThrottlingException);
    dynamoMock.on(QueryCommand).rejects(overProvisioned());
    await expect(imports.list('40308070600020', {}, 10)).rejects.toThrow(ProvisionedThroughputExceededException);
  });
});

describe('ImportStore (DynamoDB) under faults: archive permits (SPEC §7) and the scan of the local stack', () => {
  const permit = '12|2025-03-01T10:01:00.000Z|w1';

  it('takePermit: one conditional ADD to a string set on the state; a refused condition is false (not IMPORTE); throttling is an error', async () => {
    dynamoMock.on(UpdateCommand).resolves({});
    expect(await imports.takePermit(7, 'IMPORTE', permit)).toBe(true);
    const input = dynamoMock.commandCalls(UpdateCommand)[0]!.args[0].input;
    expect(input).toMatchObject({ TableName: 'Imports', Key: { identifiant: 7 }, UpdateExpression: 'ADD #permits :permit', ConditionExpression: '#statut = :state' });
    expect(input.ExpressionAttributeNames).toEqual({ '#permits': 'archivesEnCours', '#statut': 'statut' });
    expect(input.ExpressionAttributeValues).toEqual({ ':permit': new Set([permit]), ':state': 'IMPORTE' });
    dynamoMock.on(UpdateCommand).rejects(refused());
    expect(await imports.takePermit(7, 'IMPORTE', permit)).toBe(false);
    dynamoMock.on(UpdateCommand).rejects(throttled());
    await expect(imports.takePermit(7, 'IMPORTE', permit)).rejects.toThrow(ThrottlingException);
  });

  it('dropPermit: a DELETE conditional on holding exactly that permit; a refused condition is false; throttling is an error', async () => {
    dynamoMock.on(UpdateCommand).resolves({});
    expect(await imports.dropPermit(7, permit)).toBe(true);
    expect(dynamoMock).toHaveReceivedCommandWith(UpdateCommand, {
      UpdateExpression: 'DELETE #permits :permit',
      ConditionExpression: 'contains(#permits, :kept)',
      ExpressionAttributeValues: { ':permit': new Set([permit]), ':kept': permit },
    });
    dynamoMock.on(UpdateCommand).rejects(refused());
    expect(await imports.dropPermit(7, permit)).toBe(false);
    dynamoMock.on(UpdateCommand).rejects(overProvisioned());
    await expect(imports.dropPermit(7, permit)).rejects.toThrow(ProvisionedThroughputExceededException);
  });

  it('transitionWithoutPermits: the state and the absence of permits in one condition; a refused condition is undefined; throttling is an error', async () => {
    dynamoMock.on(UpdateCommand).rejects(refused());
    expect(await imports.transitionWithoutPermits(7, 'IMPORTE', { set: { statut: 'TERMINE' } })).toBeUndefined();
    expect(dynamoMock).toHaveReceivedCommandWith(UpdateCommand, {
      Key: { identifiant: 7 },
      ConditionExpression: '#statut = :from AND attribute_not_exists(#permits)',
      ExpressionAttributeNames: expect.objectContaining({ '#permits': 'archivesEnCours', '#statut': 'statut' }),
      ExpressionAttributeValues: expect.objectContaining({ ':from': 'IMPORTE' }),
    });
    dynamoMock.on(UpdateCommand).rejects(throttled());
    await expect(imports.transitionWithoutPermits(7, 'IMPORTE', { set: { statut: 'TERMINE' } })).rejects.toThrow(ThrottlingException);
  });

  it('reads permits kept as a string set back as a sorted list; a plain transition never asks about them', async () => {
    dynamoMock.on(GetCommand).resolves({ Item: { ...importRecord({ identifiant: 7, statut: 'IMPORTE' }), cle: 'x', archivesEnCours: new Set(['b|t|w', 'a|t|w']) } });
    expect((await imports.get(7))?.archivesEnCours).toEqual(['a|t|w', 'b|t|w']);
    dynamoMock.on(UpdateCommand).resolves({ Attributes: { ...importRecord({ identifiant: 7 }), cle: 'x' } });
    await imports.transition(7, 'IMPORTE', { set: { statut: 'TERMINE' } });
    expect(dynamoMock.commandCalls(UpdateCommand)[0]!.args[0].input.ConditionExpression).toBe('#statut = :from');
  });

  it('listByStatus: a consistent scan filtered on the states, page after page; throttling is an error, not an empty list', async () => {
    const first = importRecord({ statut: 'SIMULATION_EN_COURS' });
    const second = importRecord({ statut: 'IMPORT_EN_COURS' });
    dynamoMock
      .on(ScanCommand)
      .resolvesOnce({ Items: [{ ...first, cle: 'a' }], LastEvaluatedKey: { identifiant: first.identifiant } })
      .resolvesOnce({ Items: [{ ...second, cle: 'b' }] });
    expect(await imports.listByStatus(['SIMULATION_EN_COURS', 'IMPORT_EN_COURS'])).toEqual([first, second]);
    const calls = dynamoMock.commandCalls(ScanCommand).map((c) => c.args[0].input);
    expect(calls).toHaveLength(2);
    expect(calls[0]).toMatchObject({ TableName: 'Imports', FilterExpression: '#statut IN (:s0, :s1)', ConsistentRead: true, ExpressionAttributeValues: { ':s0': 'SIMULATION_EN_COURS', ':s1': 'IMPORT_EN_COURS' } });
    expect(calls[0]!.ExclusiveStartKey).toBeUndefined();
    expect(calls[1]!.ExclusiveStartKey).toEqual({ identifiant: first.identifiant });
    dynamoMock.on(ScanCommand).rejects(throttled());
    await expect(imports.listByStatus(['SIMULATION_EN_COURS'])).rejects.toThrow(ThrottlingException);
  });

  it('archives listByStatus: page after page; throttling is an error', async () => {
    const a = archiveRecord({ statut: 'EN_COURS' });
    const b = archiveRecord();
    dynamoMock.on(ScanCommand).resolvesOnce({ Items: [a], LastEvaluatedKey: { identifiantImport: a.identifiantImport, identifiant: a.identifiant } }).resolvesOnce({ Items: [b] });
    expect(await archives.listByStatus(['EN_ATTENTE', 'EN_COURS'])).toEqual([a, b]);
    expect(dynamoMock).toHaveReceivedCommandTimes(ScanCommand, 2);
    expect(dynamoMock).toHaveReceivedCommandWith(ScanCommand, { TableName: 'Archives', FilterExpression: '#statut IN (:s0, :s1)', ConsistentRead: true });
    dynamoMock.on(ScanCommand).rejects(overProvisioned());
    await expect(archives.listByStatus(['EN_COURS'])).rejects.toThrow(ProvisionedThroughputExceededException);
  });
});

describe('DemandeStore (DynamoDB) under faults', () => {
  it('createMany: a refused condition (the request exists) is ignored, and every other request is still written', async () => {
    const records = [1, 2, 3].map((numLigne) => demandeRecord({ numLigne }));
    dynamoMock.on(PutCommand).callsFake(async (input) => {
      if (input.Item.numeroDossier === records[1]!.numeroDossier) throw refused();
      return {};
    });
    await demandes.createMany(records);
    expect(dynamoMock).toHaveReceivedCommandTimes(PutCommand, 3);
    for (const r of records) {
      expect(dynamoMock).toHaveReceivedCommandWith(PutCommand, {
        TableName: 'Demandes',
        Item: expect.objectContaining({ numeroDossier: r.numeroDossier, cle: `${r.creeLe}#${r.numeroDossier}` }),
        ConditionExpression: 'attribute_not_exists(numeroDossier)',
      });
    }
  });

  it('createMany: throttling of one put is an error (the import must not be counted as done)', async () => {
    const records = [1, 2, 3].map((numLigne) => demandeRecord({ numLigne }));
    dynamoMock.on(PutCommand).callsFake(async (input) => {
      if (input.Item.numeroDossier === records[2]!.numeroDossier) throw overProvisioned();
      return {};
    });
    await expect(demandes.createMany(records)).rejects.toThrow(ProvisionedThroughputExceededException);
  });

  it('createMany: no more than a bounded number of puts in flight', async () => {
    let inFlight = 0;
    let most = 0;
    dynamoMock.on(PutCommand).callsFake(async () => {
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setTimeout(r, 1));
      inFlight--;
      return {};
    });
    await demandes.createMany(Array.from({ length: 200 }, (_, i) => demandeRecord({ numLigne: i + 1 })));
    expect(dynamoMock).toHaveReceivedCommandTimes(PutCommand, 200);
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(64);
  });

  it('move: a refused condition is false; throttling is an error', async () => {
    dynamoMock.on(UpdateCommand).rejects(refused());
    expect(await demandes.move('FINHOP000001M0', 'INCOMPLETE', 'EN_COURS')).toBe(false);
    dynamoMock.on(UpdateCommand).rejects(throttled());
    await expect(demandes.move('FINHOP000001M0', 'INCOMPLETE', 'EN_COURS')).rejects.toThrow(ThrottlingException);
  });

  it('getMany: unprocessed keys are asked again, only them, and the result is sorted by line', async () => {
    const [a, b, c] = [3, 1, 2].map((numLigne) => ({ ...demandeRecord({ numLigne }), cle: 'x' }));
    dynamoMock
      .on(BatchGetCommand)
      .resolvesOnce({ Responses: { Demandes: [a!] }, UnprocessedKeys: { Demandes: { Keys: [{ numeroDossier: b!.numeroDossier }, { numeroDossier: c!.numeroDossier }] } } })
      .resolvesOnce({ Responses: { Demandes: [c!] }, UnprocessedKeys: { Demandes: { Keys: [{ numeroDossier: b!.numeroDossier }] } } })
      .resolvesOnce({ Responses: { Demandes: [b!] } });
    const found = await demandes.getMany([a!.numeroDossier, b!.numeroDossier, c!.numeroDossier]);
    expect(found.map((r) => r.numLigne)).toEqual([1, 2, 3]);
    expect(found[0]).not.toHaveProperty('cle');
    expect(dynamoMock).toHaveReceivedCommandTimes(BatchGetCommand, 3);
    expect(dynamoMock).toHaveReceivedNthCommandWith(BatchGetCommand, 3, {
      RequestItems: { Demandes: { Keys: [{ numeroDossier: b!.numeroDossier }], ConsistentRead: true } },
    });
  });

  it('getMany: keys never processed end in an error, not in a short answer', async () => {
    vi.useFakeTimers();
    try {
      dynamoMock.on(BatchGetCommand).resolves({ Responses: { Demandes: [] }, UnprocessedKeys: { Demandes: { Keys: [{ numeroDossier: 'FINHOP000001M0' }] } } });
      const result = expect(demandes.getMany(['FINHOP000001M0'])).rejects.toThrow(/did not answer/);
      await vi.runAllTimersAsync();
      await result;
    } finally {
      vi.useRealTimers();
    }
  });

  it('getMany: throttling is an error', async () => {
    dynamoMock.on(BatchGetCommand).rejects(overProvisioned());
    await expect(demandes.getMany(['FINHOP000001M0'])).rejects.toThrow(ProvisionedThroughputExceededException);
  });
});

describe('ArchiveStore (DynamoDB) under faults', () => {
  it('create: a refused condition (the archive exists) is thrown', async () => {
    dynamoMock.on(PutCommand).rejects(refused());
    await expect(archives.create(archiveRecord())).rejects.toThrow(ConditionalCheckFailedException);
  });

  it('acquireLease: a refused condition is undefined; throttling is an error', async () => {
    dynamoMock.on(UpdateCommand).rejects(refused());
    expect(await archives.acquireLease(1, 2, '40308070600020', ARCHIVE_LEASE, 'w1', now, until)).toBeUndefined();
    expect(dynamoMock).toHaveReceivedCommandWith(UpdateCommand, { Key: { identifiantImport: 1, identifiant: 2 } });
    dynamoMock.on(UpdateCommand).rejects(throttled());
    await expect(archives.acquireLease(1, 2, '40308070600020', ARCHIVE_LEASE, 'w1', now, until)).rejects.toThrow(ThrottlingException);
  });

  it('settleLease and releaseLease: a refused condition is false; throttling is an error', async () => {
    dynamoMock.on(UpdateCommand).rejects(refused());
    expect(await archives.settleLease(1, 2, ARCHIVE_LEASE, 'w1', { statut: 'TRAITEE', fichiers: [] }, now)).toBe(false);
    expect(dynamoMock).toHaveReceivedCommandWith(UpdateCommand, {
      ConditionExpression: '#statut = :running AND traitementPar = :worker AND traitementJusqua > :now',
      ExpressionAttributeValues: expect.objectContaining({ ':now': now.toISOString(), ':worker': 'w1' }),
    });
    expect(await archives.releaseLease(1, 2, ARCHIVE_LEASE, 'w1', now)).toBe(false);
    expect(dynamoMock).toHaveReceivedCommandTimes(UpdateCommand, 2);
    dynamoMock.on(UpdateCommand).rejects(overProvisioned());
    await expect(archives.settleLease(1, 2, ARCHIVE_LEASE, 'w1', { statut: 'TRAITEE', fichiers: [] }, now)).rejects.toThrow(ProvisionedThroughputExceededException);
    await expect(archives.releaseLease(1, 2, ARCHIVE_LEASE, 'w1', now)).rejects.toThrow(ProvisionedThroughputExceededException);
  });

  it('listOfImport: a strongly consistent query (an archive’s verdict decides what is received); throttling is an error, not an empty list', async () => {
    dynamoMock.on(QueryCommand).resolves({ Items: [] });
    expect(await archives.listOfImport(1)).toEqual([]);
    expect(dynamoMock).toHaveReceivedCommandWith(QueryCommand, { ConsistentRead: true, ExpressionAttributeValues: { ':i': 1 } });
    dynamoMock.on(QueryCommand).rejects(throttled());
    await expect(archives.listOfImport(1)).rejects.toThrow(ThrottlingException);
  });
});

describe('UniciteStore (DynamoDB) under faults', () => {
  it('putIfAbsent: a refused condition is false (held); throttling is an error, never "held by someone"', async () => {
    dynamoMock.on(PutCommand).rejects(refused());
    expect(await unicites.putIfAbsent(unicite())).toBe(false);
    dynamoMock.on(PutCommand).rejects(overProvisioned());
    await expect(unicites.putIfAbsent(unicite())).rejects.toThrow(ProvisionedThroughputExceededException);
  });

  it('replaceIf: a refused condition is false; throttling is an error', async () => {
    dynamoMock.on(PutCommand).rejects(refused());
    expect(await unicites.replaceIf(unicite(), 'FINHOP000001M0')).toBe(false);
    expect(dynamoMock).toHaveReceivedCommandWith(PutCommand, { ConditionExpression: 'numeroDossier = :previous', ExpressionAttributeValues: { ':previous': 'FINHOP000001M0' } });
    dynamoMock.on(PutCommand).rejects(throttled());
    await expect(unicites.replaceIf(unicite(), 'FINHOP000001M0')).rejects.toThrow(ThrottlingException);
  });

  it('deleteIfHeld: a refused condition (another holder) is ignored; throttling is an error', async () => {
    dynamoMock.on(DeleteCommand).rejects(refused());
    await expect(unicites.deleteIfHeld('k', { identifiantImport: 1, numLigne: 2 })).resolves.toBeUndefined();
    expect(dynamoMock).toHaveReceivedCommandWith(DeleteCommand, { Key: { cle: 'k' }, ExpressionAttributeValues: { ':i': 1, ':n': 2 } });
    dynamoMock.on(DeleteCommand).rejects(overProvisioned());
    await expect(unicites.deleteIfHeld('k', { identifiantImport: 1, numLigne: 2 })).rejects.toThrow(ProvisionedThroughputExceededException);
  });

  it('getMany: unprocessed keys are asked again; a key is asked once however often it is given', async () => {
    const [a, b] = [unicite(), unicite()];
    dynamoMock
      .on(BatchGetCommand)
      .resolvesOnce({ Responses: { Unicites: [a] }, UnprocessedKeys: { Unicites: { Keys: [{ cle: b.cle }] } } })
      .resolvesOnce({ Responses: { Unicites: [b] } });
    const found = await unicites.getMany([a.cle, b.cle, a.cle]);
    expect([...found.keys()].sort()).toEqual([a.cle, b.cle].sort());
    expect(dynamoMock).toHaveReceivedNthCommandWith(BatchGetCommand, 1, { RequestItems: { Unicites: { Keys: [{ cle: a.cle }, { cle: b.cle }], ConsistentRead: true } } });
    expect(dynamoMock).toHaveReceivedNthCommandWith(BatchGetCommand, 2, { RequestItems: { Unicites: { Keys: [{ cle: b.cle }], ConsistentRead: true } } });
  });

  it('get: throttling is an error, not a free key', async () => {
    dynamoMock.on(GetCommand).rejects(throttled());
    await expect(unicites.get('k')).rejects.toThrow(ThrottlingException);
  });
});

describe('ReferentielStore and SequenceStore (DynamoDB) under faults', () => {
  const solution = { numeroAns: 'MJCDPI0001', logiciel: 'DPI' as const, libelle: 'S', couloir: 'HOP' as const, vague: 'Va2' as const };
  const supplier = { siret: '40308070600020', raisonSociale: 'R', statutEnrolement: 'VALIDE', solutions: [solution] };

  it("upsertFournisseurs: a refused removal from a previous owner that is gone is ignored, and the solution is still written", async () => {
    dynamoMock.on(UpdateCommand).resolves({});
    dynamoMock.on(UpdateCommand, { Key: { siret: 'ANS#MJCDPI0001', cle: 'PROPRIETAIRE' } }).resolves({ Attributes: { proprietaire: '55210055400013' } });
    dynamoMock.on(UpdateCommand, { Key: { siret: '55210055400013', cle: 'FOURNISSEUR' } }).rejects(refused());
    await referentiel.upsertFournisseurs([supplier]);
    expect(dynamoMock).toHaveReceivedCommandWith(UpdateCommand, { Key: { siret: '55210055400013', cle: 'FOURNISSEUR' }, ConditionExpression: 'attribute_exists(siret)' });
    expect(dynamoMock).toHaveReceivedLastCommandWith(UpdateCommand, { Key: { siret: '40308070600020', cle: 'FOURNISSEUR' }, ExpressionAttributeValues: { ':v0': solution } });
  });

  it('upsertFournisseurs and findFournisseur: throttling is an error', async () => {
    dynamoMock.on(UpdateCommand).rejects(throttled());
    await expect(referentiel.upsertFournisseurs([supplier])).rejects.toThrow(ThrottlingException);
    dynamoMock.on(GetCommand).rejects(overProvisioned());
    await expect(referentiel.findFournisseur('40308070600020')).rejects.toThrow(ProvisionedThroughputExceededException);
  });

  it('next: the first of the numbers taken; throttling is an error', async () => {
    dynamoMock.on(UpdateCommand).resolves({ Attributes: { valeur: 210 } });
    expect(await sequences.next('dossiers', 10)).toBe(201);
    dynamoMock.on(UpdateCommand).rejects(throttled());
    await expect(sequences.next('dossiers')).rejects.toThrow(ThrottlingException);
  });
});

describe('ObjectStore (S3) under faults', () => {
  afterEach(() => vi.useRealTimers());

  it('size: a missing object is undefined; a 503, a timeout or a missing bucket are errors', async () => {
    s3Mock.on(HeadObjectCommand).rejects(s3Error('NotFound', 404));
    expect(await objects.size('televersements', 'depots/1/f.json')).toBeUndefined();
    expect(s3Mock).toHaveReceivedCommandWith(HeadObjectCommand, { Bucket: 'uploads-bucket', Key: 'depots/1/f.json' });
    s3Mock.on(HeadObjectCommand).rejects(slowDown());
    await expect(objects.size('televersements', 'k')).rejects.toThrow('SlowDown');
    s3Mock.on(HeadObjectCommand).rejects(timedOut());
    await expect(objects.size('televersements', 'k')).rejects.toThrow(/timed out/);
    s3Mock.on(HeadObjectCommand).rejects(s3Error('NoSuchBucket', 404));
    await expect(objects.size('televersements', 'k')).rejects.toThrow('NoSuchBucket');
  });

  it('read: a missing object is undefined; a 503 or a timeout are errors', async () => {
    s3Mock.on(GetObjectCommand).rejects(s3Error('NoSuchKey', 404));
    expect(await objects.read('documents', 'retours/1.json')).toBeUndefined();
    expect(s3Mock).toHaveReceivedCommandWith(GetObjectCommand, { Bucket: 'documents-bucket', Key: 'retours/1.json' });
    s3Mock.on(GetObjectCommand).rejects(s3Error('ServiceUnavailable', 503));
    await expect(objects.read('documents', 'k', 10)).rejects.toThrow('ServiceUnavailable');
    s3Mock.on(GetObjectCommand).rejects(timedOut());
    await expect(objects.read('documents', 'k')).rejects.toThrow(/timed out/);
  });

  it('read: asks one byte past maxBytes and tells the whole size from Content-Range', async () => {
    s3Mock.on(GetObjectCommand).resolves({ Body: body(new Uint8Array(11)), ContentRange: 'bytes 0-10/1000' });
    expect(await objects.read('televersements', 'k', 10)).toEqual({ bytes: Buffer.alloc(11), size: 1000 });
    expect(s3Mock).toHaveReceivedCommandWith(GetObjectCommand, { Range: 'bytes=0-10' });
  });

  it('read: the 416 S3 answers for a range on an empty object is an empty object, only when a range was asked', async () => {
    s3Mock.on(GetObjectCommand).rejects(s3Error('InvalidRange', 416));
    expect(await objects.read('televersements', 'k', 10)).toEqual({ bytes: Buffer.alloc(0), size: 0 });
    await expect(objects.read('televersements', 'k')).rejects.toThrow('InvalidRange');
  });

  it('write and copy: a 503 is an error; copy names its source as S3 wants it', async () => {
    s3Mock.on(PutObjectCommand).rejects(slowDown());
    await expect(objects.write('documents', 'k', new Uint8Array(1), 'application/json')).rejects.toThrow('SlowDown');
    s3Mock.on(CopyObjectCommand).resolves({});
    await objects.copy('televersements', 'depots/1/dépôt n°1+.json', 'televersements', 'imports/1/f.json');
    expect(s3Mock).toHaveReceivedCommandWith(CopyObjectCommand, {
      Bucket: 'uploads-bucket',
      Key: 'imports/1/f.json',
      CopySource: 'uploads-bucket/depots/1/d%C3%A9p%C3%B4t%20n%C2%B01%2B.json',
    });
    s3Mock.on(CopyObjectCommand).rejects(timedOut());
    await expect(objects.copy('televersements', 'a', 'documents', 'b')).rejects.toThrow(/timed out/);
  });

  it('remove: one DeleteObject on the bucket and key; a 503 is an error', async () => {
    s3Mock.on(DeleteObjectCommand).resolves({});
    await objects.remove('documents', 'pieces/1/2/3/a.pdf');
    expect(s3Mock).toHaveReceivedCommandWith(DeleteObjectCommand, { Bucket: 'documents-bucket', Key: 'pieces/1/2/3/a.pdf' });
    s3Mock.on(DeleteObjectCommand).rejects(slowDown());
    await expect(objects.remove('documents', 'k')).rejects.toThrow('SlowDown');
  });

  it('removeUnder: page after page; a key S3 could not delete is an error, as is a 503', async () => {
    s3Mock
      .on(ListObjectsV2Command)
      .resolvesOnce({ Contents: [{ Key: 'pieces/1/2/3/a.pdf' }, { Key: 'pieces/1/2/3/b.pdf' }], IsTruncated: true, NextContinuationToken: 'suite' })
      .resolvesOnce({ Contents: [{ Key: 'pieces/1/2/3/c.pdf' }], IsTruncated: false });
    s3Mock.on(DeleteObjectsCommand).resolves({});
    expect(await objects.removeUnder('documents', 'pieces/1/2/3/')).toBe(3);
    expect(s3Mock).toHaveReceivedCommandWith(ListObjectsV2Command, { Bucket: 'documents-bucket', Prefix: 'pieces/1/2/3/', ContinuationToken: 'suite' });
    expect(s3Mock).toHaveReceivedCommandTimes(DeleteObjectsCommand, 2);
    s3Mock.on(ListObjectsV2Command).resolves({ Contents: [{ Key: 'pieces/1/2/3/a.pdf' }], IsTruncated: false });
    s3Mock.on(DeleteObjectsCommand).resolves({ Errors: [{ Key: 'pieces/1/2/3/a.pdf', Code: 'AccessDenied' }] });
    await expect(objects.removeUnder('documents', 'pieces/1/2/3/')).rejects.toThrow(/AccessDenied/);
    s3Mock.on(ListObjectsV2Command).rejects(slowDown());
    await expect(objects.removeUnder('documents', 'pieces/1/2/3/')).rejects.toThrow('SlowDown');
  });
});
