import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config.js';
import { dynamo } from './aws-clients.js';
import { batchGetAll } from './batch-get.js';

/**
 * Uniqueness claims (the import checks' keys): the first line to write a key holds it, with a
 * conditional write, so that of two imports racing for it exactly one wins. A claim names the
 * line that holds it, so replaying that line's import finds it already its own.
 */
export interface ClaimHolder {
  identifiantImport: number;
  numLigne: number;
}

export interface Claim extends ClaimHolder {
  cle: string;
  numeroDossier: string;
  siret: string;
  finess: string;
}

export type ClaimOutcome = { held: true; claim: Claim } | { held: false; holder: Claim };

export function isHeldBy(claim: Claim, holder: ClaimHolder): boolean {
  return claim.identifiantImport === holder.identifiantImport && claim.numLigne === holder.numLigne;
}

/** Takes the key for this line, or tells who holds it (the line itself on a replay: then held). */
export async function claim(wanted: Claim): Promise<ClaimOutcome> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await dynamo().send(new PutCommand({ TableName: config().claimsTable, Item: wanted, ConditionExpression: 'attribute_not_exists(cle)' }));
      return { held: true, claim: wanted };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    const holder = await peek(wanted.cle);
    if (holder) return isHeldBy(holder, wanted) ? { held: true, claim: holder } : { held: false, holder };
    // released between the two calls: try again
  }
  throw new Error(`claim ${wanted.cle}: contended`);
}

/** Replaces a claim held by a request that no longer counts (REJETEE), if it is still that one. */
export async function takeOver(wanted: Claim, previous: Claim): Promise<boolean> {
  try {
    await dynamo().send(
      new PutCommand({
        TableName: config().claimsTable,
        Item: wanted,
        ConditionExpression: 'numeroDossier = :previous',
        ExpressionAttributeValues: { ':previous': previous.numeroDossier },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

export async function peek(cle: string): Promise<Claim | undefined> {
  const out = await dynamo().send(new GetCommand({ TableName: config().claimsTable, Key: { cle }, ConsistentRead: true }));
  return out.Item as Claim | undefined;
}

/** The claims held on these keys, by key (absent keys are free), read 100 at a time. */
export async function peekMany(keys: readonly string[]): Promise<Map<string, Claim>> {
  const claims = await batchGetAll<Claim>(config().claimsTable, [...new Set(keys)].map((cle) => ({ cle })));
  return new Map(claims.map((c) => [c.cle, c]));
}

/** Gives a key back, if this line holds it. */
export async function release(cle: string, holder: ClaimHolder): Promise<void> {
  try {
    await dynamo().send(
      new DeleteCommand({
        TableName: config().claimsTable,
        Key: { cle },
        ConditionExpression: 'identifiantImport = :i AND numLigne = :n',
        ExpressionAttributeValues: { ':i': holder.identifiantImport, ':n': holder.numLigne },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}
