import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SequenceName, SequenceStore } from '../../ports/sequence-store.js';

/**
 * Named sequences in DynamoDB (table `Sequences`, key `nom`): an atomic ADD. Numbers are never
 * reused; a retried call takes others, so a number is taken once and stored where it is used.
 */
export class DynamoSequenceStore implements SequenceStore {
  constructor(
    private readonly dynamo: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async next(name: SequenceName, count = 1): Promise<number> {
    const out = await this.dynamo.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { nom: name },
        UpdateExpression: 'ADD valeur :count',
        ExpressionAttributeValues: { ':count': count },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(out.Attributes!.valeur) - count + 1;
  }
}
