import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DemandeRecord, DemandeStatus } from '../../domain/demande-record.js';
import { mapLimit } from '../../lib/map-limit.js';
import type { DemandeFilters, DemandeStore } from '../../ports/demande-store.js';
import type { Page, PagePosition } from '../../ports/page.js';
import { listingKey } from '../listing-key.js';
import { batchGetAll } from './batch-get.js';
import { isConditionFailure, unlessRefused } from './conditional-write.js';
import { queryAll } from './query-all.js';
import { listNewestFirst } from './supplier-listing.js';
import { IMPORT_INDEX } from './table-indexes.js';

export { IMPORT_INDEX };

/** Conditional puts in flight at once when an import creates its requests. */
const CREATE_CONCURRENCY = 64;

/**
 * A request as table `Demandes` keeps it: key `numeroDossier`, and `cle` for the `parFournisseur`
 * index. The amounts are strings, their exact text (a DynamoDB Number holds 38 digits up to 1e125,
 * and the document client would read anything past 2^53 as a rounded double): `1e+400` and
 * `12345678901234567.89` stay as written. Requests stored before kept them as Numbers (doubles).
 */
type StoredRequest = DemandeRecord & { cle: string };

/** The requests in DynamoDB. */
export class DynamoDemandeStore implements DemandeStore {
  constructor(
    private readonly dynamo: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async createMany(records: readonly DemandeRecord[]): Promise<void> {
    // no BatchWrite: it has no condition, and a replay must not write over a request that moved on
    await mapLimit(records, CREATE_CONCURRENCY, async (r) => {
      try {
        await this.dynamo.send(
          new PutCommand({
            TableName: this.table,
            Item: { ...r, cle: listingKey(r.creeLe, r.numeroDossier) } satisfies StoredRequest,
            ConditionExpression: 'attribute_not_exists(numeroDossier)',
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    });
  }

  /** An eventually consistent read, as before the ports (half the cost); getMany reads strongly. */
  async get(numeroDossier: string): Promise<DemandeRecord | undefined> {
    const out = await this.dynamo.send(new GetCommand({ TableName: this.table, Key: { numeroDossier } }));
    return out.Item ? withoutKey(out.Item as StoredRequest) : undefined;
  }

  async getMany(numerosDossier: readonly string[]): Promise<DemandeRecord[]> {
    const keys = [...new Set(numerosDossier)].map((numeroDossier) => ({ numeroDossier }));
    const found = await batchGetAll<StoredRequest>(this.dynamo, this.table, keys);
    return found.map(withoutKey).sort((a, b) => a.numLigne - b.numLigne);
  }

  async move(numeroDossier: string, from: DemandeStatus, to: DemandeStatus): Promise<boolean> {
    return unlessRefused(async () => {
      await this.dynamo.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { numeroDossier },
          UpdateExpression: 'SET #statut = :to',
          ConditionExpression: '#statut = :from',
          ExpressionAttributeNames: { '#statut': 'statut' },
          ExpressionAttributeValues: { ':from': from, ':to': to },
        }),
      );
      return true;
    }, false);
  }

  async list(siret: string, filters: DemandeFilters, limit: number, after?: PagePosition): Promise<Page<DemandeRecord>> {
    const { numero, from, to, ...equals } = filters;
    const request = { table: this.table, primaryKey: 'numeroDossier', siret, from, to, equals, startsWith: { numeroDossier: numero }, limit, after };
    const page = await listNewestFirst<StoredRequest & Record<string, unknown>>(this.dynamo, request);
    return { elements: page.elements.map(withoutKey), next: page.next };
  }

  async listByImport(identifiantImport: number): Promise<DemandeRecord[]> {
    const items = await queryAll<StoredRequest>(this.dynamo, {
      TableName: this.table,
      IndexName: IMPORT_INDEX,
      KeyConditionExpression: 'identifiantImport = :i',
      ExpressionAttributeValues: { ':i': identifiantImport },
    });
    return items.map(withoutKey);
  }
}

function withoutKey(item: StoredRequest): DemandeRecord {
  const { cle: _cle, ...record } = item;
  return withAmountTexts(record);
}

/** A request stored before the amounts were kept as text: its doubles as the text they print as (`1250.5`). */
function withAmountTexts(record: DemandeRecord): DemandeRecord {
  const stored: unknown[] = [record.montantSegurHT, record.montantSegurTTC, record.commande?.montantSegurHT];
  if (!stored.some((amount) => typeof amount === 'number')) return record;
  const text = (amount: unknown) => (typeof amount === 'number' ? String(amount) : amount);
  return {
    ...record,
    montantSegurHT: text(record.montantSegurHT) as string,
    montantSegurTTC: text(record.montantSegurTTC) as string,
    commande: { ...record.commande, montantSegurHT: text(record.commande.montantSegurHT) },
  };
}
