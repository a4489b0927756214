/**
 * Strict JSON reading (RFC 8259) for FMT-01, the repeated keys of FMT-02, and the numbers as
 * written (SPEC §4.1, §4.2).
 *
 * The value holds plain doubles, as JSON.parse gives them, so that the return file is unchanged;
 * the text of a number is kept aside, by container and key (`numberAsWritten`), for the rules
 * that judge the decimal value as written.
 *
 * The fast path is the engine's own JSON.parse plus one light scan of the text (depth, key count,
 * and whether every number's shortest double form is the decimal value written). Only when
 * something is off does the strict reader below run: to say where the text stops being JSON, to
 * give the path of every repeated key, or to keep the text of the numbers a double does not hold
 * exactly (`1e400`, `1.0000000000000001`, `12.3400000000000000001`).
 */
export const MAX_DEPTH = 20;

export interface JsonSyntaxError {
  ligne: number;
  colonne: number;
  raison: string;
}

export type StrictJsonResult =
  /** `inexactNumbers`: some number is beyond what a double holds (see inexactNumberText). */
  | { ok: true; value: unknown; repeatedKeys: (string | number)[][]; inexactNumbers: boolean }
  | { ok: false; error: JsonSyntaxError };

const utf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8');

/** Decodes UTF-8 (one leading BOM allowed) and parses strict JSON. */
export function parseStrictJson(bytes: Uint8Array): StrictJsonResult {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { ok: false, error: invalidUtf8Error(bytes) };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return readStrictly(text, true, false);
  }
  const scan = scanText(text);
  if (scan.maxDepth <= MAX_DEPTH && scan.exactNumbers && scan.keyTokens === countKeys(value)) {
    return { ok: true, value, repeatedKeys: [], inexactNumbers: false };
  }
  return readStrictly(text, false, !scan.exactNumbers);
}

/** The strict reader's verdict on a text; `refused`: JSON.parse refused it, so should the reader. */
function readStrictly(text: string, refused: boolean, inexactNumbers: boolean): StrictJsonResult {
  try {
    const { value, repeatedKeys } = new Reader(text).readDocument();
    if (refused) return { ok: false, error: { ligne: 1, colonne: 1, raison: 'syntaxe JSON incorrecte' } }; // should they ever disagree, still refuse
    return { ok: true, value, repeatedKeys, inexactNumbers };
  } catch (e) {
    if (e instanceof Stop) return { ok: false, error: { ...lineAndColumn(text, e.pos), raison: e.raison } };
    throw e;
  }
}

/**
 * One pass over a text JSON.parse accepted: key tokens, deepest nesting, and whether every
 * number token is exactly the decimal its double prints as (then the double says all of it).
 */
function scanText(text: string): { keyTokens: number; maxDepth: number; exactNumbers: boolean } {
  let keyTokens = 0;
  let depth = 0;
  let maxDepth = 0;
  let exactNumbers = true;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      let end = text.indexOf('"', i + 1);
      while (isEscaped(text, end)) end = text.indexOf('"', end + 1);
      i = end;
      let j = end + 1;
      let d = text.charCodeAt(j);
      while (d === 0x20 || d === 0x0a || d === 0x0d || d === 0x09) d = text.charCodeAt(++j);
      if (d === 0x3a) keyTokens++;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > maxDepth) maxDepth = depth;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    } else if (c === 0x2d || isDigit(c)) {
      let end = i + 1;
      let plain = c !== 0x2d || text.charCodeAt(end) !== 0x30; // -0 prints as 0
      for (;;) {
        const d = text.charCodeAt(end);
        if (isDigit(d)) end++;
        else if (d === 0x2e || d === 0x65 || d === 0x45 || d === 0x2b || d === 0x2d) {
          plain = false;
          end++;
        } else break;
      }
      // up to 15 digits, an integer is held exactly by a double and printed back as written
      if (exactNumbers && !(plain && end - i <= 15) && !isExactDouble(text.slice(i, end))) exactNumbers = false;
      i = end - 1;
    }
  }
  return { keyTokens, maxDepth, exactNumbers };
}

/** Whether the double nearest to a number's text is that very decimal value (`1250.50` yes, `1e400` no). */
function isExactDouble(written: string): boolean {
  const shortest = String(Number(written));
  if (shortest === written) return true;
  const a = readDecimal(written);
  const b = readDecimal(shortest);
  return a !== undefined && b !== undefined && a.negative === b.negative && a.digits === b.digits && a.exponent === b.exponent;
}

function isEscaped(text: string, quote: number): boolean {
  let backslashes = 0;
  for (let k = quote - 1; text.charCodeAt(k) === 0x5c; k--) backslashes++;
  return backslashes % 2 === 1;
}

function countKeys(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  let count = 0;
  if (Array.isArray(value)) {
    for (const item of value) count += countKeys(item);
  } else {
    for (const key in value) {
      count += 1 + countKeys((value as Record<string, unknown>)[key]);
    }
  }
  return count;
}

// ---------------------------------------------------------------------------------------------
// Numbers as written

/** The source text of the numbers that a double may not represent exactly, by container and key. */
const writtenNumbers = new WeakMap<object, Map<string | number, string>>();

/**
 * The text of the number at `container[key]` as the file wrote it (`1.0`, `1e400`,
 * `12.3400000000000000001`), or undefined when that value is not a number. A number that did not
 * come from the parser is given in its shortest form (`String(n)`).
 */
export function numberAsWritten(container: unknown, key: string | number): string | undefined {
  if (container === null || typeof container !== 'object') return undefined;
  const value = (container as Record<string | number, unknown>)[key];
  if (typeof value !== 'number') return undefined;
  const written = writtenNumbers.get(container)?.get(Array.isArray(container) ? Number(key) : String(key));
  if (written !== undefined) return written;
  return Number.isFinite(value) ? String(value) : undefined;
}

/**
 * The text of the number at `container[key]` when its double is not the decimal value written
 * (`1e400`, `12345678901234567890`), to be echoed as written; undefined otherwise.
 */
export function inexactNumberText(container: object, key: string | number): string | undefined {
  const written = writtenNumbers.get(container)?.get(Array.isArray(container) ? Number(key) : String(key));
  return written !== undefined && !isExactDouble(written) ? written : undefined;
}

/** Gives `copy` (a shallow copy of `original`, same keys) the texts of `original`'s numbers. */
export function carryNumbersAsWritten(original: object, copy: object): void {
  const numbers = writtenNumbers.get(original);
  if (numbers) writtenNumbers.set(copy, numbers);
}

/**
 * A decimal number as written, exactly: (-1)^negative × digits × 10^exponent, where `digits` has
 * neither leading nor trailing zeros ('' for zero). The exponent may be huge or ±Infinity for
 * texts such as `1e999999999999999999999`; it is only ever compared.
 */
export interface WrittenDecimal {
  negative: boolean;
  digits: string;
  exponent: number;
}

const JSON_NUMBER = /^(-?)(0|[1-9][0-9]*)(?:\.([0-9]+))?(?:[eE]([+-]?[0-9]+))?$/;

/** Reads a JSON number's text (also `String(n)` of a finite double); undefined when it is not one. */
export function readDecimal(text: string): WrittenDecimal | undefined {
  const m = JSON_NUMBER.exec(text);
  if (!m) return undefined;
  const fraction = m[3] ?? '';
  let digits = (m[2]! + fraction).replace(/^0+/, '');
  let exponent = Number(m[4] ?? '0') - fraction.length;
  const significant = digits.replace(/0+$/, '');
  exponent += digits.length - significant.length;
  digits = significant;
  if (digits === '') exponent = 0;
  return { negative: m[1] === '-', digits, exponent };
}

/** Digits after the decimal point once trailing zeros are dropped: `12.340` → 2, `0.015` → 3, `1e-7` → 7. */
export function decimalPlaces(d: WrittenDecimal): number {
  return d.digits === '' || d.exponent >= 0 ? 0 : -d.exponent;
}

export function isPositive(d: WrittenDecimal): boolean {
  return !d.negative && d.digits !== '';
}

/** The value when it is an integer no larger than 2^53 − 1 in magnitude; undefined otherwise. */
export function safeIntegerOf(d: WrittenDecimal): number | undefined {
  if (d.digits === '') return 0;
  if (d.exponent < 0) return undefined;
  if (d.digits.length + d.exponent > 16) return undefined;
  const magnitude = BigInt(d.digits + '0'.repeat(d.exponent));
  if (magnitude > BigInt(Number.MAX_SAFE_INTEGER)) return undefined;
  return d.negative ? -Number(magnitude) : Number(magnitude);
}

// ---------------------------------------------------------------------------------------------
// The reader

class Stop {
  constructor(
    readonly pos: number,
    readonly raison: string,
  ) {}
}

const SIMPLE_ESCAPES: Record<number, string> = { 0x22: '"', 0x5c: '\\', 0x2f: '/', 0x62: '\b', 0x66: '\f', 0x6e: '\n', 0x72: '\r', 0x74: '\t' };

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isHex = (c: number) => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);

/**
 * A strict reader: the value as JSON.parse builds it, or a Stop at the first character that
 * cannot continue the JSON text (the end of the text when it ends too early).
 */
class Reader {
  private pos = 0;
  private readonly path: (string | number)[] = [];
  private readonly repeatedKeys: (string | number)[][] = [];

  constructor(private readonly text: string) {}

  readDocument(): { value: unknown; repeatedKeys: (string | number)[][] } {
    this.skipSpace();
    if (this.pos >= this.text.length) this.fail(this.text.length === 0 ? 'le fichier est vide' : 'le fichier ne contient que des blancs');
    const value = this.readValue(0);
    this.skipSpace();
    if (this.pos < this.text.length) this.unexpected('après la valeur principale du fichier');
    return { value, repeatedKeys: this.repeatedKeys };
  }

  private fail(raison: string, at = this.pos): never {
    throw new Stop(at, raison);
  }

  /** Stops at the current character, or at the end of the text when there is none. */
  private unexpected(context?: string): never {
    if (this.pos >= this.text.length) this.fail('fin de fichier inattendue');
    const ch = String.fromCodePoint(this.text.codePointAt(this.pos)!);
    return this.fail(`caractère inattendu ${printable(ch)}${context ? ` ${context}` : ''}`);
  }

  private skipSpace(): void {
    const text = this.text;
    let pos = this.pos;
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) pos++;
      else break;
    }
    this.pos = pos;
  }

  private readValue(depth: number): unknown {
    const c = this.text.charCodeAt(this.pos);
    if (c === 0x7b || c === 0x5b) {
      if (depth + 1 > MAX_DEPTH) this.fail(`imbrication de plus de ${MAX_DEPTH} niveaux`);
      return c === 0x7b ? this.readObject(depth + 1) : this.readArray(depth + 1);
    }
    if (c === 0x22) return this.readString();
    if (c === 0x2d || isDigit(c)) return this.readNumber();
    if (c === 0x74) return this.readLiteral('true', true);
    if (c === 0x66) return this.readLiteral('false', false);
    if (c === 0x6e) return this.readLiteral('null', null);
    return this.unexpected();
  }

  /** A member or element value; a number's text is kept beside its container. */
  private readMember(depth: number, container: Record<string, unknown> | unknown[], key: string | number): unknown {
    const c = this.text.charCodeAt(this.pos);
    if (c !== 0x2d && !isDigit(c)) return this.readValue(depth);
    const start = this.pos;
    const value = this.readNumber();
    const length = this.pos - start;
    // Up to 15 digits without point or exponent, a double holds the integer exactly and prints it back.
    const plain = length <= 15 && !this.hasPointOrExponent(start) && !(c === 0x2d && this.text.charCodeAt(start + 1) === 0x30);
    let numbers = writtenNumbers.get(container);
    if (!plain) {
      if (!numbers) writtenNumbers.set(container, (numbers = new Map()));
      numbers.set(key, this.text.slice(start, this.pos));
    } else {
      numbers?.delete(key); // a repeated key: the last occurrence is the one judged
    }
    return value;
  }

  private hasPointOrExponent(start: number): boolean {
    for (let i = start; i < this.pos; i++) {
      const c = this.text.charCodeAt(i);
      if (c === 0x2e || c === 0x65 || c === 0x45) return true;
    }
    return false;
  }

  private readLiteral<T>(word: string, value: T): T {
    for (let i = 0; i < word.length; i++) {
      if (this.text.charCodeAt(this.pos) !== word.charCodeAt(i)) {
        if (this.pos >= this.text.length) this.fail('fin de fichier inattendue');
        this.unexpected(`dans le mot ${word}`);
      }
      this.pos++;
    }
    return value;
  }

  private readNumber(): number {
    const text = this.text;
    const start = this.pos;
    const digits = (what: string) => {
      if (!isDigit(text.charCodeAt(this.pos))) {
        if (this.pos >= text.length) this.fail('fin de fichier inattendue dans un nombre');
        this.unexpected(`dans un nombre (chiffre attendu ${what})`);
      }
      while (isDigit(text.charCodeAt(this.pos))) this.pos++;
    };
    if (text.charCodeAt(this.pos) === 0x2d) this.pos++;
    if (text.charCodeAt(this.pos) === 0x30) this.pos++;
    else digits('après le signe moins');
    if (text.charCodeAt(this.pos) === 0x2e) {
      this.pos++;
      digits('après le point décimal');
    }
    const e = text.charCodeAt(this.pos);
    if (e === 0x65 || e === 0x45) {
      this.pos++;
      const sign = text.charCodeAt(this.pos);
      if (sign === 0x2b || sign === 0x2d) this.pos++;
      digits("dans l'exposant");
    }
    return Number(text.slice(start, this.pos));
  }

  private readString(): string {
    const text = this.text;
    let pos = ++this.pos; // after the opening quote
    let chunk = pos;
    let out = '';
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === 0x22) {
        this.pos = pos + 1;
        return out + text.slice(chunk, pos);
      }
      if (pos >= text.length) this.fail('texte non terminé (guillemet fermant manquant)', pos);
      if (c < 0x20) this.fail(`caractère de contrôle non échappé dans un texte (${printable(text[pos]!)})`, pos);
      if (c !== 0x5c) {
        pos++;
        continue;
      }
      out += text.slice(chunk, pos);
      const e = text.charCodeAt(pos + 1);
      const simple = SIMPLE_ESCAPES[e];
      if (simple !== undefined) {
        out += simple;
        pos += 2;
      } else if (e === 0x75) {
        for (let k = pos + 2; k < pos + 6; k++) {
          if (!isHex(text.charCodeAt(k))) {
            this.pos = k;
            if (k >= text.length) this.fail('fin de fichier inattendue dans une séquence \\u');
            this.unexpected('dans une séquence \\u (4 chiffres hexadécimaux attendus)');
          }
        }
        out += String.fromCharCode(parseInt(text.slice(pos + 2, pos + 6), 16));
        pos += 6;
      } else {
        this.pos = pos + 1;
        if (pos + 1 >= text.length) this.fail("fin de fichier inattendue dans une séquence d'échappement");
        this.unexpected("après « \\ » (séquence d'échappement incorrecte)");
      }
      chunk = pos;
    }
  }

  private readObject(depth: number): Record<string, unknown> {
    const object: Record<string, unknown> = {};
    this.pos++;
    this.skipSpace();
    if (this.text.charCodeAt(this.pos) === 0x7d) {
      this.pos++;
      return object;
    }
    let reported: Set<string> | undefined; // a key repeated several times is reported once
    for (;;) {
      if (this.text.charCodeAt(this.pos) !== 0x22) this.unexpected('(nom de balise entre guillemets attendu)');
      const key = this.readString();
      if (Object.hasOwn(object, key) && !(reported ??= new Set()).has(key)) {
        reported.add(key);
        this.repeatedKeys.push([...this.path, key]);
      }
      this.skipSpace();
      if (this.text.charCodeAt(this.pos) !== 0x3a) this.unexpected('(« : » attendu)');
      this.pos++;
      this.skipSpace();
      this.path.push(key);
      const value = this.readMember(depth, object, key);
      this.path.pop();
      if (key === '__proto__') Object.defineProperty(object, key, { value, enumerable: true, configurable: true, writable: true });
      else object[key] = value;
      this.skipSpace();
      const c = this.text.charCodeAt(this.pos);
      if (c === 0x2c) {
        this.pos++;
        this.skipSpace();
      } else if (c === 0x7d) {
        this.pos++;
        return object;
      } else this.unexpected('(« , » ou « } » attendu)');
    }
  }

  private readArray(depth: number): unknown[] {
    const array: unknown[] = [];
    this.pos++;
    this.skipSpace();
    if (this.text.charCodeAt(this.pos) === 0x5d) {
      this.pos++;
      return array;
    }
    for (let index = 0; ; index++) {
      this.path.push(index);
      array.push(this.readMember(depth, array, index));
      this.path.pop();
      this.skipSpace();
      const c = this.text.charCodeAt(this.pos);
      if (c === 0x2c) {
        this.pos++;
        this.skipSpace();
      } else if (c === 0x5d) {
        this.pos++;
        return array;
      } else this.unexpected('(« , » ou « ] » attendu)');
    }
  }
}

function printable(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  if (code < 0x20 || code === 0xfeff || (code >= 0x7f && code <= 0xa0) || code === 0x2028 || code === 0x2029) {
    return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return `« ${ch} »`;
}

/** Line and column (from 1, in characters) of a position in the text; CR, LF and CRLF each end a line. */
function lineAndColumn(text: string, pos: number): { ligne: number; colonne: number } {
  let ligne = 1;
  let lineStart = 0;
  const end = Math.min(pos, text.length);
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) {
      ligne++;
      lineStart = i + 1;
    }
  }
  let colonne = 1;
  for (let i = lineStart; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff || i === lineStart || text.charCodeAt(i - 1) < 0xd800 || text.charCodeAt(i - 1) > 0xdbff) colonne++;
  }
  return { ligne, colonne };
}

/**
 * Invalid UTF-8 competes with syntax errors on position: the text before the first bad byte is
 * read, and a syntax error found strictly before that byte is the one reported.
 */
function invalidUtf8Error(bytes: Uint8Array): JsonSyntaxError {
  const offset = firstInvalidUtf8Offset(bytes);
  const before = lenientUtf8.decode(bytes.subarray(0, offset));
  try {
    new Reader(before).readDocument();
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
    if (e.pos < before.length) return { ...lineAndColumn(before, e.pos), raison: e.raison };
  }
  return { ...lineAndColumn(before, before.length), raison: `séquence UTF-8 invalide (octet ${offset + 1})` };
}

/** Offset of the first byte that breaks UTF-8 (Unicode Table 3-7, as the WHATWG decoder judges it). */
export function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined) return i;
      if (k === 1 ? c < lo || c > hi : c < 0x80 || c > 0xbf) return i;
    }
    i += need + 1;
  }
  return bytes.length;
}
