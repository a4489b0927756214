import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config.js';
import type { RequestRecord } from '../domain/request-record.js';
import type { TypeDemande } from '../domain/settings.js';
import { dynamo } from './aws-clients.js';
import { queryAll } from './query-all.js';
import { listingKey, listNewestFirst, type ListingFilter, type ListingPosition } from './supplier-listing.js';

/**
 * Requests in DynamoDB: key `numeroDossier`; index `parFournisseur` (siret, cle) for the
 * supplier's list, newest first; index `parImport` (identifiantImport, numLigne) for an import's.
 */
export const IMPORT_INDEX = 'parImport';

type StoredRequest = RequestRecord & { cle: string };

/** Writes requests (idempotent: a replayed import writes the very same items). */
export async function putRequests(records: readonly RequestRecord[]): Promise<void> {
  const table = config().requestsTable;
  for (let i = 0; i < records.length; i += 25) {
    let pending: Record<string, any>[] = records
      .slice(i, i + 25)
      .map((r) => ({ PutRequest: { Item: { ...r, cle: listingKey(r.creeLe, r.numeroDossier) } satisfies StoredRequest } }));
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 8) throw new Error('requests: DynamoDB did not take every write');
      const out = await dynamo().send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
      pending = out.UnprocessedItems?.[table] ?? [];
      if (pending.length > 0) await new Promise((r) => setTimeout(r, 25 * 2 ** attempt));
    }
  }
}

export async function getRequest(numeroDossier: string): Promise<RequestRecord | undefined> {
  const out = await dynamo().send(new GetCommand({ TableName: config().requestsTable, Key: { numeroDossier } }));
  return out.Item ? withoutKey(out.Item as StoredRequest) : undefined;
}

/** Every request of an import, by line. */
export async function requestsOfImport(identifiantImport: number): Promise<RequestRecord[]> {
  const items = await queryAll<StoredRequest>({
    TableName: config().requestsTable,
    IndexName: IMPORT_INDEX,
    KeyConditionExpression: 'identifiantImport = :i',
    ExpressionAttributeValues: { ':i': identifiantImport },
  });
  return items.map(withoutKey);
}

/** Marks documents of a request as received, by their place in `piecesAttendues`. */
export async function markReceived(numeroDossier: string, indexes: readonly number[]): Promise<void> {
  if (indexes.length === 0) return;
  await dynamo().send(
    new UpdateCommand({
      TableName: config().requestsTable,
      Key: { numeroDossier },
      UpdateExpression: `SET ${indexes.map((i) => `piecesAttendues[${i}].recue = :yes`).join(', ')}`,
      ConditionExpression: 'attribute_exists(numeroDossier)',
      ExpressionAttributeValues: { ':yes': true },
    }),
  );
}

/** Moves a request from one status to another; false when it was not in `from`. */
export async function moveRequest(numeroDossier: string, from: string, to: string): Promise<boolean> {
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName: config().requestsTable,
        Key: { numeroDossier },
        UpdateExpression: 'SET statut = :to',
        ConditionExpression: 'statut = :from',
        ExpressionAttributeValues: { ':from': from, ':to': to },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

export interface RequestFilters {
  numero?: string;
  typeDemande?: TypeDemande;
  statut?: string;
  statutPaiement?: string;
  logiciel?: string;
  from?: Date;
  to?: Date;
}

export async function listSupplierRequests(
  siret: string,
  filters: RequestFilters,
  limit: number,
  after?: ListingPosition,
): Promise<{ elements: RequestRecord[]; next: ListingPosition | undefined }> {
  const f: ListingFilter[] = [];
  if (filters.numero) f.push({ attribute: 'numeroDossier', value: filters.numero, match: 'startsWith' });
  if (filters.typeDemande) f.push({ attribute: 'typeDemande', value: filters.typeDemande, match: 'equals' });
  if (filters.statut) f.push({ attribute: 'statut', value: filters.statut, match: 'equals' });
  if (filters.statutPaiement) f.push({ attribute: 'statutPaiement', value: filters.statutPaiement, match: 'equals' });
  if (filters.logiciel) f.push({ attribute: 'logiciel', value: filters.logiciel, match: 'equals' });
  const page = await listNewestFirst<StoredRequest & Record<string, unknown>>({
    table: config().requestsTable,
    primaryKey: 'numeroDossier',
    siret,
    from: filters.from,
    to: filters.to,
    filters: f,
    limit,
    after,
  });
  return { elements: page.items.map(withoutKey), next: page.next };
}

function withoutKey(item: StoredRequest): RequestRecord {
  const { cle: _cle, ...record } = item;
  return record;
}
