import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

type Key = Record<string, unknown>;

/** How many times unprocessed keys are asked again, and the first pause (doubled each time). */
const RETRIES = 8;
const FIRST_PAUSE_MS = 25;

/**
 * Reads items by key, strongly consistent, 100 per call, the calls at once; unprocessed keys are
 * asked again with a growing pause. Keys must be distinct (DynamoDB refuses duplicates).
 */
export async function batchGetAll<T>(dynamo: DynamoDBDocumentClient, table: string, keys: readonly Key[]): Promise<T[]> {
  const found: T[] = [];
  const batches: Key[][] = [];
  for (let i = 0; i < keys.length; i += 100) batches.push(keys.slice(i, i + 100));
  await Promise.all(
    batches.map(async (batch) => {
      let pending: Key[] | undefined = batch;
      for (let attempt = 0; pending && pending.length > 0; attempt++) {
        if (attempt > RETRIES) throw new Error(`${table}: DynamoDB did not answer every read`);
        if (attempt > 0) await new Promise((r) => setTimeout(r, FIRST_PAUSE_MS * 2 ** (attempt - 1)));
        const out = await dynamo.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: pending, ConsistentRead: true } } }));
        found.push(...((out.Responses?.[table] ?? []) as T[]));
        pending = out.UnprocessedKeys?.[table]?.Keys as Key[] | undefined;
      }
    }),
  );
  return found;
}
