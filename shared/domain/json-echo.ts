import { inexactNumberText } from './strict-json.js';

/**
 * JSON text indented by two spaces, exactly as `JSON.stringify(value, null, 2)` writes it, except
 * that a number the file wrote beyond what a double holds (`1e400`, a 20-digit integer) is echoed
 * as written rather than altered (`null`, rounded). Only for values read by the strict reader that
 * hold such numbers: slower than the engine's own, and needed only then.
 */
export function stringifyEchoingNumbers(value: unknown): string {
  return write(value, '', undefined, undefined) ?? 'null';
}

function write(value: unknown, indent: string, holder: object | undefined, key: string | number | undefined): string | undefined {
  if (typeof value === 'number') {
    const written = holder === undefined || key === undefined ? undefined : inexactNumberText(holder, key);
    return written ?? JSON.stringify(value);
  }
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const items = value.map((item, i) => `${inner}${write(item, inner, value, i) ?? 'null'}`);
    return `[\n${items.join(',\n')}\n${indent}]`;
  }
  const members: string[] = [];
  for (const k of Object.keys(value)) {
    const text = write((value as Record<string, unknown>)[k], inner, value, k);
    if (text !== undefined) members.push(`${inner}${JSON.stringify(k)}: ${text}`);
  }
  return members.length === 0 ? '{}' : `{\n${members.join(',\n')}\n${indent}}`;
}
