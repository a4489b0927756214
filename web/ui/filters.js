/**
 * The filter forms of the lists and exports: the fields of GET /imports and GET /demandes
 * (SPEC §8), filled from the current query; reading one gives the query without empty values.
 */
import { stateOf } from '../states.js';
import { h } from '../h.js';

let counter = 0;

function select(name, label, options, value) {
  const id = `filtre-${name}-${++counter}`;
  return h('div', { class: 'fr-select-group fr-col-12 fr-col-sm-6 fr-col-md-3' },
    h('label', { class: 'fr-label', for: id }, label),
    h('select', { class: 'fr-select', id, name },
      h('option', { value: '' }, 'Tous'),
      options.map(([code, text]) => h('option', { value: code, selected: code === value }, text))));
}

function input(name, label, value, attrs = {}, hint = null) {
  const id = `filtre-${name}-${++counter}`;
  return h('div', { class: 'fr-input-group fr-col-12 fr-col-sm-6 fr-col-md-3' },
    h('label', { class: 'fr-label', for: id }, label, hint ? h('span', { class: 'fr-hint-text' }, hint) : null),
    h('input', { class: 'fr-input', id, name, value: value ?? '', ...attrs }));
}

const TYPES = [['AVANCE', 'Avance'], ['SOLDE', 'Solde']];
const days = (query) => [
  input('deposeDu', 'Déposé entre le', query.deposeDu, { type: 'date' }),
  input('deposeAu', 'et le', query.deposeAu, { type: 'date' }),
];

export function importFilterFields(supplier, query) {
  return [
    select('numeroAns', 'Numéro ANS', (supplier?.solutions ?? []).map((s) => [s.numeroAns, `${s.numeroAns} — ${s.logiciel}`]), query.numeroAns),
    select('typeDemande', 'Type de demande', TYPES, query.typeDemande),
    ...days(query),
  ];
}

export function demandeFilterFields(doc, query) {
  const states = (kind) => (doc.etats?.[kind] ?? []).map((e) => [e.code, stateOf(doc, kind, e.code).libelle]);
  return [
    input('numero', 'Numéro de dossier', query.numero, { autocomplete: 'off' }, 'Le numéro ou son début, ex. FINHOP0001'),
    select('typeDemande', 'Type de demande', TYPES, query.typeDemande),
    select('statut', 'Statut', states('demandes'), query.statut),
    select('statutPaiement', 'État de paiement', states('paiements'), query.statutPaiement),
    select('logiciel', 'Logiciel', [['DPI', 'DPI'], ['PFI', 'PFI']], query.logiciel),
    ...days(query),
  ];
}

/** The filled fields of a form, as a query. */
export function readFilters(form) {
  return Object.fromEntries([...new FormData(form)].filter(([, v]) => v !== ''));
}

export const toHash = (route, query) => {
  const text = new URLSearchParams(query).toString();
  return `#${route}${text ? `?${text}` : ''}`;
};

/**
 * A list's search form: its fields, "Rechercher" (the criteria go to the address, focus to the
 * list's result `focus`) and "Vider les critères".
 */
export function searchForm({ id, label, route, fields, focus, navigate }) {
  const form = h('form', { id, class: 'fr-mb-3w', 'aria-label': label },
    h('div', { class: 'fr-grid-row fr-grid-row--gutters' }, fields),
    h('ul', { class: 'fr-btns-group fr-btns-group--inline-sm fr-mt-2w' },
      h('li', {}, h('button', { class: 'fr-btn', type: 'submit' }, 'Rechercher')),
      h('li', {}, h('a', { class: 'fr-btn fr-btn--secondary', href: `#${route}` }, 'Vider les critères'))));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    navigate(toHash(route, readFilters(form)), { focus });
  });
  return form;
}
