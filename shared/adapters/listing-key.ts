/**
 * The listing key of an item created at `creeLe` (UTC ISO) with identifier `id`: the sort key of
 * the `parFournisseur` index, so that a supplier's items come newest first and a date range is a
 * key range. Numbers are padded so that they sort as text.
 */
export function listingKey(creeLe: string, id: string | number): string {
  return `${creeLe}#${typeof id === 'number' ? String(id).padStart(12, '0') : id}`;
}
