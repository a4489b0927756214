/**
 * The secondary indexes of the tables, named once for the adapters and the CDK stack. This file
 * imports nothing, so that the stack (and the local model's cache key, a hash of what the stack
 * imports) does not depend on the adapters' code.
 */

/** Tables `Imports` and `Demandes`: (siret, cle), a supplier's items newest first (see listingKey). */
export const SUPPLIER_INDEX = 'parFournisseur';

/** Table `Demandes`: (identifiantImport, numLigne), an import's requests by line. */
export const IMPORT_INDEX = 'parImport';
