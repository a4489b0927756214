/**
 * The verdict of a simulation: a summary first, then the file-level errors (ENT-*, FMT-05/06
 * before the other FMT codes, FMT-02 last), then the errors grouped by request (numLigne,
 * numéro éditeur, FINESS, nom client), each naming the field and, in its message, what was
 * expected and what was found. "Lignes en erreur seulement" filters the groups; groups beyond
 * the first few are collapsed, so 200 lines stay readable.
 */
import { add, h } from '../h.js';
import { plural } from '../format.js';

const OPEN_GROUPS = 5;

/** File-level errors in the order a supplier should read them. */
export function fileErrorRank(code) {
  if (code.startsWith('ENT-')) return 0;
  if (code === 'FMT-05' || code === 'FMT-06') return 1;
  if (code === 'FMT-02') return 3;
  return 2;
}

export const sortFileErrors = (errors) => [...errors].sort((a, b) => fileErrorRank(a.code) - fileErrorRank(b.code));

const where = (issue) => {
  if (issue.ligne !== undefined && issue.ligne !== null) return `ligne ${issue.ligne}, colonne ${issue.colonne}`;
  return issue.champ ? `champ ${issue.champ}` : 'fichier entier';
};

/** One error or warning as a card: code, field, message. */
export function issueCard(issue, { warning = false, place = where(issue) } = {}) {
  return h('li', { class: `depot-erreur${warning ? ' depot-erreur--avertissement' : ''}` },
    h('p', {}, h('span', { class: 'depot-code' }, issue.code), ` — ${warning ? 'avertissement' : 'erreur'}, ${place}`),
    h('p', {}, issue.message));
}

const text = (value) => (value === null || value === undefined ? '—' : typeof value === 'string' ? value : JSON.stringify(value));

function lineGroup(line, open) {
  const errors = line.erreurs ?? [];
  const warnings = line.avertissements ?? [];
  const counts = errors.length === 0 ? 'demande valide' : plural(errors.length, 'erreur');
  const summary = `Ligne ${text(line.numLigne)} — n° éditeur ${text(line.numeroEditeur)} — FINESS ${text(line.beneficiaires?.FINESSPMSI)} — ${text(line.beneficiaires?.nomClient)} : ${counts}${warnings.length ? `, ${plural(warnings.length, 'avertissement')}` : ''}`;
  return h('details', { class: 'depot-groupe', open, dataset: { enErreur: errors.length > 0 ? 'oui' : 'non' } },
    h('summary', {}, summary),
    errors.length + warnings.length > 0 ? h('ul', {}, errors.map((e) => issueCard(e)), warnings.map((w) => issueCard(w, { warning: true }))) : null);
}

export function verdictDetails(retour) {
  const result = retour.resultat;
  const lines = Array.isArray(retour.lignesImport) ? retour.lignesImport : [];
  const parts = [];
  if (result.erreurs.length > 0) {
    parts.push(h('h3', { class: 'fr-h5' }, `Erreurs sur le fichier (${result.erreurs.length})`),
      h('ul', { class: 'fr-raw-list', id: 'erreurs-fichier' }, sortFileErrors(result.erreurs).map((e) => issueCard(e))));
  }
  if (result.avertissements.length > 0) {
    parts.push(h('h3', { class: 'fr-h5' }, `Avertissements sur le fichier (${result.avertissements.length})`),
      h('ul', { class: 'fr-raw-list', id: 'avertissements-fichier' }, result.avertissements.map((w) => issueCard(w, { warning: true }))));
  }
  if (result.statut !== 'FORMAT_INVALIDE' && lines.length > 0) {
    const inError = lines.filter((l) => (l.erreurs ?? []).length > 0).length;
    const only = h('input', { type: 'checkbox', id: 'lignes-en-erreur', checked: inError > 0 });
    const groups = h('div', { id: 'groupes-lignes' });
    let opened = 0;
    const nodes = lines.map((line) => {
      const open = ((line.erreurs ?? []).length > 0 || (line.avertissements ?? []).length > 0) && opened++ < OPEN_GROUPS;
      return lineGroup(line, open);
    });
    add(groups, ...nodes);
    const apply = () => {
      for (const node of nodes) node.hidden = only.checked && node.dataset.enErreur === 'non';
    };
    only.addEventListener('change', apply);
    apply();
    parts.push(h('h3', { class: 'fr-h5' }, `Demandes du fichier (${plural(lines.length, 'ligne')}, dont ${inError} en erreur)`),
      h('div', { class: 'fr-checkbox-group fr-mb-2w' }, only, h('label', { class: 'fr-label', for: 'lignes-en-erreur' }, 'Lignes en erreur seulement')),
      groups);
  }
  return h('div', { id: 'verdict-detail', class: 'fr-mt-3w' }, parts);
}
