/** Mes dépôts: the supplier's imports, with the portal's columns and filters, paged. */
import { request } from '../api.js';
import { badge, dateTime, TYPES_DEMANDE } from '../format.js';
import { add, h } from '../h.js';
import { canDeposit, enrolmentNotice } from '../ui/enrolment.js';
import { importFilterFields, searchForm } from '../ui/filters.js';
import { filtersOf, listQuery, pageOf, pager } from '../ui/pager.js';
import { table } from '../ui/table.js';
import { exportButton } from './exports.js';

const PAGE_SIZE = 20;
/** After a search, focus goes to its result: the table's caption, the "no result" line, or the refusal. */
const RESULT = '#resultats-depots [data-resultat]';
const count = (n) => (n === null || n === undefined ? '—' : String(n));

export async function render(ctx) {
  ctx.title('Mes dépôts');
  const form = searchForm({
    id: 'filtres-depots', label: 'Critères de recherche des dépôts', route: '/depots', fields: importFilterFields(ctx.supplier, ctx.query), focus: RESULT, navigate: ctx.navigate,
  });
  const results = h('div', { id: 'resultats-depots', 'aria-live': 'polite' });
  const filters = filtersOf(ctx.query);
  const { number } = pageOf(ctx.query);
  add(ctx.node, 
    h('h1', { tabindex: '-1' }, 'Mes dépôts'),
    enrolmentNotice(ctx.supplier),
    canDeposit(ctx.supplier) ? h('p', {}, h('a', { class: 'fr-btn fr-icon-add-line fr-btn--icon-left', href: '#/depots/nouveau' }, 'Nouveau dépôt')) : null,
    form, results,
    exportButton({ path: '/exports/imports', query: filters, label: 'Exporter ces dépôts (CSV)', fallbackName: 'imports.csv' }));

  let data;
  try {
    ({ data } = await request('GET', '/imports', { query: { ...listQuery(ctx.query), limite: PAGE_SIZE }, signal: ctx.signal }));
  } catch (error) {
    if (error?.name === 'AbortError') throw error;
    add(results, h('div', { class: 'fr-alert fr-alert--error fr-alert--sm', role: 'alert', 'data-resultat': '' }, h('p', {}, `Impossible d'afficher vos dépôts : ${error.message}`)));
    return;
  }
  if (data.elements.length === 0) {
    add(results, h('p', { class: 'fr-text--lg', 'data-resultat': '' }, Object.keys(filters).length ? 'Aucun dépôt ne correspond à ces critères.' : "Vous n'avez encore déposé aucun fichier."));
    return;
  }
  add(results, 
    table({
      id: 'table-depots',
      captionAttrs: { 'data-resultat': '' },
      caption: `Mes dépôts — page ${number} — ${data.elements.length} affiché${data.elements.length > 1 ? 's' : ''}${data.curseur ? ', d’autres sur les pages suivantes' : ''}`,
      columns: [
        { label: 'N° de dépôt', cell: (i) => String(i.identifiant) },
        { label: 'Date de dépôt', cell: (i) => dateTime(i.dateDepot) },
        { label: 'Numéro ANS', cell: (i) => i.numeroAns },
        { label: 'Type', cell: (i) => TYPES_DEMANDE[i.typeDemande] ?? i.typeDemande },
        { label: 'Fichier', cell: (i) => i.nomFichier },
        { label: 'Demandes', cell: (i) => count(i.nombreDemandes) },
        { label: 'Retenues', cell: (i) => count(i.nombreDemandesValides) },
        { label: 'Rejetées', cell: (i) => count(i.nombreDemandesEnErreur) },
        { label: 'État', cell: (i) => badge(ctx.doc, 'imports', i.statut) },
        { label: 'Action', cell: (i) => h('a', { class: 'fr-link', href: `#/depots/${i.identifiant}` }, `Voir le dépôt ${i.identifiant}`) },
      ],
      rows: data.elements,
    }),
    pager({ route: '/depots', query: ctx.query, next: data.curseur, label: 'Mes dépôts', navigate: ctx.navigate, focus: RESULT }));
}
