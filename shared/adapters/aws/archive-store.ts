import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ArchiveRecord } from '../../domain/archive-record.js';
import type { ArchiveStatus, LeaseRule } from '../../domain/import-lifecycle.js';
import type { ArchiveStore, ArchiveVerdictFields } from '../../ports/archive-store.js';
import { unlessRefused } from './conditional-write.js';
import { scanByStatus } from './scan-by-status.js';
import { queryAll } from './query-all.js';

/** The attachments archives in DynamoDB: key (identifiantImport, identifiant), so an import's come newest first in one query. */
export class DynamoArchiveStore implements ArchiveStore {
  constructor(
    private readonly dynamo: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async create(record: ArchiveRecord): Promise<void> {
    await this.dynamo.send(new PutCommand({ TableName: this.table, Item: record, ConditionExpression: 'attribute_not_exists(identifiant)' }));
  }

  async get(identifiantImport: number, identifiant: number): Promise<ArchiveRecord | undefined> {
    const out = await this.dynamo.send(new GetCommand({ TableName: this.table, Key: { identifiantImport, identifiant }, ConsistentRead: true }));
    return out.Item as ArchiveRecord | undefined;
  }

  async listOfImport(identifiantImport: number): Promise<ArchiveRecord[]> {
    return queryAll<ArchiveRecord>(this.dynamo, {
      TableName: this.table,
      // strongly consistent: an archive's verdict is what makes its documents received (Finish, the lists)
      ConsistentRead: true,
      KeyConditionExpression: 'identifiantImport = :i',
      ExpressionAttributeValues: { ':i': identifiantImport },
      ScanIndexForward: false,
    });
  }

  async acquireLease(identifiantImport: number, identifiant: number, siret: string, rule: LeaseRule<ArchiveStatus>, worker: string, now: Date, until: Date): Promise<ArchiveRecord | undefined> {
    return unlessRefused(async () => {
      const out = await this.dynamo.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { identifiantImport, identifiant },
          UpdateExpression: 'SET #statut = :running, traitementPar = :worker, traitementJusqua = :until, tentatives = if_not_exists(tentatives, :zero) + :one',
          ConditionExpression: 'siret = :siret AND (#statut = :from OR (#statut = :running AND traitementJusqua < :now))',
          ExpressionAttributeNames: { '#statut': 'statut' },
          ExpressionAttributeValues: {
            ':running': rule.running,
            ':from': rule.from,
            ':siret': siret,
            ':worker': worker,
            ':until': until.toISOString(),
            ':now': now.toISOString(),
            ':zero': 0,
            ':one': 1,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return out.Attributes as ArchiveRecord;
    }, undefined);
  }

  async settleLease(identifiantImport: number, identifiant: number, rule: LeaseRule<ArchiveStatus>, worker: string, verdict: ArchiveVerdictFields, now: Date): Promise<boolean> {
    return this.updateIfHeld(identifiantImport, identifiant, rule, worker, now, {
      UpdateExpression: 'SET #statut = :statut, fichiers = :fichiers, #code = :code, #message = :message REMOVE traitementPar, traitementJusqua',
      ExpressionAttributeNames: { '#code': 'code', '#message': 'message' },
      // an absent code or message is written as null (an accepted archive has none)
      ExpressionAttributeValues: { ':statut': verdict.statut, ':fichiers': verdict.fichiers, ':code': verdict.code ?? null, ':message': verdict.message ?? null },
    });
  }

  async releaseLease(identifiantImport: number, identifiant: number, rule: LeaseRule<ArchiveStatus>, worker: string, at: Date): Promise<boolean> {
    return this.updateIfHeld(identifiantImport, identifiant, rule, worker, undefined, {
      UpdateExpression: 'SET traitementJusqua = :until',
      ExpressionAttributeNames: {},
      ExpressionAttributeValues: { ':until': at.toISOString() },
    });
  }

  async listByStatus(statuts: readonly ArchiveStatus[]): Promise<ArchiveRecord[]> {
    return scanByStatus<ArchiveRecord>(this.dynamo, this.table, statuts);
  }

  private async updateIfHeld(
    identifiantImport: number,
    identifiant: number,
    rule: LeaseRule<ArchiveStatus>,
    worker: string,
    /** When given, the lease must also run past it. */
    now: Date | undefined,
    update: { UpdateExpression: string; ExpressionAttributeNames: Record<string, string>; ExpressionAttributeValues: Record<string, unknown> },
  ): Promise<boolean> {
    return unlessRefused(async () => {
      await this.dynamo.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { identifiantImport, identifiant },
          UpdateExpression: update.UpdateExpression,
          ConditionExpression: `#statut = :running AND traitementPar = :worker${now ? ' AND traitementJusqua > :now' : ''}`,
          ExpressionAttributeNames: { ...update.ExpressionAttributeNames, '#statut': 'statut' },
          ExpressionAttributeValues: {
            ...update.ExpressionAttributeValues,
            ':running': rule.running,
            ':worker': worker,
            ...(now ? { ':now': now.toISOString() } : {}),
          },
        }),
      );
      return true;
    }, false);
  }
}
