import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Page, PagePosition } from '../../ports/page.js';
import { SUPPLIER_INDEX } from './table-indexes.js';

export { SUPPLIER_INDEX };

export interface ListingRequest {
  table: string;
  /** The table's own key attribute (the index's items carry it too). */
  primaryKey: string;
  siret: string;
  /** UTC instants, inclusive start and exclusive end. */
  from?: Date;
  to?: Date;
  /** Attributes that must equal a value, and attributes that must start with one (undefined: no filter). */
  equals?: Record<string, string | undefined>;
  startsWith?: Record<string, string | undefined>;
  limit: number;
  /** Where the previous page stopped. */
  after?: PagePosition;
}

/**
 * One page of a supplier's items, newest first, from the index (siret, cle): cle starts with the
 * creation instant in UTC, so a date range is a key condition and other filters are filter
 * expressions. `next` only when another matching item exists.
 */
export async function listNewestFirst<T extends Record<string, unknown>>(dynamo: DynamoDBDocumentClient, request: ListingRequest): Promise<Page<T>> {
  const names: Record<string, string> = { '#s': 'siret' };
  const values: Record<string, unknown> = { ':siret': request.siret };
  let keyCondition = '#s = :siret';
  if (request.from || request.to) {
    names['#c'] = 'cle';
    values[':from'] = request.from ? request.from.toISOString() : '0';
    values[':to'] = request.to ? request.to.toISOString() : '~';
    keyCondition += ' AND #c BETWEEN :from AND :to';
  }
  const filter: string[] = [];
  const addFilters = (given: Record<string, string | undefined> | undefined, condition: (name: string, value: string) => string) => {
    for (const [attribute, value] of Object.entries(given ?? {})) {
      if (value === undefined) continue;
      const i = filter.length;
      names[`#f${i}`] = attribute;
      values[`:f${i}`] = value;
      filter.push(condition(`#f${i}`, `:f${i}`));
    }
  };
  addFilters(request.equals, (name, value) => `${name} = ${value}`);
  addFilters(request.startsWith, (name, value) => `begins_with(${name}, ${value})`);

  const items: T[] = [];
  const page = (hasMore: boolean): Page<T> => {
    const last = items[items.length - 1];
    return { elements: items, next: hasMore && last ? { cle: String(last.cle), id: last[request.primaryKey] as string | number } : undefined };
  };
  let start: Record<string, unknown> | undefined = request.after
    ? { siret: request.siret, cle: request.after.cle, [request.primaryKey]: request.after.id }
    : undefined;
  for (;;) {
    const out = await dynamo.send(
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
