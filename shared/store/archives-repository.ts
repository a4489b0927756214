import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config.js';
import type { ArchiveRecord } from '../domain/archive-record.js';
import { dynamo } from './aws-clients.js';
import { queryAll } from './query-all.js';

/** Archives in DynamoDB: key (identifiantImport, identifiant), so an import's archives come newest first in one query. */

export async function createArchive(record: ArchiveRecord): Promise<void> {
  await dynamo().send(
    new PutCommand({ TableName: config().archivesTable, Item: record, ConditionExpression: 'attribute_not_exists(identifiant)' }),
  );
}

export async function getArchive(identifiantImport: number, identifiant: number): Promise<ArchiveRecord | undefined> {
  const out = await dynamo().send(new GetCommand({ TableName: config().archivesTable, Key: { identifiantImport, identifiant }, ConsistentRead: true }));
  return out.Item as ArchiveRecord | undefined;
}

/** An import's archives, newest first. */
export async function archivesOfImport(identifiantImport: number): Promise<ArchiveRecord[]> {
  return queryAll<ArchiveRecord>({
    TableName: config().archivesTable,
    KeyConditionExpression: 'identifiantImport = :i',
    ExpressionAttributeValues: { ':i': identifiantImport },
    ScanIndexForward: false,
  });
}

/** Takes an archive for one worker until `until` (from EN_ATTENTE, or EN_COURS whose holder's time is over). */
export async function claimArchive(identifiantImport: number, identifiant: number, siret: string, worker: string, now: Date, until: Date): Promise<ArchiveRecord | undefined> {
  try {
    const out = await dynamo().send(
      new UpdateCommand({
        TableName: config().archivesTable,
        Key: { identifiantImport, identifiant },
        UpdateExpression: 'SET statut = :running, traitementPar = :worker, traitementJusqua = :until, tentatives = if_not_exists(tentatives, :zero) + :one',
        ConditionExpression: 'siret = :siret AND (statut = :waiting OR (statut = :running AND traitementJusqua < :now))',
        ExpressionAttributeValues: {
          ':running': 'EN_COURS',
          ':waiting': 'EN_ATTENTE',
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
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return undefined;
    throw error;
  }
}

/** Records the verdict (TRAITEE or REFUSEE), or gives the archive back for a retry, if this worker still holds it. */
export async function settleArchive(
  identifiantImport: number,
  identifiant: number,
  worker: string,
  outcome: Pick<ArchiveRecord, 'statut' | 'fichiers' | 'code' | 'message'> | { release: Date },
): Promise<boolean> {
  const release = 'release' in outcome;
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName: config().archivesTable,
        Key: { identifiantImport, identifiant },
        UpdateExpression: release
          ? 'SET traitementJusqua = :until'
          : 'SET statut = :statut, fichiers = :fichiers, code = :code, message = :message REMOVE traitementPar, traitementJusqua',
        ConditionExpression: 'statut = :running AND traitementPar = :worker',
        ExpressionAttributeValues: release
          ? { ':running': 'EN_COURS', ':worker': worker, ':until': outcome.release.toISOString() }
          : {
              ':running': 'EN_COURS',
              ':worker': worker,
              ':statut': outcome.statut,
              ':fichiers': outcome.fichiers,
              ':code': outcome.code ?? null,
              ':message': outcome.message ?? null,
            },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}
