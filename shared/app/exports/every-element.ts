import type { Page, PagePosition } from '../../ports/page.js';

/** Pages read while walking a whole listing: the most a listing gives at once. */
export const WALK_PAGE_SIZE = 200;

/** Every element of a listing, walking all its pages in order (an export has no paging). */
export async function everyElement<T>(list: (limit: number, after?: PagePosition) => Promise<Page<T>>): Promise<T[]> {
  const all: T[] = [];
  let after: PagePosition | undefined;
  do {
    const page = await list(WALK_PAGE_SIZE, after);
    all.push(...page.elements);
    after = page.next;
  } while (after);
  return all;
}
