import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from './aws-clients.js';

type Key = Record<string, unknown>;
interface BatchGetOutput {
  Responses?: Record<string, Key[]>;
  UnprocessedKeys?: Record<string, { Keys?: Key[] }>;
}

/** Reads items by key, strongly consistent, 100 per call, the calls at once; unprocessed keys are asked again. */
export async function batchGetAll<T>(table: string, keys: readonly Key[]): Promise<T[]> {
  const found: T[] = [];
  const batches: Key[][] = [];
  for (let i = 0; i < keys.length; i += 100) batches.push(keys.slice(i, i + 100));
  await Promise.all(
    batches.map(async (batch) => {
      let pending: Key[] | undefined = batch;
      for (let attempt = 0; pending && pending.length > 0; attempt++) {
        if (attempt > 8) throw new Error(`${table}: DynamoDB did not answer every read`);
        const out: BatchGetOutput = await dynamo().send(new BatchGetCommand({ RequestItems: { [table]: { Keys: pending, ConsistentRead: true } } }));
        found.push(...((out.Responses?.[table] ?? []) as T[]));
        pending = out.UnprocessedKeys?.[table]?.Keys;
        if (pending && pending.length > 0) await new Promise((r) => setTimeout(r, 25 * 2 ** attempt));
      }
    }),
  );
  return found;
}
