/** Mes demandes: the portal's table of funding requests, every filter of GET /demandes, paged. */
import { request } from '../api.js';
import { amount, badge, dateTime, LOGICIELS, TYPES_DEMANDE } from '../format.js';
import { add, h } from '../h.js';
import { demandeFilterFields, searchForm } from '../ui/filters.js';
import { filtersOf, listQuery, pageOf, pager } from '../ui/pager.js';
import { table } from '../ui/table.js';
import { exportButton } from './exports.js';

const PAGE_SIZE = 20;
/** After a search, focus goes to its result: the table's caption, the "no result" line, or the refusal. */
const RESULT = '#resultats-demandes [data-resultat]';

export async function render(ctx) {
  ctx.title('Mes demandes');
  const form = searchForm({
    id: 'filtres-demandes', label: 'Critères de recherche des demandes', route: '/demandes', fields: demandeFilterFields(ctx.doc, ctx.query), focus: RESULT, navigate: ctx.navigate,
  });
  const results = h('div', { id: 'resultats-demandes', 'aria-live': 'polite' });
  const filters = filtersOf(ctx.query);
  const { number } = pageOf(ctx.query);
  add(ctx.node, h('h1', { tabindex: '-1' }, 'Mes demandes de financement'), form, results,
    exportButton({ path: '/exports/demandes', query: filters, label: 'Exporter ces demandes (CSV)', fallbackName: 'demandes.csv' }));

  let data;
  try {
    ({ data } = await request('GET', '/demandes', { query: { ...listQuery(ctx.query), limite: PAGE_SIZE }, signal: ctx.signal }));
  } catch (error) {
    if (error?.name === 'AbortError') throw error;
    add(results, h('div', { class: 'fr-alert fr-alert--error fr-alert--sm', role: 'alert', 'data-resultat': '' }, h('p', {}, `Impossible d'afficher vos demandes : ${error.message}`)));
    return;
  }
  if (data.elements.length === 0) {
    add(results, h('p', { class: 'fr-text--lg', 'data-resultat': '' }, Object.keys(filters).length ? 'Aucune demande ne correspond à ces critères.' : "Vous n'avez encore aucune demande de financement."));
    return;
  }
  add(results, 
    table({
      id: 'table-demandes',
      captionAttrs: { 'data-resultat': '' },
      caption: `Mes demandes — page ${number} — ${data.elements.length} affichée${data.elements.length > 1 ? 's' : ''}${data.curseur ? ', d’autres sur les pages suivantes' : ''}`,
      columns: [
        { label: 'Numéro de dossier', cell: (d) => h('a', { class: 'fr-link', href: `#/demandes/${d.numeroDossier}`, title: `Voir la demande ${d.numeroDossier}` }, d.numeroDossier) },
        { label: 'Type', cell: (d) => TYPES_DEMANDE[d.typeDemande] ?? d.typeDemande },
        { label: 'Numéro éditeur', cell: (d) => d.numeroEditeur },
        { label: 'Logiciel', cell: (d) => LOGICIELS[d.logiciel] ?? d.logiciel },
        { label: 'Date de dépôt', cell: (d) => dateTime(d.dateDepot) },
        { label: 'Statut', cell: (d) => badge(ctx.doc, 'demandes', d.statut) },
        { label: 'État de paiement', cell: (d) => badge(ctx.doc, 'paiements', d.statutPaiement) },
        { label: 'Dénomination sociale', cell: (d) => d.nomClient },
        { label: 'Montant Ségur déclaré (HT)', cell: (d) => amount(d.montantSegurHT) },
      ],
      rows: data.elements,
    }),
    pager({ route: '/demandes', query: ctx.query, next: data.curseur, label: 'Mes demandes', navigate: ctx.navigate, focus: RESULT }));
}
