/**
 * Strict JSON reading for FMT-01 and the repeated keys of FMT-02.
 *
 * The fast path is the engine's own JSON.parse plus one light scan (depth and key count).
 * Only when something is off does the slower validator below run, to say where: the line and
 * column of a syntax error, the depth overflow, or the path of every repeated key.
 */
export const MAX_DEPTH = 20;

export interface JsonSyntaxError {
  ligne: number;
  colonne: number;
  raison: string;
}

export type StrictJsonResult =
  | { ok: true; value: unknown; repeatedKeys: (string | number)[][] }
  | { ok: false; error: JsonSyntaxError };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes UTF-8 (one leading BOM allowed) and parses strict JSON. */
export function parseStrictJson(bytes: Uint8Array): StrictJsonResult {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { ok: false, error: invalidUtf8Error(bytes) };
  }
  if (text.trim() === '') {
    return { ok: false, error: { ligne: 1, colonne: 1, raison: 'le fichier est vide' } };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, error: locateError(text) };
  }
  const scan = scanStructure(text);
  if (scan.maxDepth > MAX_DEPTH || scan.keyTokens !== countKeys(value)) {
    const found = validate(text);
    if ('error' in found) return { ok: false, error: found.error };
    return { ok: true, value, repeatedKeys: found.repeatedKeys };
  }
  return { ok: true, value, repeatedKeys: [] };
}

/** Counts key tokens and the deepest nesting of an already valid JSON text. */
function scanStructure(text: string): { keyTokens: number; maxDepth: number } {
  let keyTokens = 0;
  let depth = 0;
  let maxDepth = 0;
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
    }
  }
  return { keyTokens, maxDepth };
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

function locateError(text: string): JsonSyntaxError {
  const found = validate(text);
  if ('error' in found) return found.error;
  // The validator follows RFC 8259 as JSON.parse does; should they ever disagree, still refuse.
  return { ligne: 1, colonne: 1, raison: 'syntaxe JSON incorrecte' };
}

class Stop {
  constructor(readonly pos: number, readonly raison: string) {}
}

/** A strict RFC 8259 validator that records repeated keys and refuses nesting deeper than MAX_DEPTH. */
function validate(text: string): { repeatedKeys: (string | number)[][] } | { error: JsonSyntaxError } {
  const repeatedKeys: (string | number)[][] = [];
  const path: (string | number)[] = [];
  let pos = 0;

  const fail = (raison: string, at = pos): never => {
    throw new Stop(at, raison);
  };
  const unexpected = (): never => {
    if (pos >= text.length) fail('fin de fichier inattendue');
    const ch = String.fromCodePoint(text.codePointAt(pos) ?? 0);
    return fail(`caractère inattendu ${printable(ch)}`);
  };
  const skipSpace = () => {
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) pos++;
      else return;
    }
  };
  const readString = (): string => {
    // at the opening quote
    const start = ++pos;
    let out = '';
    let chunk = start;
    for (;;) {
      if (pos >= text.length) fail('texte non terminé (guillemet fermant manquant)');
      const c = text.charCodeAt(pos);
      if (c === 0x22) {
        out += text.slice(chunk, pos++);
        return out;
      }
      if (c < 0x20) fail('caractère de contrôle non échappé dans un texte');
      if (c === 0x5c) {
        out += text.slice(chunk, pos);
        const e = text.charCodeAt(pos + 1);
        const simple: Record<number, string> = { 0x22: '"', 0x5c: '\\', 0x2f: '/', 0x62: '\b', 0x66: '\f', 0x6e: '\n', 0x72: '\r', 0x74: '\t' };
        if (simple[e] !== undefined) {
          out += simple[e];
          pos += 2;
        } else if (e === 0x75) {
          const hex = text.slice(pos + 2, pos + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('séquence \\u incorrecte');
          out += String.fromCharCode(parseInt(hex, 16));
          pos += 6;
        } else {
          fail('séquence d’échappement incorrecte');
        }
        chunk = pos;
        continue;
      }
      pos++;
    }
  };
  const readNumber = () => {
    const m = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
    m.lastIndex = pos;
    const found = m.exec(text);
    if (!found || found[0] === '-') unexpected();
    pos = m.lastIndex;
    // "01", "1.", "1e" and the like: the engine refuses them, so do we
    const next = text.charCodeAt(pos);
    if ((next >= 0x30 && next <= 0x39) || next === 0x2e || next === 0x65 || next === 0x45) unexpected();
  };
  const readValue = (depth: number) => {
    skipSpace();
    const c = text.charCodeAt(pos);
    if (c === 0x7b || c === 0x5b) {
      if (depth + 1 > MAX_DEPTH) fail(`imbrication de plus de ${MAX_DEPTH} niveaux`);
      if (c === 0x7b) readObject(depth + 1);
      else readArray(depth + 1);
    } else if (c === 0x22) {
      readString();
    } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      readNumber();
    } else {
      for (const word of ['true', 'false', 'null']) {
        if (text.startsWith(word, pos)) {
          pos += word.length;
          return;
        }
      }
      unexpected();
    }
  };
  const readObject = (depth: number) => {
    pos++;
    const seen = new Set<string>();
    skipSpace();
    if (text.charCodeAt(pos) === 0x7d) {
      pos++;
      return;
    }
    for (;;) {
      skipSpace();
      if (text.charCodeAt(pos) !== 0x22) unexpected();
      const key = readString();
      if (seen.has(key)) repeatedKeys.push([...path, key]);
      seen.add(key);
      skipSpace();
      if (text.charCodeAt(pos) !== 0x3a) unexpected();
      pos++;
      path.push(key);
      readValue(depth);
      path.pop();
      skipSpace();
      const c = text.charCodeAt(pos);
      if (c === 0x2c) pos++;
      else if (c === 0x7d) {
        pos++;
        return;
      } else unexpected();
    }
  };
  const readArray = (depth: number) => {
    pos++;
    skipSpace();
    if (text.charCodeAt(pos) === 0x5d) {
      pos++;
      return;
    }
    for (let index = 0; ; index++) {
      path.push(index);
      readValue(depth);
      path.pop();
      skipSpace();
      const c = text.charCodeAt(pos);
      if (c === 0x2c) pos++;
      else if (c === 0x5d) {
        pos++;
        return;
      } else unexpected();
    }
  };

  try {
    readValue(0);
    skipSpace();
    if (pos < text.length) unexpected();
    return { repeatedKeys };
  } catch (e) {
    if (e instanceof Stop) return { error: { ...lineAndColumn(text, e.pos), raison: e.raison } };
    throw e;
  }
}

function printable(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  if (code < 0x20 || code === 0xfeff || code === 0x7f) return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return `« ${ch} »`;
}

/** Line and column (from 1, in characters) of a position in the text. */
function lineAndColumn(text: string, pos: number): { ligne: number; colonne: number } {
  let ligne = 1;
  let lineStart = 0;
  for (let i = 0; i < pos && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) {
      ligne++;
      lineStart = i + 1;
    }
  }
  const colonne = [...text.slice(lineStart, pos)].length + 1;
  return { ligne, colonne };
}

function invalidUtf8Error(bytes: Uint8Array): JsonSyntaxError {
  const offset = firstInvalidUtf8Offset(bytes);
  const before = new TextDecoder('utf-8').decode(bytes.subarray(0, offset));
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
