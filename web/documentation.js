/**
 * The service's own description of its rules (GET /documentation, public): the page takes the
 * states' French labels, colours and final flags, and the limits, from it rather than from copies.
 */
import { request } from './api.js';

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

/** { code, libelle, tonalite, final } of a state of `kind` (imports, archives, demandes, paiements). */
export function stateOf(doc, kind, code) {
  return (doc.etats?.[kind] ?? []).find((e) => e.code === code) ?? { code, libelle: code, tonalite: 'info', final: false };
}
