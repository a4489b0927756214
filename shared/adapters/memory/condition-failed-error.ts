/** The error a refused conditional write raises where the caller must know (as DynamoDB's ConditionalCheckFailedException). */
export class ConditionFailedError extends Error {
  override readonly name = 'ConditionalCheckFailedException';
}
