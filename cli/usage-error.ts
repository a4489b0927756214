/** Bad usage of a command: exit status 64 (EX_USAGE) with a French message on standard error. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const EXIT_USAGE = 64;
