/** Small helpers for the black-box rule tests: build a file, simulate it, read the verdicts. */
import { expect } from 'vitest';
import { simulate } from '../../../shared/domain/simulate.js';
import type { ReturnFile } from '../../../shared/domain/return-file.js';
import type { Logiciel, SimulationSettings } from '../../../shared/domain/settings.js';
import { bytesOf, settingsFor, validFile } from '../../fixtures/deposit-files.js';

export type Json = any;

/** A settings object for the logiciel, with overrides. */
export function settings(overrides: Partial<SimulationSettings> = {}, logiciel: Logiciel = 'DPI'): SimulationSettings {
  return settingsFor(logiciel, overrides);
}

/** Simulates a JSON value (serialized with JSON.stringify, indented). */
export function run(file: unknown, overrides: Partial<SimulationSettings> = {}, logiciel: Logiciel = 'DPI'): ReturnFile {
  return simulate(bytesOf(file), settingsFor(logiciel, overrides));
}

/** Simulates raw text (UTF-8). */
export function runText(text: string, overrides: Partial<SimulationSettings> = {}, logiciel: Logiciel = 'DPI'): ReturnFile {
  return simulate(Buffer.from(text, 'utf8'), settingsFor(logiciel, overrides));
}

/** Simulates raw bytes. */
export function runBytes(bytes: Uint8Array, overrides: Partial<SimulationSettings> = {}, logiciel: Logiciel = 'DPI'): ReturnFile {
  return simulate(bytes, settingsFor(logiciel, overrides));
}

/** A valid one-line file, then `mutate` applied to its line. */
export function oneLine(mutate: (line: Json) => void, logiciel: Logiciel = 'DPI'): Json {
  const file = validFile(1, logiciel);
  mutate(file.lignesImport[0]);
  return file;
}

/** A valid n-line file, then `mutate` applied to it. */
export function lines(n: number, mutate: (lines: Json[]) => void, logiciel: Logiciel = 'DPI'): Json {
  const file = validFile(n, logiciel);
  mutate(file.lignesImport);
  return file;
}

const key = (i: { code: string; champ?: string }) => `${i.code} @ ${i.champ}`;
const uniqSorted = (xs: string[]) => [...new Set(xs)].sort();

export function lineOf(rf: ReturnFile, i: number): Json {
  const l = rf.lignesImport?.[i];
  expect(l, `line ${i} of the return file`).toBeDefined();
  return l;
}

/** The set of `CODE @ champ` of a line's errors. */
export function lineIssues(rf: ReturnFile, i: number): string[] {
  return uniqSorted((lineOf(rf, i).erreurs as Json[]).map(key));
}

/** The set of error codes of a line. */
export function lineCodes(rf: ReturnFile, i: number): string[] {
  return uniqSorted((lineOf(rf, i).erreurs as Json[]).map((e) => e.code));
}

export function lineWarnings(rf: ReturnFile, i: number): string[] {
  return uniqSorted((lineOf(rf, i).avertissements as Json[]).map(key));
}

export function globalCodes(rf: ReturnFile): string[] {
  return uniqSorted(rf.resultat.erreurs.map((e) => e.code));
}

export function globalIssues(rf: ReturnFile): string[] {
  return uniqSorted(rf.resultat.erreurs.map(key));
}

export function fileWarningCodes(rf: ReturnFile): string[] {
  return uniqSorted(rf.resultat.avertissements.map((e) => e.code));
}

/**
 * Asserts that line i carries exactly the given errors (as a set of code + champ), that the line's
 * verdict agrees and that the file was judged (not FORMAT_INVALIDE).
 */
export function expectLine(rf: ReturnFile, i: number, expected: [string, string][]): void {
  expect(rf.resultat.statut, `statut (global errors: ${JSON.stringify(rf.resultat.erreurs)})`).not.toBe('FORMAT_INVALIDE');
  expect(lineIssues(rf, i)).toEqual(uniqSorted(expected.map(([code, champ]) => `${code} @ ${champ}`)));
  const line = lineOf(rf, i);
  expect(line.codeTraitement).toBe(expected.length === 0 ? 'OK' : 'KO');
  if (expected.length === 0) expect(line.libelleTraitement).toBe('Demande valide');
}

/** A one-line file whose only line carries exactly `expected`; the file is then EN_ERREUR (or VALIDE when none). */
export function expectOnlyLine(rf: ReturnFile, expected: [string, string][]): void {
  expectLine(rf, 0, expected);
  expect(rf.resultat.statut).toBe(expected.length === 0 ? 'VALIDE' : 'EN_ERREUR');
}

/** Asserts FORMAT_INVALIDE with exactly the given global codes, and a return file holding `resultat` only. */
export function expectGlobal(rf: ReturnFile, codes: string[]): void {
  expect(rf.resultat.statut).toBe('FORMAT_INVALIDE');
  expect(globalCodes(rf)).toEqual(uniqSorted(codes));
  expect(Object.keys(rf)).toEqual(['resultat']);
  expect(rf.resultat.nombreDemandesValides).toBe(0);
  expect(rf.resultat.nombreDemandesEnErreur).toBe(0);
}

/** Asserts the file passed the global checks (VALIDE or EN_ERREUR). */
export function expectJudged(rf: ReturnFile): void {
  expect(rf.resultat.erreurs, 'no global error').toEqual([]);
  expect(rf.resultat.statut).not.toBe('FORMAT_INVALIDE');
}

/** Standard Luhn check over a string of digits. */
export function luhnOk(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let v = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      v *= 2;
      if (v > 9) v -= 9;
    }
    sum += v;
  }
  return sum % 10 === 0;
}

/** The labels of the global rules (§4.1): each message starts with it. */
export const GLOBAL_LABELS: Record<string, string> = {
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

/** Nested arrays `depth` levels deep around 1: `[[1]]` for 2. */
export function nestedArrays(depth: number): string {
  return '['.repeat(depth) + '1' + ']'.repeat(depth);
}
