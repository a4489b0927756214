import type { Page, PagePosition } from '../../ports/page.js';
import { listingKey } from '../listing-key.js';

/** What a listing of the `parFournisseur` index needs to know of an item. */
export interface Listed {
  siret: string;
  creeLe: string;
}

export interface NewestFirstQuery<T> {
  siret: string;
  /** UTC instants, inclusive start and exclusive end (a range of the listing key). */
  from?: Date;
  to?: Date;
  matches: (item: T) => boolean;
  limit: number;
  after?: PagePosition;
}

/**
 * A supplier's items newest first, as the DynamoDB index gives them: sorted by listing key
 * descending, the date range as `cle BETWEEN from AND to`, the page after `after`, and a next
 * position only when another matching item exists.
 */
export function newestFirst<T extends Listed>(items: Iterable<T>, idOf: (item: T) => string | number, query: NewestFirstQuery<T>): Page<T> {
  const low = query.from ? query.from.toISOString() : '0';
  const high = query.to ? query.to.toISOString() : '~';
  const ranged = query.from !== undefined || query.to !== undefined;
  const keyed: { cle: string; item: T }[] = [];
  for (const item of items) {
    if (item.siret !== query.siret) continue;
    const cle = listingKey(item.creeLe, idOf(item));
    if (ranged && (cle < low || cle > high)) continue;
    if (query.after && cle >= query.after.cle) continue;
    if (!query.matches(item)) continue;
    keyed.push({ cle, item });
  }
  keyed.sort((a, b) => (a.cle < b.cle ? 1 : a.cle > b.cle ? -1 : 0));
  const taken = keyed.slice(0, query.limit);
  const last = taken[taken.length - 1];
  return {
    elements: taken.map((k) => k.item),
    next: keyed.length > query.limit && last ? { cle: last.cle, id: idOf(last.item) } : undefined,
  };
}
