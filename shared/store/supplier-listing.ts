import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from './aws-clients.js';

/**
 * A supplier's items newest first, from an index keyed (siret, cle) where cle starts with the
 * creation instant in UTC: a date range is a key condition, other filters are filter expressions.
 */
export const SUPPLIER_INDEX = 'parFournisseur';

export interface ListingFilter {
  attribute: string;
  value: string;
  /** Equality, or the value's beginning. */
  match: 'equals' | 'startsWith';
}

export interface ListingRequest {
  table: string;
  /** The table's own key attribute (the index's items carry it too). */
  primaryKey: string;
  siret: string;
  /** UTC instants, inclusive start and exclusive end. */
  from?: Date;
  to?: Date;
  filters: ListingFilter[];
  limit: number;
  /** Where the previous page stopped. */
  after?: ListingPosition;
}

export interface ListingPosition {
  cle: string;
  id: string | number;
}

export interface ListingPage<T> {
  items: T[];
  next: ListingPosition | undefined;
}

export async function listNewestFirst<T extends Record<string, unknown>>(request: ListingRequest): Promise<ListingPage<T>> {
  const names: Record<string, string> = { '#s': 'siret' };
  const values: Record<string, unknown> = { ':siret': request.siret };
  let keyCondition = '#s = :siret';
  if (request.from || request.to) {
    names['#c'] = 'cle';
    values[':from'] = request.from ? request.from.toISOString() : '0';
    values[':to'] = request.to ? request.to.toISOString() : '~';
    keyCondition += ' AND #c BETWEEN :from AND :to';
  }
  const filter = request.filters.map((f, i) => {
    names[`#f${i}`] = f.attribute;
    values[`:f${i}`] = f.value;
    return f.match === 'equals' ? `#f${i} = :f${i}` : `begins_with(#f${i}, :f${i})`;
  });

  const items: T[] = [];
  const page = (hasMore: boolean): ListingPage<T> => {
    const last = items[items.length - 1];
    return { items, next: hasMore && last ? { cle: String(last.cle), id: last[request.primaryKey] as string | number } : undefined };
  };
  let start: Record<string, unknown> | undefined = request.after
    ? { siret: request.siret, cle: request.after.cle, [request.primaryKey]: request.after.id }
    : undefined;
  for (;;) {
    const out = await dynamo().send(
      new QueryCommand({
        TableName: request.table,
        IndexName: SUPPLIER_INDEX,
        KeyConditionExpression: keyCondition,
        ...(filter.length > 0 ? { FilterExpression: filter.join(' AND ') } : {}),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ScanIndexForward: false,
        // one more than needed tells whether another page exists; filters read further
        Limit: filter.length > 0 ? 100 : request.limit - items.length + 1,
        ExclusiveStartKey: start,
      }),
    );
    for (const item of out.Items ?? []) {
      if (items.length === request.limit) return page(true);
      items.push(item as T);
    }
    start = out.LastEvaluatedKey;
    if (!start) return page(false);
  }
}

/** The listing key of an item created at `creeLe` (UTC ISO) with identifier `id`. */
export function listingKey(creeLe: string, id: string | number): string {
  return `${creeLe}#${typeof id === 'number' ? String(id).padStart(12, '0') : id}`;
}
