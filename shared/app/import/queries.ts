import type { ImportRecord } from '../../domain/import-record.js';
import type { ImportFilters } from '../../ports/import-store.js';
import type { Page, PagePosition } from '../../ports/page.js';
import type { Stores } from '../../ports/stores.js';

/** The import when it belongs to this supplier; undefined otherwise (never tells the two apart). */
export async function findSupplierImport(stores: Pick<Stores, 'imports'>, siret: string, identifiant: number): Promise<ImportRecord | undefined> {
  const record = await stores.imports.get(identifiant);
  return record && record.siret === siret ? record : undefined;
}

/** A supplier's imports, newest first, `limit` at most, after `after` when paging. */
export function listImports(stores: Pick<Stores, 'imports'>, siret: string, filters: ImportFilters, limit: number, after?: PagePosition): Promise<Page<ImportRecord>> {
  return stores.imports.list(siret, filters, limit, after);
}
