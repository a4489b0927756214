/**
 * A deep copy of a record as DynamoDB would keep it: no shared references with the caller, and
 * no `undefined` attributes (the document client removes them).
 */
export function snapshot<T>(value: T): T {
  return withoutUndefined(structuredClone(value));
}

function withoutUndefined<T>(value: T): T {
  if (Array.isArray(value)) {
    for (const item of value) withoutUndefined(item);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined) delete (value as Record<string, unknown>)[key];
      else withoutUndefined(item);
    }
  }
  return value;
}

/**
 * `record` with `fields` written over it, as a DynamoDB `SET` would: a copy, and an undefined
 * field leaves the attribute as it was (the document client drops undefined values).
 */
export function updated<T extends object>(record: T, fields: Partial<T> | undefined): T {
  const next = snapshot(record);
  for (const [key, value] of Object.entries(fields ?? {})) {
    if (value !== undefined) (next as Record<string, unknown>)[key] = snapshot(value);
  }
  return next;
}
