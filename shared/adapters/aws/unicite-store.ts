import { DeleteCommand, GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Unicite, UniciteHolder, UniciteStore } from '../../ports/unicite-store.js';
import { batchGetAll } from './batch-get.js';
import { unlessRefused } from './conditional-write.js';

/** The uniqueness keys in DynamoDB (table `Unicites`, key `cle`): each taken or handed over by a conditional write. */
export class DynamoUniciteStore implements UniciteStore {
  constructor(
    private readonly dynamo: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async putIfAbsent(wanted: Unicite): Promise<boolean> {
    return unlessRefused(async () => {
      await this.dynamo.send(new PutCommand({ TableName: this.table, Item: wanted, ConditionExpression: 'attribute_not_exists(cle)' }));
      return true;
    }, false);
  }

  async replaceIf(wanted: Unicite, previousDossier: string): Promise<boolean> {
    return unlessRefused(async () => {
      await this.dynamo.send(
        new PutCommand({
          TableName: this.table,
          Item: wanted,
          ConditionExpression: 'numeroDossier = :previous',
          ExpressionAttributeValues: { ':previous': previousDossier },
        }),
      );
      return true;
    }, false);
  }

  async get(cle: string): Promise<Unicite | undefined> {
    const out = await this.dynamo.send(new GetCommand({ TableName: this.table, Key: { cle }, ConsistentRead: true }));
    return out.Item as Unicite | undefined;
  }

  async getMany(cles: readonly string[]): Promise<Map<string, Unicite>> {
    const found = await batchGetAll<Unicite>(this.dynamo, this.table, [...new Set(cles)].map((cle) => ({ cle })));
    return new Map(found.map((u) => [u.cle, u]));
  }

  async deleteIfHeld(cle: string, holder: UniciteHolder): Promise<void> {
    await unlessRefused(
      () =>
        this.dynamo.send(
          new DeleteCommand({
            TableName: this.table,
            Key: { cle },
            ConditionExpression: 'identifiantImport = :i AND numLigne = :n',
            ExpressionAttributeValues: { ':i': holder.identifiantImport, ':n': holder.numLigne },
          }),
        ),
      undefined,
    );
  }
}
