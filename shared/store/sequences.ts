import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config.js';
import { dynamo } from './aws-clients.js';

/**
 * The next number of a named sequence (an atomic ADD). Numbers are never reused; a retried call
 * takes another one, so a number is claimed once and stored where it is used (DESIGN.md).
 */
export async function nextNumber(name: string): Promise<number> {
  return nextNumbers(name, 1);
}

/** Takes `count` consecutive numbers at once; returns the first. */
export async function nextNumbers(name: string, count: number): Promise<number> {
  const out = await dynamo().send(
    new UpdateCommand({
      TableName: config().sequencesTable,
      Key: { nom: name },
      UpdateExpression: 'ADD valeur :count',
      ExpressionAttributeValues: { ':count': count },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return Number(out.Attributes!.valeur) - count + 1;
}
