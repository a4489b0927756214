/**
 * The service's own description of its rules (GET /documentation, public): the page takes the
 * states' French labels, colours and final flags, and the limits, from it rather than from copies.
 */
import { request } from './api.js';
import { knowsStates } from './states.js';

let loading;

export function documentation() {
  loading ??= request('GET', '/documentation', { token: '' })
    .then(({ data }) => data)
    .catch((error) => {
      loading = undefined; // try again next time
      throw error;
    });
  return loading;
}

/** The documentation, or an empty one when the service cannot give it right now. */
export function documentationOrEmpty() {
  return documentation().catch(() => ({ regles: [], champs: [], limites: {}, etats: {}, schemas: [], exemples: [] }));
}

/**
 * The documentation when it describes the states of `kind`, else the service's again (throws when
 * it cannot be had): following an import or an archive needs its final states.
 */
export async function withStates(doc, kind) {
  return knowsStates(doc, kind) ? doc : documentation();
}
