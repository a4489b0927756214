/**
 * A table with a caption and headers (th scope), that becomes one card per row at small widths
 * (each cell then shows its column's name): nothing to scroll sideways.
 * columns: [{ label, cell: (row) => string | Node }]; the first column heads its row. `captionAttrs`
 * go to the caption (a list's results name it as what gets focus after a search).
 */
import { h } from '../h.js';

export function table({ caption, columns, rows, id, captionAttrs = {} }) {
  return h('div', { class: 'depot-tableau', id },
    h('table', {},
      h('caption', captionAttrs, caption),
      h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col' }, c.label)))),
      h('tbody', {}, rows.map((row) => h('tr', {}, columns.map((c, i) =>
        h(i === 0 ? 'th' : 'td', { ...(i === 0 ? { scope: 'row' } : {}), dataset: { libelle: c.label } }, c.cell(row))))))));
}
