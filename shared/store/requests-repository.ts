import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config.js';
import type { ImportRecord } from '../domain/import-record.js';
import type { RequestRecord } from '../domain/request-record.js';
import { mapLimit } from '../lib/map-limit.js';
import type { TypeDemande } from '../domain/settings.js';
import { dynamo } from './aws-clients.js';
import { batchGetAll } from './batch-get.js';
import { queryAll } from './query-all.js';
import { listingKey, listNewestFirst, type ListingFilter, type ListingPosition } from './supplier-listing.js';

/**
 * Requests in DynamoDB: key `numeroDossier`; index `parFournisseur` (siret, cle) for the
 * supplier's list, newest first; index `parImport` (identifiantImport, numLigne) for an import's.
 */
export const IMPORT_INDEX = 'parImport';

type StoredRequest = RequestRecord & { cle: string };

/**
 * Creates requests, each only if it does not exist yet: a replayed or duplicated import writes
 * nothing over a request that has since moved on (documents received, Finish).
 */
export async function createRequests(records: readonly RequestRecord[]): Promise<void> {
  await mapLimit(records, 32, async (r) => {
    try {
      await dynamo().send(
        new PutCommand({
          TableName: config().requestsTable,
          Item: { ...r, cle: listingKey(r.creeLe, r.numeroDossier) } satisfies StoredRequest,
          ConditionExpression: 'attribute_not_exists(numeroDossier)',
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  });
}

export async function getRequest(numeroDossier: string): Promise<RequestRecord | undefined> {
  const out = await dynamo().send(new GetCommand({ TableName: config().requestsTable, Key: { numeroDossier } }));
  return out.Item ? withoutKey(out.Item as StoredRequest) : undefined;
}

/**
 * Every request of an import, by line: read by their dossier numbers (kept on the import once
 * imported) with strongly consistent reads, since the index lags right after the import.
 */
export async function requestsOfImport(record: Pick<ImportRecord, 'identifiant' | 'dossiers'>): Promise<RequestRecord[]> {
  const found = await batchGetAll<StoredRequest>(config().requestsTable, (record.dossiers ?? []).map((numeroDossier) => ({ numeroDossier })));
  return found.map(withoutKey).sort((a, b) => a.numLigne - b.numLigne);
}

/** An import's requests through the index (eventually consistent): for tests and operators. */
export async function requestsOfImportByIndex(identifiantImport: number): Promise<RequestRecord[]> {
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
