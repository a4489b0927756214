import { ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * Every item of a table in one of these states, by a full Scan (strongly consistent), page after
 * page: for the local stack's restart and for operators, never on a supplier's path.
 */
export async function scanByStatus<T>(dynamo: DynamoDBDocumentClient, table: string, statuts: readonly string[]): Promise<T[]> {
  if (statuts.length === 0) return [];
  const values = Object.fromEntries(statuts.map((s, i) => [`:s${i}`, s]));
  const items: T[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await dynamo.send(
      new ScanCommand({
        TableName: table,
        FilterExpression: `#statut IN (${Object.keys(values).join(', ')})`,
        ExpressionAttributeNames: { '#statut': 'statut' },
        ExpressionAttributeValues: values,
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    items.push(...((out.Items ?? []) as T[]));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}
