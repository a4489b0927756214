/**
 * Responses write an amount a double does not hold as the bare JSON number it is
 * (`12345678901234567.89`, `1e+400`), through JSON.stringify; every other response byte for byte
 * as JSON.stringify writes it.
 */
import { describe, expect, it } from 'vitest';
import { demandeView } from '../../functions/api/demande-view.js';
import { json } from '../../shared/http/responses.js';
import { RawJsonNumber, jsonNumber, stringifyWithRawNumbers } from '../../shared/http/json-number.js';
import { demandeRecord } from '../adapters/store-records.js';

describe('JSON numbers written exactly', () => {
  it('gives a plain number when its double prints back as the text, a raw number otherwise', () => {
    expect(jsonNumber('1250.5')).toBe(1250.5);
    expect(jsonNumber('1e+21')).toBe(1e21);
    expect(jsonNumber('1e+400')).toBeInstanceOf(RawJsonNumber);
    expect(jsonNumber('12345678901234567.89')).toBeInstanceOf(RawJsonNumber);
    expect(jsonNumber('9007199254740993')).toBeInstanceOf(RawJsonNumber);
  });

  it('writes raw numbers bare, wherever they are, and nothing else differently', () => {
    const body = { a: jsonNumber('1e+400'), b: [jsonNumber('12345678901234567.89'), 1.5], c: { d: jsonNumber('1250.5') }, s: 'texte "cité"' };
    expect(stringifyWithRawNumbers(body)).toBe('{"a":1e+400,"b":[12345678901234567.89,1.5],"c":{"d":1250.5},"s":"texte \\"cité\\""}');
    expect(stringifyWithRawNumbers(new RawJsonNumber('-1.5e-400'))).toBe('-1.5e-400');
    const ordinary = { elements: [{ n: 1, s: 'nombre-0:1', t: '"x"' }], curseur: null };
    expect(stringifyWithRawNumbers(ordinary)).toBe(JSON.stringify(ordinary));
  });

  it('takes nothing but a JSON number as a raw text: no way to write anything else bare', () => {
    for (const text of ['1,"x":2', '1}', 'null', 'Infinity', 'NaN', '', ' 1', '1e']) {
      expect(() => new RawJsonNumber(text), text).toThrow();
    }
  });

  it('leaves a string that looks like a marker as a string: the marker holds a key no value can guess', () => {
    const raw = new RawJsonNumber('1e+400');
    const marker = raw.toJSON();
    const text = stringifyWithRawNumbers({ a: raw, b: marker.replace(/^nombre-[0-9a-f]+:/, 'nombre-00000000000000000000000000000000:') });
    expect(JSON.parse(text.replace('1e+400', '0')).b).toMatch(/^nombre-0+:1e\+400$/);
  });

  it('starts afresh after a value JSON.stringify refuses', () => {
    expect(() => stringifyWithRawNumbers({ a: jsonNumber('1e+400'), b: 1n })).toThrow(TypeError);
    expect(stringifyWithRawNumbers({ a: 1 })).toBe('{"a":1}');
  });
});

describe('a request in a response', () => {
  it('shows its exact amounts as JSON numbers, in the request and in its commande', () => {
    const record = demandeRecord({ montantSegurHT: '12345678901234567.89', montantSegurTTC: '14814814681481481.47', commande: { numeroBonCommande: 'BC-1', montantSegurHT: '12345678901234567.89' } });
    const body = json(200, demandeView({ ...record, piecesAttendues: [] })).body as string;
    expect(body).toContain('"montantSegurHT":12345678901234567.89,"montantSegurTTC":14814814681481481.47,');
    expect(body).toContain('"commande":{"numeroBonCommande":"BC-1","montantSegurHT":12345678901234567.89}');
    expect(JSON.parse(body).montantSegurHT).toBe(12345678901234567.89);
  });

  it('shows an ordinary request as before: numbers from their doubles', () => {
    const record = demandeRecord({ montantSegurHT: '1250.5', montantSegurTTC: '1500.6', commande: { montantSegurHT: '1250.5' } });
    const view = demandeView({ ...record, piecesAttendues: [] });
    expect(view).toMatchObject({ montantSegurHT: 1250.5, montantSegurTTC: 1500.6, commande: { montantSegurHT: 1250.5 } });
    expect(json(200, view).body).toBe(JSON.stringify(view));
  });
});
