import { createHash } from 'node:crypto';
import { badRequest } from './errors.js';

/** Paging (SPEC §8): an opaque `curseur` and `limite` (default 50, at most 200). */
export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;

export function encodeCursor(position: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

/** Reads a cursor back; 400 when it was not made by encodeCursor with these fields. */
export function decodeCursor<K extends string>(text: string, fields: Record<K, 'string' | 'number'>): Record<K, any> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  const ok =
    value !== null &&
    typeof value === 'object' &&
    Object.entries(fields).every(([k, type]) => typeof (value as Record<string, unknown>)[k] === type) &&
    Object.keys(value as object).length === Object.keys(fields).length;
  if (!ok) throw badRequest('FILTRE_INVALIDE', 'Le curseur de pagination est invalide : reprenez la liste depuis le début');
  return value as Record<K, any>;
}

export function readLimit(text: string | undefined): number {
  if (text === undefined) return DEFAULT_LIMIT;
  if (!/^[0-9]{1,3}$/.test(text) || Number(text) < 1 || Number(text) > MAX_LIMIT) {
    throw badRequest('FILTRE_INVALIDE', `limite doit être un entier de 1 à ${MAX_LIMIT} ; reçu « ${text} »`);
  }
  return Number(text);
}

/** 400 for a query parameter that is not one of the route's filters. */
export function rejectUnknownFilters(query: Record<string, string | undefined>, allowed: readonly string[]): void {
  for (const key of Object.keys(query)) {
    if (!allowed.includes(key)) throw badRequest('FILTRE_INVALIDE', `Filtre inconnu « ${key} » ; filtres possibles : ${allowed.join(', ')}`);
  }
}

/** A short fingerprint of a list's filters: a cursor only continues the list it came from. */
export function filtersFingerprint(query: Record<string, string | undefined>): string {
  const kept = Object.entries(query)
    .filter(([k]) => k !== 'curseur' && k !== 'limite')
    .sort(([a], [b]) => a.localeCompare(b));
  return createHash('sha256').update(JSON.stringify(kept)).digest('base64url').slice(0, 12);
}

/** The page position in a cursor made for these filters; 400 otherwise. */
export function readListingCursor<Id extends 'string' | 'number'>(
  query: Record<string, string | undefined>,
  idType: Id,
): { cle: string; id: Id extends 'string' ? string : number } | undefined {
  if (query.curseur === undefined) return undefined;
  const position = decodeCursor(query.curseur, { cle: 'string', id: idType, f: 'string' });
  if (position.f !== filtersFingerprint(query)) {
    throw badRequest('FILTRE_INVALIDE', 'Ce curseur a été donné pour d’autres filtres : reprenez la liste depuis le début');
  }
  return { cle: position.cle, id: position.id };
}

/** The cursor of the next page, or null. */
export function listingCursor(query: Record<string, string | undefined>, next: { cle: string; id: string | number } | undefined): string | null {
  return next ? encodeCursor({ cle: next.cle, id: next.id, f: filtersFingerprint(query) }) : null;
}
