/**
 * Property tests: valid DPI and PFI files (1 to 5 lines) mutated in every way a supplier's tool could
 * get wrong, checked against SPEC §3, §4 and §5. simulate() must never throw, the return file must
 * have the §5 shape, and the submitted values must come back unchanged.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Issue } from '../../shared/domain/issue.js';
import type { ReturnFile } from '../../shared/domain/return-file.js';
import type { Logiciel, SimulationSettings } from '../../shared/domain/settings.js';
import { simulate } from '../../shared/domain/simulate.js';
import { settingsFor, validFile } from '../fixtures/deposit-files.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };
type Path = (string | number)[];

const NUM_RUNS = Number(process.env.PROPERTY_RUNS ?? 150);

// ---------------------------------------------------------------------------------------------
// JSON helpers

const isObject = (v: unknown): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v; // string, number, boolean, object
}

/** A deep copy that keeps a `__proto__` key as an own key. */
function clone<T extends Json>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/** Sets an own enumerable key, even `__proto__`. */
function put(obj: JsonObject, key: string, value: Json): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

function nodes(v: Json, path: Path = [], out: { path: Path; value: Json }[] = []): { path: Path; value: Json }[] {
  out.push({ path, value: v });
  if (Array.isArray(v)) v.forEach((item, i) => nodes(item, [...path, i], out));
  else if (isObject(v)) for (const key of Object.keys(v)) nodes(v[key]!, [...path, key], out);
  return out;
}

function getAt(root: Json, path: Path): Json {
  let node: Json = root;
  for (const part of path) node = (node as Record<string | number, Json>)[part]!;
  return node;
}

/** A copy of root with the value at path replaced. */
function setAt(root: Json, path: Path, value: Json): Json {
  if (path.length === 0) return value;
  const copy = clone(root);
  const parent = getAt(copy, path.slice(0, -1));
  const last = path[path.length - 1]!;
  if (Array.isArray(parent)) parent[last as number] = value;
  else put(parent as JsonObject, last as string, value);
  return copy;
}

/** A copy of root where the object at objPath has its key renamed (to undefined: dropped), order kept. */
function rekey(root: Json, objPath: Path, key: string, newKey: string | undefined): Json {
  const obj = getAt(root, objPath) as JsonObject;
  const rebuilt: JsonObject = {};
  for (const k of Object.keys(obj)) {
    if (k !== key) put(rebuilt, k, obj[k]!);
    else if (newKey !== undefined) put(rebuilt, newKey, obj[k]!);
  }
  return setAt(root, objPath, rebuilt);
}

/** A copy of root with a key added to the object at objPath. */
function addKey(root: Json, objPath: Path, key: string, value: Json): Json {
  const obj = clone(getAt(root, objPath) as JsonObject);
  put(obj, key, value);
  return setAt(root, objPath, obj);
}

/** The spec's way of writing a path: `lignesImport[3].commande.montantSegurHT`. */
function champ(path: Path): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out === '' ? part : `.${part}`;
  return out;
}

const SIMPLE_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** JSON text of a value where the object at objPath writes `key` twice (the copy holding `dupValue`). */
function stringifyWithRepeatedKey(root: Json, objPath: Path, key: string, dupValue: Json, dupFirst: boolean, indent: number): string {
  const pad = (depth: number) => (indent ? '\n' + ' '.repeat(indent * depth) : '');
  const sep = indent ? ': ' : ':';
  const write = (v: Json, path: Path, depth: number): string => {
    if (Array.isArray(v)) {
      if (v.length === 0) return '[]';
      return `[${v.map((item, i) => pad(depth + 1) + write(item, [...path, i], depth + 1)).join(',')}${pad(depth)}]`;
    }
    if (isObject(v)) {
      const members = Object.keys(v).map((k) => ({ k, text: write(v[k]!, [...path, k], depth + 1) }));
      if (champ(path) === champ(objPath) && path.length === objPath.length) {
        const at = members.findIndex((m) => m.k === key);
        const dup = { k: key, text: write(dupValue, [...path, key], depth + 1) };
        members.splice(dupFirst ? at : at + 1, 0, dup);
      }
      if (members.length === 0) return '{}';
      return `{${members.map((m) => pad(depth + 1) + JSON.stringify(m.k) + sep + m.text).join(',')}${pad(depth)}}`;
    }
    return JSON.stringify(v);
  };
  return write(root, [], 0);
}

const encode = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'utf8'));

// ---------------------------------------------------------------------------------------------
// What the spec says of every return file (§4, §5)

const GLOBAL_LABELS: Record<string, string> = {
  'FMT-01': "Le fichier n'est pas un JSON valide",
  'FMT-02': 'Balise manquante, inattendue ou de type incorrect',
  'FMT-03': 'Le fichier doit contenir entre 1 et 200 demandes',
  'FMT-04': 'Le fichier dépasse la taille maximale de 5 Mo',
  'FMT-05': 'Le SIRET doit comporter 14 chiffres',
  'FMT-06': 'Le numéro ANS est mal formé',
  'ENT-01': 'Le numéro ANS du fichier ne correspond pas au numéro ANS choisi',
  'ENT-02': 'Le SIRET du fichier ne correspond pas à celui du fournisseur',
  'ENT-03': 'Solution non référencée ou enrôlement non validé',
};
const LINE_ERROR = /^DEM-(0\d|1\d|2[0-7])$/;
const LINE_WARNING = /^AVT-0[13]$/;
const LINE_OUTCOME_KEYS = ['codeTraitement', 'libelleTraitement', 'erreurs', 'avertissements'] as const;
const REPRESENTATIVE = new Set(['nomRepresentant', 'emailRepresentant', 'telephoneRepresentant']);

function expectIssueShape(issue: Issue): void {
  expect(typeof issue.code).toBe('string');
  expect(typeof issue.champ).toBe('string');
  expect(typeof issue.message).toBe('string');
  expect(issue.message.length).toBeGreaterThan(0);
}

function referenceParse(input: Uint8Array): { ok: true; value: unknown } | { ok: false } {
  try {
    // one leading BOM is dropped by the decoder, as the spec accepts it
    const text = new TextDecoder('utf-8', { fatal: true }).decode(input);
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** Runs simulate() and checks everything §5 says of any return file; returns it. */
function simulateAndCheck(input: Uint8Array, settings: SimulationSettings): ReturnFile {
  const rf = simulate(input, settings);
  expect(isObject(rf)).toBe(true);
  const r = rf.resultat;
  expect(isObject(r)).toBe(true);

  // resultat: every key, with its type
  expect(r.identifiantFichier).toBe(settings.identifiantFichier);
  expect(r.nomFichier).toBe(settings.nomFichier);
  expect(r.numeroAns).toBe(settings.numeroAns);
  expect(r.typeDemande).toBe(settings.typeDemande);
  expect(r.tauxTva).toBe(settings.tauxTva);
  expect(r.dateSimulation).toBe(settings.dateSimulation);
  expect(['VALIDE', 'EN_ERREUR', 'FORMAT_INVALIDE']).toContain(r.statut);
  for (const count of [r.nombreDemandes, r.nombreDemandesValides, r.nombreDemandesEnErreur]) {
    expect(Number.isInteger(count)).toBe(true);
    expect(count).toBeGreaterThanOrEqual(0);
  }
  expect(Array.isArray(r.erreurs)).toBe(true);
  expect(Array.isArray(r.avertissements)).toBe(true);
  for (const w of r.avertissements) {
    expectIssueShape(w);
    expect(w.code).toBe('AVT-02'); // the only file-level warning
  }

  const parsed = referenceParse(input);

  if (r.statut === 'FORMAT_INVALIDE') {
    expect(Object.keys(rf)).toEqual(['resultat']);
    expect(r.erreurs.length).toBeGreaterThan(0);
    for (const e of r.erreurs) {
      expectIssueShape(e);
      expect(Object.keys(GLOBAL_LABELS)).toContain(e.code);
      expect(e.message.startsWith(GLOBAL_LABELS[e.code]!)).toBe(true);
      if (e.code === 'FMT-01') {
        expect(Number.isInteger(e.ligne) && e.ligne! >= 1).toBe(true);
        expect(Number.isInteger(e.colonne) && e.colonne! >= 1).toBe(true);
      }
    }
    const codes = r.erreurs.map((e) => e.code);
    if (settings.siret === undefined) expect(codes).not.toContain('ENT-02');
    if (settings.fournisseur === undefined) expect(codes).not.toContain('ENT-03');
    if (!parsed.ok) expect(codes).toContain('FMT-01');
    expect(r.nombreDemandesValides).toBe(0);
    expect(r.nombreDemandesEnErreur).toBe(0);
    const lines = parsed.ok && isObject(parsed.value) ? parsed.value.lignesImport : undefined;
    const expectedCount = codes.includes('FMT-01') || !Array.isArray(lines) ? 0 : lines.length;
    expect(r.nombreDemandes).toBe(expectedCount);
    return rf;
  }

  // a judged file: it was strict JSON, an object with 1 to 200 lines
  expect(parsed.ok).toBe(true);
  if (!parsed.ok) return rf;
  expect(r.erreurs).toEqual([]);
  const lines = rf.lignesImport;
  expect(Array.isArray(lines)).toBe(true);
  expect(lines!.length).toBe(r.nombreDemandes);
  expect(r.nombreDemandes).toBeGreaterThanOrEqual(1);
  expect(r.nombreDemandes).toBeLessThanOrEqual(200);
  expect(r.nombreDemandesValides + r.nombreDemandesEnErreur).toBe(r.nombreDemandes);
  expect(r.nombreDemandesValides).toBe(lines!.filter((l) => l.codeTraitement === 'OK').length);
  expect(r.statut).toBe(r.nombreDemandesEnErreur === 0 ? 'VALIDE' : 'EN_ERREUR');

  for (const line of lines!) {
    expect(['OK', 'KO']).toContain(line.codeTraitement);
    expect(typeof line.libelleTraitement).toBe('string');
    expect(Array.isArray(line.erreurs)).toBe(true);
    expect(Array.isArray(line.avertissements)).toBe(true);
    for (const e of line.erreurs) {
      expectIssueShape(e);
      expect(e.code).toMatch(LINE_ERROR);
      expect(e.champ.startsWith('lignesImport')).toBe(false); // relative to the line
    }
    for (const w of line.avertissements) {
      expectIssueShape(w);
      expect(w.code).toMatch(LINE_WARNING);
    }
    if (line.codeTraitement === 'OK') {
      expect(line.erreurs).toEqual([]);
      expect(line.libelleTraitement).toBe('Demande valide');
    } else {
      expect(line.erreurs.length).toBeGreaterThan(0);
      expect(line.libelleTraitement).toBe(line.erreurs.map((e) => `${e.code} : ${e.message}`).join(' ; '));
    }
  }

  // values unchanged: the submitted file, once resultat and the four line keys are removed
  const { resultat: _resultat, ...rest } = rf as unknown as Record<string, unknown>;
  rest.lignesImport = lines!.map((line) => {
    const copy: Record<string, unknown> = { ...line };
    for (const key of LINE_OUTCOME_KEYS) delete copy[key];
    return copy;
  });
  expect(rest).toEqual(parsed.value);
  return rf;
}

function fmt02Champs(rf: ReturnFile): string[] {
  return rf.resultat.erreurs.filter((e) => e.code === 'FMT-02').map((e) => e.champ);
}

// ---------------------------------------------------------------------------------------------
// Arbitraries

const logicielArb = fc.constantFrom<Logiciel>('DPI', 'PFI');
const baseArb = fc.record({ logiciel: logicielArb, count: fc.integer({ min: 1, max: 5 }) }).map(({ logiciel, count }) => ({
  logiciel,
  count,
  file: validFile(count, logiciel) as Json,
}));
const indentArb = fc.constantFrom(0, 2);

const anyString = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 10 }),
);
const anyNumber = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -1, 1, 1.5, 12.345, 0.015, 1e21, -1e-7, 2 ** 53 + 2),
);
const anyJson = fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>;
const simpleKey = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,15}$/);
const anyKey = fc.oneof(simpleKey, fc.string({ maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 8 }), fc.constant('__proto__'));

/** A value of another JSON type than the original's (null included). */
function wrongTypeArb(original: Json): fc.Arbitrary<Json> {
  return fc.oneof(fc.constant(null), anyJson).filter((v) => jsonType(v) !== jsonType(original));
}

const settingsArb = (logiciel: Logiciel): fc.Arbitrary<SimulationSettings> =>
  fc
    .record({
      logiciel: fc.constantFrom<Logiciel>(logiciel, logiciel, logiciel === 'DPI' ? 'PFI' : 'DPI'),
      typeDemande: fc.constantFrom('AVANCE' as const, 'SOLDE' as const),
      tauxTva: fc.constantFrom(20 as const, 8.5 as const, 0 as const),
      siret: fc.constantFrom<string | undefined>(undefined, '40308070600020', '40208090600010', '55210055400013'),
      fournisseur: fc.constantFrom<SimulationSettings['fournisseur']>(
        undefined,
        null,
        { statutEnrolement: 'VALIDE', solutions: ['MJCDPI0001', 'CJMPFI0001'] },
        { statutEnrolement: 'EN_ATTENTE', solutions: ['MJCDPI0001', 'CJMPFI0001'] },
      ),
      offline: fc.boolean(),
    })
    .map(({ logiciel: chosen, siret, fournisseur, offline, ...rest }) => {
      const base = settingsFor(logiciel, { ...rest, logiciel: chosen, ...(offline ? { identifiantFichier: null, nomFichier: 'a.json' } : {}) });
      delete base.siret;
      if (siret !== undefined) base.siret = siret;
      if (fournisseur !== undefined) base.fournisseur = fournisseur;
      return base;
    });

/** The path of an object node of a file, and one of its keys. */
function objectKeyArb(file: Json): fc.Arbitrary<{ objPath: Path; key: string }> {
  const choices = nodes(file)
    .filter((n) => isObject(n.value))
    .flatMap((n) => Object.keys(n.value as JsonObject).map((key) => ({ objPath: n.path, key })));
  return fc.constantFrom(...choices);
}

function objectPathArb(file: Json): fc.Arbitrary<Path> {
  return fc.constantFrom(...nodes(file).filter((n) => isObject(n.value)).map((n) => n.path));
}

/** Paths of the leaves of the lines (values, not containers). */
function lineLeafPaths(file: Json): Path[] {
  return nodes(file)
    .filter((n) => n.path[0] === 'lignesImport' && n.path.length >= 3 && !Array.isArray(n.value) && !isObject(n.value))
    .map((n) => n.path);
}

const CONTAINERS = new Set(['commande', 'beneficiaires', 'scenarioInstallation', 'piecesJustificatives']);

type Place = 'root' | 'numeroAns' | 'siret' | 'lignesImport' | 'container' | 'leaf';

function placeOf(path: Path): Place {
  if (path.length === 0) return 'root';
  if (path.length === 1) return path[0] as 'numeroAns' | 'siret' | 'lignesImport';
  if (path.length === 2) return 'container'; // a line
  if (path.length === 3 && CONTAINERS.has(path[2] as string)) return 'container';
  if (path.length === 4 && path[2] === 'piecesJustificatives') return 'container'; // an attachment object
  return 'leaf';
}

const property = <T>(arb: fc.Arbitrary<T>, check: (value: T) => void) => fc.assert(fc.property(arb, check), { numRuns: NUM_RUNS });

// ---------------------------------------------------------------------------------------------

describe('property: keys dropped, renamed or added', () => {
  it('a dropped key is a FMT-02 at its path, and only FMT-02', () => {
    const arb = fc.tuple(baseArb, indentArb).chain(([base, indent]) =>
      objectKeyArb(base.file).map((target) => ({ ...base, indent, ...target })),
    );
    property(arb, ({ logiciel, count, file, indent, objPath, key }) => {
      const mutated = rekey(file, objPath, key, undefined);
      const rf = simulateAndCheck(encode(JSON.stringify(mutated, null, indent)), settingsFor(logiciel));
      expect(rf.resultat.statut).toBe('FORMAT_INVALIDE');
      expect(rf.resultat.erreurs.map((e) => e.code).every((c) => c === 'FMT-02')).toBe(true);
      expect(fmt02Champs(rf)).toContain(champ([...objPath, key]));
      const linesGone = objPath.length === 0 && key === 'lignesImport';
      expect(rf.resultat.nombreDemandes).toBe(linesGone ? 0 : count);
      const siretGone = objPath.length === 0 && key === 'siret';
      expect(rf.resultat.avertissements.map((w) => w.code)).toEqual(siretGone ? [] : ['AVT-02']);
    });
  });

  it('a renamed key is a FMT-02 for the missing key and one for the unexpected key', () => {
    const arb = fc.tuple(baseArb, indentArb).chain(([base, indent]) =>
      objectKeyArb(base.file).chain((target) => {
        const existing = new Set(Object.keys(getAt(base.file, target.objPath) as JsonObject));
        const k = target.key;
        const variants = [k.toUpperCase(), k.toLowerCase(), k[0]!.toUpperCase() + k.slice(1), k[0]!.toLowerCase() + k.slice(1), `${k}s`, `${k} `, `_${k}`];
        const newKey = fc.oneof(fc.constantFrom(...variants), simpleKey, anyKey).filter((nk) => !existing.has(nk));
        return newKey.map((renamed) => ({ ...base, indent, ...target, renamed }));
      }),
    );
    property(arb, ({ logiciel, count, file, indent, objPath, key, renamed }) => {
      const mutated = rekey(file, objPath, key, renamed);
      const rf = simulateAndCheck(encode(JSON.stringify(mutated, null, indent)), settingsFor(logiciel));
      expect(rf.resultat.statut).toBe('FORMAT_INVALIDE');
      expect(rf.resultat.erreurs.map((e) => e.code).every((c) => c === 'FMT-02')).toBe(true);
      const champs = fmt02Champs(rf);
      expect(champs).toContain(champ([...objPath, key]));
      if (SIMPLE_KEY.test(renamed)) expect(champs).toContain(champ([...objPath, renamed]));
      expect(champs.length).toBeGreaterThanOrEqual(2);
      const linesGone = objPath.length === 0 && key === 'lignesImport';
      expect(rf.resultat.nombreDemandes).toBe(linesGone ? 0 : count);
      const siretGone = objPath.length === 0 && key === 'siret';
      expect(rf.resultat.avertissements.map((w) => w.code)).toEqual(siretGone ? [] : ['AVT-02']);
    });
  });

  it('an added key is a FMT-02 at its path, and only FMT-02', () => {
    const arb = fc.tuple(baseArb, indentArb).chain(([base, indent]) =>
      objectPathArb(base.file).chain((objPath) => {
        const existing = new Set(Object.keys(getAt(base.file, objPath) as JsonObject));
        return fc
          .record({ key: anyKey.filter((k) => !existing.has(k)), value: anyJson })
          .map(({ key, value }) => ({ ...base, indent, objPath, key, value }));
      }),
    );
    property(arb, ({ logiciel, count, file, indent, objPath, key, value }) => {
      const mutated = addKey(file, objPath, key, value);
      const rf = simulateAndCheck(encode(JSON.stringify(mutated, null, indent)), settingsFor(logiciel));
      expect(rf.resultat.statut).toBe('FORMAT_INVALIDE');
      expect(rf.resultat.erreurs.map((e) => e.code).every((c) => c === 'FMT-02')).toBe(true);
      const champs = fmt02Champs(rf);
      expect(champs.length).toBeGreaterThanOrEqual(1);
      if (SIMPLE_KEY.test(key)) expect(champs).toContain(champ([...objPath, key]));
      expect(rf.resultat.nombreDemandes).toBe(count);
      expect(rf.resultat.avertissements.map((w) => w.code)).toEqual(['AVT-02']);
    });
  });

  it('a return file submitted again is FMT-02 for resultat and for the four added keys of every line', () => {
    property(baseArb, ({ logiciel, count, file }) => {
      const first = simulateAndCheck(encode(JSON.stringify(file)), settingsFor(logiciel));
      expect(first.resultat.statut).toBe('VALIDE');
      const rf = simulateAndCheck(encode(JSON.stringify(first, null, 2)), settingsFor(logiciel));
      expect(rf.resultat.statut).toBe('FORMAT_INVALIDE');
      const expected = ['resultat'];
      for (let i = 0; i < count; i++) for (const key of LINE_OUTCOME_KEYS) expected.push(`lignesImport[${i}].${key}`);
      expect(fmt02Champs(rf).sort()).toEqual(expected.sort());
      expect(rf.resultat.erreurs.every((e) => e.code === 'FMT-02')).toBe(true);
    });
  });

  it('a flag of the other logiciel in the scenario is unexpected', () => {
    const arb = fc.tuple(baseArb, fc.nat()).map(([base, n]) => ({ ...base, line: n % base.count }));
    property(arb, ({ logiciel, count, file, line }) => {
      const other: Logiciel = logiciel === 'DPI' ? 'PFI' : 'DPI';
      const otherFlag = other === 'DPI' ? 'isProSanteConnectNeeded' : 'isFluxSortantParMSS';
      const mutated = addKey(file, ['lignesImport', line, 'scenarioInstallation'], otherFlag, true);
      const rf = simulateAndCheck(encode(JSON.stringify(mutated)), settingsFor(logiciel));
      expect(rf.resultat.statut).toBe('FORMAT_INVALIDE');
      expect(fmt02Champs(rf)).toEqual([`lignesImport[${line}].scenarioInstallation.${otherFlag}`]);
      expect(rf.resultat.nombreDemandes).toBe(count);
    });
  });
});

describe('property: a value replaced by one of a wrong JSON type, or null', () => {
  it('is FMT-02 for a container, FMT-05/FMT-06 for siret/numeroAns, DEM-00 on that field only for a line value', () => {
    const arb = fc.tuple(baseArb, indentArb).chain(([base, indent]) =>
      fc
        .constantFrom(...nodes(base.file).map((n) => n.path))
        .chain((path) => wrongTypeArb(getAt(base.file, path)).map((value) => ({ ...base, indent, path, value }))),
    );
    property(arb, ({ logiciel, count, file, indent, path, value }) => {
      const mutated = setAt(file, path, value);
      const rf = simulateAndCheck(encode(JSON.stringify(mutated, null, indent)), settingsFor(logiciel));
      const r = rf.resultat;
      const codes = r.erreurs.map((e) => e.code);
      const warnings = r.avertissements.map((w) => w.code);
      switch (placeOf(path)) {
        case 'root':
          expect(r.statut).toBe('FORMAT_INVALIDE');
          expect(codes).toEqual(['FMT-02']);
          expect(r.erreurs[0]!.champ).toBe('');
          expect(r.nombreDemandes).toBe(0);
          expect(warnings).toEqual([]);
          break;
        case 'numeroAns':
          expect(r.statut).toBe('FORMAT_INVALIDE');
          expect(codes).toEqual(['FMT-06']);
          expect(r.erreurs[0]!.champ).toBe('numeroAns');
          expect(r.nombreDemandes).toBe(count);
          expect(warnings).toEqual(['AVT-02']);
          break;
        case 'siret':
          expect(r.statut).toBe('FORMAT_INVALIDE');
          expect(codes).toEqual(['FMT-05']);
          expect(r.erreurs[0]!.champ).toBe('siret');
          expect(r.nombreDemandes).toBe(count);
          expect(warnings).toEqual([]);
          break;
        case 'lignesImport':
          expect(r.statut).toBe('FORMAT_INVALIDE');
          expect(codes.every((c) => c === 'FMT-02')).toBe(true);
          expect(fmt02Champs(rf)).toContain('lignesImport');
          expect(r.nombreDemandes).toBe(0);
          expect(warnings).toEqual(['AVT-02']);
          break;
        case 'container':
          expect(r.statut).toBe('FORMAT_INVALIDE');
          expect(codes.every((c) => c === 'FMT-02')).toBe(true);
          expect(fmt02Champs(rf)).toContain(champ(path));
          expect(r.nombreDemandes).toBe(count);
          expect(warnings).toEqual(['AVT-02']);
          break;
        case 'leaf': {
          const index = path[1] as number;
          const field = champ(path.slice(2));
          const last = path[path.length - 1] as string;
          expect(r.statut).toBe('EN_ERREUR');
          expect(r.nombreDemandesEnErreur).toBe(1);
          expect(r.nombreDemandesValides).toBe(count - 1);
          expect(warnings).toEqual(['AVT-02']);
          rf.lignesImport!.forEach((line, i) => {
            expect(line.avertissements).toEqual([]);
            if (i !== index) expect(line.codeTraitement).toBe('OK');
          });
          const line = rf.lignesImport![index]!;
          expect(line.codeTraitement).toBe('KO');
          const found = line.erreurs.map((e) => ({ code: e.code, champ: e.champ }));
          if (REPRESENTATIVE.has(last) && value === null) {
            // null is allowed there: the three representative fields are no longer all null or all filled
            expect(found).toEqual([{ code: 'DEM-18', champ: 'beneficiaires' }]);
          } else if (REPRESENTATIVE.has(last)) {
            expect(found).toContainEqual({ code: 'DEM-00', champ: field });
            for (const e of found) expect([`DEM-00 ${field}`, 'DEM-18 beneficiaires']).toContain(`${e.code} ${e.champ}`);
          } else {
            expect(found).toEqual([{ code: 'DEM-00', champ: field }]);
          }
          break;
        }
      }
    });
  });
});

describe('property: random strings and numbers in the leaf fields of the lines', () => {
  it('gives DEM-00 exactly on the fields whose JSON type is now wrong', () => {
    const arb = fc.tuple(baseArb, indentArb).chain(([base, indent]) => {
      const leaves = lineLeafPaths(base.file);
      const replacement = fc.option(fc.oneof(anyString, anyNumber) as fc.Arbitrary<Json>, { freq: 2 });
      return fc.tuple(...leaves.map(() => replacement)).map((values) => ({ ...base, indent, leaves, values }));
    });
    property(arb, ({ logiciel, file, indent, leaves, values }) => {
      let mutated = file;
      leaves.forEach((path, i) => {
        if (values[i] !== null) mutated = setAt(mutated, path, values[i]!);
      });
      const rf = simulateAndCheck(encode(JSON.stringify(mutated, null, indent)), settingsFor(logiciel));
      // the header is intact and the structure too: the lines are judged
      expect(rf.resultat.statut).not.toBe('FORMAT_INVALIDE');
      leaves.forEach((path, i) => {
        const value = values[i];
        if (value === null || value === undefined) return;
        const original = getAt(file, path);
        const allowed = REPRESENTATIVE.has(path[path.length - 1] as string) ? ['string', 'null'] : [jsonType(original)];
        const field = champ(path.slice(2));
        const line = rf.lignesImport![path[1] as number]!;
        const onField = line.erreurs.filter((e) => e.champ === field).map((e) => e.code);
        if (allowed.includes(jsonType(value))) expect(onField).not.toContain('DEM-00');
        else expect(onField).toEqual(['DEM-00']);
      });
    });
  });
});

describe('property: bytes damaged', () => {
  it('a truncated file is FMT-01, located within what is left', () => {
    const arb = fc.tuple(baseArb, indentArb, fc.boolean()).chain(([base, indent, bom]) => {
      const full = Buffer.concat([Buffer.from(bom ? [0xef, 0xbb, 0xbf] : []), Buffer.from(JSON.stringify(base.file, null, indent), 'utf8')]);
      return fc.integer({ min: 0, max: full.length - 1 }).map((cut) => ({ ...base, bytes: new Uint8Array(full.subarray(0, cut)) }));
    });
    property(arb, ({ logiciel, bytes }) => {
      const rf = simulateAndCheck(bytes, settingsFor(logiciel));
      expect(rf.resultat.statut).toBe('FORMAT_INVALIDE');
      const fmt01 = rf.resultat.erreurs.filter((e) => e.code === 'FMT-01');
      expect(fmt01).toHaveLength(1);
      const lines = bytes.filter((b) => b === 0x0a).length + 1;
      expect(fmt01[0]!.ligne!).toBeLessThanOrEqual(lines);
    });
  });

  it('invalid UTF-8 inserted anywhere is FMT-01 at its line (and column, after ASCII)', () => {
    const invalid = fc.oneof(
      fc.array(fc.integer({ min: 0x80, max: 0xbf }), { minLength: 1, maxLength: 3 }), // lone continuation bytes
      fc.constantFrom([0xc0], [0xc1], [0xf5], [0xf8], [0xfe], [0xff]), // never in UTF-8
      fc.constantFrom([0xc0, 0xaf], [0xe0, 0x80, 0xaf], [0xf0, 0x80, 0x80, 0xaf]), // overlong
      fc.constant([0xed, 0xa0, 0x80]), // surrogate
      fc.constant([0xf4, 0x90, 0x80, 0x80]), // above U+10FFFF
    );
    const arb = fc.tuple(baseArb, indentArb, invalid).chain(([base, indent, bad]) => {
      const full = Buffer.from(JSON.stringify(base.file, null, indent), 'utf8');
      return fc.integer({ min: 0, max: full.length }).map((at) => ({ ...base, full, bad, at }));
    });
    property(arb, ({ logiciel, full, bad, at }) => {
      const bytes = new Uint8Array(Buffer.concat([full.subarray(0, at), Buffer.from(bad), full.subarray(at)]));
      const rf = simulateAndCheck(bytes, settingsFor(logiciel));
      expect(rf.resultat.statut).toBe('FORMAT_INVALIDE');
      const fmt01 = rf.resultat.erreurs.filter((e) => e.code === 'FMT-01');
      expect(fmt01).toHaveLength(1);
      const before = full.subarray(0, at);
      const lineStart = before.lastIndexOf(0x0a) + 1;
      expect(fmt01[0]!.ligne).toBe(before.filter((b) => b === 0x0a).length + 1);
      if (before.subarray(lineStart).every((b) => b < 0x80)) expect(fmt01[0]!.colonne).toBe(at - lineStart + 1);
    });
  });

  it('a repeated key anywhere is FMT-02 at the path of the repeated key', () => {
    const arb = fc.tuple(baseArb, indentArb, fc.boolean(), fc.boolean()).chain(([base, indent, sameValue, dupFirst]) =>
      objectKeyArb(base.file).chain((target) => {
        const original = getAt(base.file, [...target.objPath, target.key]);
        return (sameValue ? fc.constant(original) : anyJson).map((dupValue) => ({ ...base, indent, sameValue, dupFirst, ...target, dupValue }));
      }),
    );
    property(arb, ({ logiciel, count, file, indent, sameValue, dupFirst, objPath, key, dupValue }) => {
      const text = stringifyWithRepeatedKey(file, objPath, key, dupValue, dupFirst, indent);
      const rf = simulateAndCheck(encode(text), settingsFor(logiciel));
      expect(rf.resultat.statut).toBe('FORMAT_INVALIDE');
      expect(fmt02Champs(rf)).toContain(champ([...objPath, key]));
      if (sameValue) {
        expect(rf.resultat.erreurs.map((e) => ({ code: e.code, champ: e.champ }))).toEqual([{ code: 'FMT-02', champ: champ([...objPath, key]) }]);
        expect(rf.resultat.nombreDemandes).toBe(count);
      }
    });
  });
});

describe('property: anything at all', () => {
  /** A mutation program: each step picks a node by number and does one thing to it. */
  const step = fc.record({
    op: fc.integer({ min: 0, max: 4 }),
    pick: fc.nat(),
    key: anyKey,
    value: fc.oneof(anyJson, anyString as fc.Arbitrary<Json>, anyNumber as fc.Arbitrary<Json>),
  });

  function applyStep(file: Json, s: { op: number; pick: number; key: string; value: Json }): Json {
    const all = nodes(file);
    const objects = all.filter((n) => isObject(n.value));
    switch (s.op) {
      case 0: {
        // drop a key
        const keyed = objects.flatMap((n) => Object.keys(n.value as JsonObject).map((k) => ({ path: n.path, k })));
        if (keyed.length === 0) return file;
        const t = keyed[s.pick % keyed.length]!;
        return rekey(file, t.path, t.k, undefined);
      }
      case 1: {
        // rename a key
        const keyed = objects.flatMap((n) => Object.keys(n.value as JsonObject).map((k) => ({ path: n.path, k })));
        if (keyed.length === 0) return file;
        const t = keyed[s.pick % keyed.length]!;
        if (Object.keys(getAt(file, t.path) as JsonObject).includes(s.key)) return file;
        return rekey(file, t.path, t.k, s.key);
      }
      case 2: {
        if (objects.length === 0) return file;
        const t = objects[s.pick % objects.length]!;
        return addKey(file, t.path, s.key, s.value);
      }
      default: {
        // replace any value (op 3) or a leaf (op 4)
        const pool = s.op === 3 ? all : all.filter((n) => !isObject(n.value) && !Array.isArray(n.value));
        if (pool.length === 0) return file;
        return setAt(file, pool[s.pick % pool.length]!.path, s.value);
      }
    }
  }

  it('never throws and always returns a well-formed return file for a mutated file', () => {
    const arb = baseArb.chain((base) =>
      fc.record({
        steps: fc.array(step, { minLength: 1, maxLength: 4 }),
        settings: settingsArb(base.logiciel),
        indent: indentArb,
        bom: fc.boolean(),
      }).map((rest) => ({ ...base, ...rest })),
    );
    property(arb, ({ file, steps, settings, indent, bom }) => {
      let mutated = file;
      for (const s of steps) mutated = applyStep(mutated, s);
      const text = JSON.stringify(mutated, null, indent);
      simulateAndCheck(encode((bom ? '\uFEFF' : '') + text), settings);
    });
  });

  it('never throws on a valid file under any settings', () => {
    const arb = baseArb.chain((base) => settingsArb(base.logiciel).map((settings) => ({ ...base, settings })));
    property(arb, ({ file, settings }) => {
      simulateAndCheck(encode(JSON.stringify(file, null, 2)), settings);
    });
  });

  it('never throws on arbitrary JSON', () => {
    property(fc.tuple(fc.jsonValue({ maxDepth: 4 }), settingsArb('DPI')), ([value, settings]) => {
      simulateAndCheck(encode(JSON.stringify(value)), settings);
    });
  });

  it('never throws on arbitrary bytes or text', () => {
    const input = fc.oneof(
      fc.uint8Array({ maxLength: 200 }),
      fc.string({ unit: 'binary', maxLength: 100 }).map(encode),
      fc.string({ maxLength: 100 }).map(encode),
    );
    property(fc.tuple(input, settingsArb('PFI')), ([bytes, settings]) => {
      simulateAndCheck(bytes, settings);
    });
  });
});
