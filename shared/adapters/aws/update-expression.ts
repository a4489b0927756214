/** An update expression with its names and values, built from plain fields. */
export interface UpdateParts {
  UpdateExpression: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues: Record<string, unknown>;
}

export interface UpdateSpec {
  /** Attributes to set; undefined values are left out (the attribute keeps its value). */
  set?: Record<string, unknown>;
  /** Counters to add to (created at the amount when absent). */
  add?: Record<string, number | undefined>;
  remove?: readonly string[];
}

/**
 * `SET … ADD … REMOVE …` with every attribute name aliased (no reserved-word surprises), to
 * merge with a condition's own names and values (whose placeholders must not start with `#u` / `:u`).
 */
export function updateExpression(spec: UpdateSpec): UpdateParts {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  let n = 0;
  /** A placeholder for the attribute, and one for its value if given. */
  const alias = (attribute: string, value?: unknown) => {
    const i = n++;
    names[`#u${i}`] = attribute;
    if (value !== undefined) values[`:u${i}`] = value;
    return i;
  };
  const clauses: string[] = [];
  const sets = Object.entries(spec.set ?? {})
    .filter(([, value]) => value !== undefined)
    .map(([attribute, value]) => {
      const i = alias(attribute, value);
      return `#u${i} = :u${i}`;
    });
  if (sets.length > 0) clauses.push(`SET ${sets.join(', ')}`);
  const adds = Object.entries(spec.add ?? {})
    .filter(([, value]) => value !== undefined)
    .map(([attribute, value]) => {
      const i = alias(attribute, value);
      return `#u${i} :u${i}`;
    });
  if (adds.length > 0) clauses.push(`ADD ${adds.join(', ')}`);
  const removes = (spec.remove ?? []).map((attribute) => `#u${alias(attribute)}`);
  if (removes.length > 0) clauses.push(`REMOVE ${removes.join(', ')}`);
  return { UpdateExpression: clauses.join(' '), ExpressionAttributeNames: names, ExpressionAttributeValues: values };
}
