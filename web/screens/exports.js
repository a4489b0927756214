/**
 * Exports: the supplier's requests and imports as CSV files (GET /exports/demandes and
 * GET /exports/imports), with the chosen filters, kept in the address. The lists offer the same button.
 */
import { download } from '../api.js';
import { fileSize } from '../format.js';
import { add, h } from '../h.js';
import { whileBusy } from '../ui/busy.js';
import { feedbackZone, say } from '../ui/feedback.js';
import { demandeFilterFields, importFilterFields, readFilters, toHash } from '../ui/filters.js';

/** A button downloading `path` with `query` (a function or an object), its result next to it. */
export function exportButton({ path, query, label, fallbackName }) {
  const zone = feedbackZone();
  const button = h('button', { class: 'fr-btn fr-btn--secondary fr-icon-download-line fr-btn--icon-left', type: 'button' }, label);
  button.addEventListener('click', () =>
    whileBusy(button, 'Préparation du fichier…', async () => {
      const file = await download(path, { query: typeof query === 'function' ? query() : query, fallbackName });
      const size = file.size === null ? 'fichier volumineux, par un lien de téléchargement' : fileSize(file.size);
      say(zone, 'success', `Fichier « ${file.name} » téléchargé (${size}).`);
    }).catch((error) => say(zone, 'error', `Export impossible : ${error.message}`)));
  return h('div', { class: 'fr-mt-2w' }, button, zone);
}

/**
 * The criteria of both forms live in the address, so that the screen can be bookmarked: each
 * form's own as `demandes.<champ>` / `imports.<champ>`; a criterion without prefix (a link such as
 * #/exports?typeDemande=SOLDE) applies to both forms.
 */
const PREFIXES = { demandes: 'demandes.', imports: 'imports.' };

function criteriaOf(query, kind) {
  const own = Object.entries(query).filter(([k]) => k.startsWith(PREFIXES[kind])).map(([k, v]) => [k.slice(PREFIXES[kind].length), v]);
  const shared = Object.entries(query).filter(([k]) => !k.includes('.'));
  return Object.fromEntries([...shared, ...own]);
}

function section(id, title, fields, button) {
  const form = h('form', { id: `${id}-criteres`, 'aria-label': `Critères — ${title}` }, h('div', { class: 'fr-grid-row fr-grid-row--gutters' }, fields));
  form.addEventListener('submit', (event) => event.preventDefault());
  return { form, node: h('section', { id, class: 'fr-mb-6w', 'aria-labelledby': `${id}-titre` }, h('h2', { class: 'fr-h4', id: `${id}-titre` }, title), form, button(form)) };
}

export async function render(ctx) {
  ctx.title('Exports');
  const demandes = section('export-demandes', 'Mes demandes de financement', demandeFilterFields(ctx.doc, criteriaOf(ctx.query, 'demandes')), (form) =>
    exportButton({ path: '/exports/demandes', query: () => readFilters(form), label: 'Télécharger les demandes (CSV)', fallbackName: 'demandes.csv' }));
  const imports = section('export-imports', 'Mes dépôts', importFilterFields(ctx.supplier, criteriaOf(ctx.query, 'imports')), (form) =>
    exportButton({ path: '/exports/imports', query: () => readFilters(form), label: 'Télécharger les dépôts (CSV)', fallbackName: 'imports.csv' }));
  // a changed criterion goes to the address at once (replaced: no new history entry, no new drawing)
  const remember = () => {
    const query = {};
    for (const [kind, { form }] of Object.entries({ demandes, imports })) {
      for (const [k, v] of Object.entries(readFilters(form))) query[`${PREFIXES[kind]}${k}`] = v;
    }
    history.replaceState(history.state, '', toHash('/exports', query));
  };
  demandes.form.addEventListener('change', remember);
  imports.form.addEventListener('change', remember);
  add(ctx.node,
    h('h1', { tabindex: '-1' }, 'Exports'),
    h('p', {}, 'Fichiers CSV (séparateur point-virgule, encodage UTF-8) à ouvrir dans un tableur ; les critères laissés vides exportent tout.'),
    demandes.node, imports.node);
}
