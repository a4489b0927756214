import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ImportStatus, LeaseRule } from '../../domain/import-lifecycle.js';
import type { ImportRecord } from '../../domain/import-record.js';
import type { ImportChange, ImportFilters, ImportStore } from '../../ports/import-store.js';
import type { Page, PagePosition } from '../../ports/page.js';
import { listingKey } from '../listing-key.js';
import { unlessRefused } from './conditional-write.js';
import { scanByStatus } from './scan-by-status.js';
import { listNewestFirst } from './supplier-listing.js';
import { updateExpression } from './update-expression.js';

/**
 * An import as table `Imports` keeps it: key `identifiant`, and `cle` for the `parFournisseur`
 * index; its archive permits as a string set (SS), which DynamoDB removes once emptied — so
 * "no permit" is `attribute_not_exists`, and adding the first needs no map to exist first.
 */
type StoredImport = Omit<ImportRecord, 'archivesEnCours'> & { cle: string; archivesEnCours?: Set<string> | string[] };

const PERMITS = 'archivesEnCours';

const LEASE_ATTRIBUTES = ['traitementPar', 'traitementJusqua'] as const;

/** The imports in DynamoDB; every write that depends on a state is conditional on it. */
export class DynamoImportStore implements ImportStore {
  constructor(
    private readonly dynamo: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async create(record: ImportRecord): Promise<void> {
    await this.dynamo.send(
      new PutCommand({
        TableName: this.table,
        Item: toStored(record),
        ConditionExpression: 'attribute_not_exists(identifiant)',
      }),
    );
  }

  async get(identifiant: number): Promise<ImportRecord | undefined> {
    const out = await this.dynamo.send(new GetCommand({ TableName: this.table, Key: { identifiant }, ConsistentRead: true }));
    return out.Item ? withoutKey(out.Item as StoredImport) : undefined;
  }

  async transition(identifiant: number, from: ImportStatus, change: ImportChange): Promise<ImportRecord | undefined> {
    return this.move(identifiant, from, change, false);
  }

  async transitionWithoutPermits(identifiant: number, from: ImportStatus, change: ImportChange): Promise<ImportRecord | undefined> {
    return this.move(identifiant, from, change, true);
  }

  private async move(identifiant: number, from: ImportStatus, change: ImportChange, withoutPermits: boolean): Promise<ImportRecord | undefined> {
    const update = updateExpression({ set: change.set, add: change.add, remove: change.remove });
    return unlessRefused(async () => {
      const out = await this.dynamo.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { identifiant },
          UpdateExpression: update.UpdateExpression || 'SET #statut = :from',
          ConditionExpression: withoutPermits ? '#statut = :from AND attribute_not_exists(#permits)' : '#statut = :from',
          ExpressionAttributeNames: { ...update.ExpressionAttributeNames, '#statut': 'statut', ...(withoutPermits ? { '#permits': PERMITS } : {}) },
          ExpressionAttributeValues: { ...update.ExpressionAttributeValues, ':from': from },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return withoutKey(out.Attributes as StoredImport);
    }, undefined);
  }

  async takePermit(identifiant: number, state: ImportStatus, permit: string): Promise<boolean> {
    return unlessRefused(async () => {
      await this.dynamo.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { identifiant },
          UpdateExpression: 'ADD #permits :permit',
          ConditionExpression: '#statut = :state',
          ExpressionAttributeNames: { '#permits': PERMITS, '#statut': 'statut' },
          ExpressionAttributeValues: { ':permit': new Set([permit]), ':state': state },
        }),
      );
      return true;
    }, false);
  }

  async dropPermit(identifiant: number, permit: string): Promise<boolean> {
    return unlessRefused(async () => {
      await this.dynamo.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { identifiant },
          UpdateExpression: 'DELETE #permits :permit',
          ConditionExpression: 'contains(#permits, :kept)',
          ExpressionAttributeNames: { '#permits': PERMITS },
          ExpressionAttributeValues: { ':permit': new Set([permit]), ':kept': permit },
        }),
      );
      return true;
    }, false);
  }

  async listByStatus(statuts: readonly ImportStatus[]): Promise<ImportRecord[]> {
    return (await scanByStatus<StoredImport>(this.dynamo, this.table, statuts)).map(withoutKey);
  }

  async acquireLease(identifiant: number, siret: string, rule: LeaseRule<ImportStatus>, worker: string, now: Date, until: Date): Promise<ImportRecord | undefined> {
    return unlessRefused(async () => {
      const out = await this.dynamo.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { identifiant },
          UpdateExpression:
            'SET #statut = :running, traitementPar = :worker, traitementJusqua = :until, tentativesSimulation = if_not_exists(tentativesSimulation, :zero) + :one',
          ConditionExpression: 'siret = :siret AND (#statut = :from OR (#statut = :running AND traitementJusqua < :now))',
          ExpressionAttributeNames: { '#statut': 'statut' },
          ExpressionAttributeValues: {
            ':running': rule.running,
            ':from': rule.from,
            ':worker': worker,
            ':until': until.toISOString(),
            ':now': now.toISOString(),
            ':siret': siret,
            ':zero': 0,
            ':one': 1,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return withoutKey(out.Attributes as StoredImport);
    }, undefined);
  }

  async settleLease(identifiant: number, rule: LeaseRule<ImportStatus>, worker: string, fields: Partial<ImportRecord>, keepLease = false): Promise<boolean> {
    const set: Record<string, unknown> = { ...fields };
    // the lease's own attributes go: a path cannot be both set and removed
    if (!keepLease) for (const attribute of LEASE_ATTRIBUTES) delete set[attribute];
    const update = updateExpression({ set, remove: keepLease ? [] : LEASE_ATTRIBUTES });
    return unlessRefused(async () => {
      await this.dynamo.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { identifiant },
          // with nothing to write, still checks that the lease is held
          UpdateExpression: update.UpdateExpression || 'SET #statut = :running',
          ConditionExpression: '#statut = :running AND #worker = :worker',
          ExpressionAttributeNames: { ...update.ExpressionAttributeNames, '#statut': 'statut', '#worker': 'traitementPar' },
          ExpressionAttributeValues: { ...update.ExpressionAttributeValues, ':running': rule.running, ':worker': worker },
        }),
      );
      return true;
    }, false);
  }

  async list(siret: string, filters: ImportFilters, limit: number, after?: PagePosition): Promise<Page<ImportRecord>> {
    const { from, to, ...equals } = filters;
    const page = await listNewestFirst<StoredImport & Record<string, unknown>>(this.dynamo, { table: this.table, primaryKey: 'identifiant', siret, from, to, equals, limit, after });
    return { elements: page.elements.map(withoutKey), next: page.next };
  }
}

function toStored(record: ImportRecord): StoredImport {
  const { archivesEnCours, ...rest } = record;
  const stored: StoredImport = { ...rest, cle: listingKey(record.creeLe, record.identifiant) };
  // a set is never empty in DynamoDB: no permit, no attribute
  if (archivesEnCours && archivesEnCours.length > 0) stored.archivesEnCours = new Set(archivesEnCours);
  return stored;
}

function withoutKey(item: StoredImport): ImportRecord {
  const { cle: _cle, archivesEnCours, ...record } = item;
  return archivesEnCours === undefined ? record : { ...record, archivesEnCours: [...archivesEnCours].sort() };
}
