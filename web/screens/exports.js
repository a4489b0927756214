/**
 * Exports: the supplier's requests and imports as CSV files (GET /exports/demandes and
 * GET /exports/imports), with the chosen filters. The lists offer the same button.
 */
import { download } from '../api.js';
import { megabytes } from '../format.js';
import { add, h } from '../h.js';
import { whileBusy } from '../ui/busy.js';
import { feedbackZone, say } from '../ui/feedback.js';
import { demandeFilterFields, importFilterFields, readFilters } from '../ui/filters.js';

/** A button downloading `path` with `query` (a function or an object), its result next to it. */
export function exportButton({ path, query, label, fallbackName }) {
  const zone = feedbackZone();
  const button = h('button', { class: 'fr-btn fr-btn--secondary fr-icon-download-line fr-btn--icon-left', type: 'button' }, label);
  button.addEventListener('click', () =>
    whileBusy(button, 'Préparation du fichier…', async () => {
      const file = await download(path, { query: typeof query === 'function' ? query() : query, fallbackName });
      const size = file.size === null ? 'fichier volumineux, par un lien de téléchargement' : file.size < 1024 ? `${file.size} octets` : megabytes(file.size);
      say(zone, 'success', `Fichier « ${file.name} » téléchargé (${size}).`);
    }).catch((error) => say(zone, 'error', `Export impossible : ${error.message}`)));
  return h('div', { class: 'fr-mt-2w' }, button, zone);
}

function section(id, title, fields, button) {
  const form = h('form', { id: `${id}-criteres`, 'aria-label': `Critères — ${title}` }, h('div', { class: 'fr-grid-row fr-grid-row--gutters' }, fields));
  form.addEventListener('submit', (event) => event.preventDefault());
  return { form, node: h('section', { id, class: 'fr-mb-6w', 'aria-labelledby': `${id}-titre` }, h('h2', { class: 'fr-h4', id: `${id}-titre` }, title), form, button(form)) };
}

export async function render(ctx) {
  ctx.title('Exports');
  const demandes = section('export-demandes', 'Mes demandes de financement', demandeFilterFields(ctx.doc, {}), (form) =>
    exportButton({ path: '/exports/demandes', query: () => readFilters(form), label: 'Télécharger les demandes (CSV)', fallbackName: 'demandes.csv' }));
  const imports = section('export-imports', 'Mes dépôts', importFilterFields(ctx.supplier, {}), (form) =>
    exportButton({ path: '/exports/imports', query: () => readFilters(form), label: 'Télécharger les dépôts (CSV)', fallbackName: 'imports.csv' }));
  add(ctx.node, 
    h('h1', { tabindex: '-1' }, 'Exports'),
    h('p', {}, 'Fichiers CSV (séparateur point-virgule, encodage UTF-8) à ouvrir dans un tableur ; les critères laissés vides exportent tout.'),
    demandes.node, imports.node);
}
