/**
 * The return file echoes each line as the supplier wrote it (SPEC §5): numbers beyond what a
 * double holds come back as written, not as `null` or rounded; every other file's return file is
 * byte for byte what the engine's JSON.stringify writes.
 */
import { describe, expect, it } from 'vitest';
import { stringifyEchoingNumbers } from '../../shared/domain/json-echo.js';
import { serializeReturnFile } from '../../shared/domain/return-file.js';
import { simulate } from '../../shared/domain/simulate.js';
import { parseStrictJson } from '../../shared/domain/strict-json.js';
import { settingsFor, validFile } from '../fixtures/deposit-files.js';

const settings = settingsFor('DPI');
const returnFileText = (text: string) => serializeReturnFile(simulate(Buffer.from(text), settings)).toString('utf8');
const validText = (count = 1) => JSON.stringify(validFile(count), null, 2);

describe('numbers echoed as written in the return file', () => {
  it.each([
    ['numLigne', '"numLigne": 1,', '12345678901234567890'],
    ['numLigne', '"numLigne": 1,', '1e400'],
    ['montantSegurHT', '"montantSegurHT": 1250.5', '1e400'],
    ['montantSegurHT', '"montantSegurHT": 1250.5', '1250.50000000000000000001'],
    ['montantSegurHT', '"montantSegurHT": 1250.5', '-1e400'],
  ])('%s written %s… as %s comes back as written, and the file is still JSON', (_field, written, literal) => {
    const text = validText(2).replace(written, written.replace(/[0-9.]+,?$/, (m) => literal + (m.endsWith(',') ? ',' : '')));
    expect(text).toContain(literal);
    const out = returnFileText(text);
    expect(out).toContain(`: ${literal}`);
    expect(out).not.toContain(': null');
    expect(() => JSON.parse(out)).not.toThrow();
    expect(out.endsWith('}\n')).toBe(true);
  });

  it('a number a double holds exactly comes back in its shortest form, as before (1250.50 → 1250.5)', () => {
    const text = validText(2).replace('"montantSegurHT": 1250.5', '"montantSegurHT": 1250.50').replace('"numLigne": 2,', '"numLigne": 1e400,');
    const out = returnFileText(text);
    expect(out).toMatch(/"montantSegurHT": 1250\.5[,\n]/);
    expect(out).not.toContain('1250.50');
    expect(out).toContain('"numLigne": 1e400,');
  });

  it('writes what JSON.stringify(value, null, 2) writes for everything else', () => {
    const values: unknown[] = [
      validFile(3),
      {},
      [],
      { a: [], b: {}, c: [[], [{}]], d: undefined, e: null, f: [undefined, () => 1], g: 'é"\\\n\u2028', h: -0, i: 1e21, j: 5e-324 },
      'texte',
      42,
      null,
      JSON.parse('{"__proto__": {"x": 1}, "y": [1, 2.5, true, false]}'),
    ];
    for (const value of values) expect(stringifyEchoingNumbers(value)).toBe(JSON.stringify(value, null, 2));
    const parsed = parseStrictJson(Buffer.from(validText(5)));
    expect(parsed.ok && parsed.inexactNumbers).toBe(false);
    if (parsed.ok) expect(stringifyEchoingNumbers(parsed.value)).toBe(JSON.stringify(parsed.value, null, 2));
  });
});
