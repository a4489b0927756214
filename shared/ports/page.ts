/** Where a listing stopped: the index's sort key and the item's own key. */
export interface PagePosition {
  cle: string;
  id: string | number;
}

/** One page of a listing, newest first, and where the next one starts (undefined: the last). */
export interface Page<T> {
  elements: T[];
  next: PagePosition | undefined;
}
