/**
 * The states of imports, archives, requests and payments as the service describes them
 * (GET /documentation, `etats`): French label, tone, and whether the state is final (no function
 * of the service is still at work on it). The page keeps no copy of them.
 */

/** { code, libelle, tonalite, final } of a state of `kind` (imports, archives, demandes, paiements). */
export function stateOf(doc, kind, code) {
  return (doc.etats?.[kind] ?? []).find((e) => e.code === code) ?? { code, libelle: code, tonalite: 'info', final: false };
}

/** True when the service says `code` is a final state of `kind`. */
export const isFinal = (doc, kind, code) => stateOf(doc, kind, code).final === true;

/** True when the documentation describes the states of `kind` (the page cannot follow work without it). */
export const knowsStates = (doc, kind) => (doc.etats?.[kind] ?? []).length > 0;
