/**
 * Whether a write was refused by its condition. By name rather than by class, so that an error
 * built by another copy of the SDK (or by a test double) is recognised too.
 */
export function isConditionFailure(error: unknown): boolean {
  return (error as { name?: unknown } | null)?.name === 'ConditionalCheckFailedException';
}

/** Runs a conditional write: `onRefused` when its condition does not hold; every other error is thrown. */
export async function unlessRefused<T, R>(write: () => Promise<T>, onRefused: R): Promise<T | R> {
  try {
    return await write();
  } catch (error) {
    if (isConditionFailure(error)) return onRefused;
    throw error;
  }
}
