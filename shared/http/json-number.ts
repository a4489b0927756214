/**
 * JSON numbers written exactly in responses: an amount a double does not hold
 * (`12345678901234567.89`, `1e+400`) goes out as the number its text says, not rounded nor `null`.
 *
 * Responses stay on JSON.stringify: such a number is a `RawJsonNumber`, which JSON.stringify writes
 * as a marker string (a random per-process key that no other value can hold, then its text);
 * only when some marker was written are the markers then replaced by the bare texts.
 * A number a double holds is given as a plain number: ordinary responses are written as before.
 */
import { randomBytes } from 'node:crypto';
import { parseDecimal } from '../domain/decimal.js';

const MARKER = `nombre-${randomBytes(16).toString('hex')}:`;
const MARKED = new RegExp(`"${MARKER}([-+.eE0-9]+)"`, 'g');
/** Markers written by the JSON.stringify under way (it runs to the end before anything else runs). */
let written = 0;

/** A JSON number by its text (checked against the JSON number grammar, so nothing else gets in raw). */
export class RawJsonNumber {
  constructor(readonly text: string) {
    if (!parseDecimal(text)) throw new Error(`not a JSON number: ${text.slice(0, 40)}`);
  }

  toJSON(): string {
    written++;
    return MARKER + this.text;
  }
}

/** The number a text writes: a plain number when its double prints back as that text, else written raw. */
export function jsonNumber(text: string): number | RawJsonNumber {
  const n = Number(text);
  return String(n) === text ? n : new RawJsonNumber(text);
}

/** JSON.stringify, with each RawJsonNumber written as its bare text. */
export function stringifyWithRawNumbers(value: unknown): string {
  written = 0;
  const text = JSON.stringify(value);
  if (written === 0) return text;
  written = 0;
  return text.replace(MARKED, '$1');
}
