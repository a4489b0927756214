/**
 * Paging through a list with the service's opaque cursors. The address carries the whole trail,
 * so that a reload or a bookmark keeps it: `curseur` (this page's cursor, none on page 1) and
 * `precedents` (the cursors of pages 2 to N-1, joined by dots: the service's cursors are
 * base64url, without dots). The page number follows: "Page N", "page précédente", "page suivante".
 */
import { h } from '../h.js';

const SEPARATOR = '.';

/** The query without the paging parameters: the list's filters, as the service takes them. */
export function filtersOf(query) {
  const { curseur, precedents, ...filters } = query;
  return filters;
}

/** Where a list stands: { curseur, previous: [cursors of pages 2..N-1], number: N }. */
export function pageOf(query) {
  const previous = query.curseur && query.precedents ? query.precedents.split(SEPARATOR).filter(Boolean) : [];
  return { curseur: query.curseur, previous, number: query.curseur ? previous.length + 2 : 1 };
}

/** The query to send to the service for this page: the filters and the cursor, not the trail. */
export const listQuery = (query) => ({ ...filtersOf(query), ...(query.curseur ? { curseur: query.curseur } : {}) });

function hrefOf(route, filters, cursors) {
  const [curseur, ...before] = [...cursors].reverse();
  const params = { ...filters };
  if (curseur) params.curseur = curseur;
  if (before.length > 0) params.precedents = before.reverse().join(SEPARATOR);
  const text = new URLSearchParams(params).toString();
  return `#${route}${text ? `?${text}` : ''}`;
}

/**
 * The list's pagination. With `navigate` and `focus` (the list's result, as after "Rechercher"),
 * following a page moves focus to that result rather than to the screen's heading; the links keep
 * their address (new tab, bookmark).
 */
export function pager({ route, query, next, label, navigate = null, focus = null }) {
  const filters = filtersOf(query);
  const { curseur, previous, number } = pageOf(query);
  // the cursors of pages 2..N: going back drops the last, going on adds the next
  const trail = curseur ? [...previous, curseur] : [];
  const items = [];
  if (number > 1) {
    items.push(h('li', {}, h('a', { class: 'fr-pagination__link fr-pagination__link--prev fr-pagination__link--lg-label', href: hrefOf(route, filters, trail.slice(0, -1)) }, `${label} : page précédente`)));
  }
  items.push(h('li', {}, h('a', { class: 'fr-pagination__link', 'aria-current': 'page', title: `Page ${number}`, id: 'page-courante' }, `Page ${number}`)));
  if (next) items.push(h('li', {}, h('a', { class: 'fr-pagination__link fr-pagination__link--next fr-pagination__link--lg-label', href: hrefOf(route, filters, [...trail, next]) }, `${label} : page suivante`)));
  if (items.length === 1) return null;
  if (navigate && focus) {
    for (const link of items.map((li) => li.firstChild).filter((a) => a.getAttribute('href'))) {
      link.addEventListener('click', (event) => {
        if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
        event.preventDefault();
        navigate(link.getAttribute('href'), { focus });
      });
    }
  }
  return h('nav', { class: 'fr-pagination fr-mt-2w', 'aria-label': `Pagination — ${label}` }, h('ul', { class: 'fr-pagination__list' }, items));
}
