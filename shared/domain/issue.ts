import { labelOf, type RuleCode } from './catalogue.js';

/** An error or a warning as the return file and the API show it (SPEC §4). */
export interface Issue {
  code: RuleCode;
  /** JSON path of the field: from the file's root for global issues, from the line for line issues; "" for the whole file. */
  champ: string;
  message: string;
  /** FMT-01 only: where the parser stopped, from 1. */
  ligne?: number;
  colonne?: number;
}

/** A global issue: its message starts with the rule's label, then says what was found. */
export function globalIssue(code: RuleCode, champ: string, detail: string): Issue {
  return { code, champ, message: `${labelOf(code)} : ${detail}` };
}

/** `CODE : message`, as `libelleTraitement` joins them. */
export function issueLabel(issue: Issue): string {
  return `${issue.code} : ${issue.message}`;
}

/** A path of keys and indices written as the specification writes `champ`: `lignesImport[3].commande.montantSegurHT`. */
export function toChamp(path: readonly (string | number)[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? part : `.${part}`;
  }
  return out;
}

/** How a found value is quoted in messages: « text » for strings, JSON for the rest. */
export function shown(value: unknown): string {
  if (typeof value === 'string') return `« ${value.length > 120 ? `${value.slice(0, 117)}…` : value} »`;
  if (value === undefined) return 'rien';
  if (Array.isArray(value)) return 'un tableau';
  if (value !== null && typeof value === 'object') return 'un objet';
  return JSON.stringify(value);
}

/** The JSON type of a value, in French, for type errors. */
export function jsonTypeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'un tableau';
  switch (typeof value) {
    case 'string': return `un texte (${shown(value)})`;
    case 'number': return `un nombre (${shown(value)})`;
    case 'boolean': return `un booléen (${shown(value)})`;
    default: return 'un objet';
  }
}
