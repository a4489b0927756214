/** A real progress bar for an upload, fed by the upload progress events. */
import { h } from '../h.js';

let counter = 0;

export function progressBar(label) {
  const id = `progression-${++counter}`;
  const bar = h('progress', { id, max: '100', value: '0' });
  const text = h('span', { class: 'fr-text--sm' }, '0 %');
  const node = h('div', { class: 'depot-progression' }, h('label', { class: 'fr-label', for: id }, label), bar, text);
  return {
    node,
    update(sent, total) {
      const percent = total > 0 ? Math.min(100, Math.round((sent / total) * 100)) : 0;
      bar.value = percent;
      text.textContent = `${percent} %`;
    },
  };
}
