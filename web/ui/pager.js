/**
 * Paging through a list with the service's opaque cursors: "Page précédente" / "Page suivante"
 * links whose URL carries the cursor (a page can be bookmarked). The cursors seen for one set of
 * filters are remembered to go back.
 */
import { h } from '../h.js';

const trails = new Map();

export function pager({ route, query, next, label }) {
  const { curseur, ...filters } = query;
  const key = `${route}?${new URLSearchParams(filters)}`;
  let trail = trails.get(key) ?? [];
  const here = curseur ?? '';
  const at = trail.indexOf(here);
  trail = at >= 0 ? trail.slice(0, at + 1) : [...trail, here];
  trails.set(key, trail);
  const previous = trail.length > 1 ? trail[trail.length - 2] : undefined;
  const href = (cursor) => `#${route}?${new URLSearchParams({ ...filters, ...(cursor ? { curseur: cursor } : {}) })}`;
  const items = [];
  if (previous !== undefined) items.push(h('li', {}, h('a', { class: 'fr-pagination__link fr-pagination__link--prev fr-pagination__link--lg-label', href: href(previous) }, `${label} : page précédente`)));
  if (next) items.push(h('li', {}, h('a', { class: 'fr-pagination__link fr-pagination__link--next fr-pagination__link--lg-label', href: href(next) }, `${label} : page suivante`)));
  if (items.length === 0) return null;
  return h('nav', { class: 'fr-pagination fr-mt-2w', 'aria-label': `Pagination — ${label}` }, h('ul', { class: 'fr-pagination__list' }, items));
}
