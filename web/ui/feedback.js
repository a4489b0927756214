/**
 * The result of an action, shown next to the action: a DSFR alert in the action's own zone,
 * focus moved to it; errors are role="alert", the rest role="status".
 */
import { fill, h } from '../h.js';

let counter = 0;

/** An empty zone to put right after an action. */
export const feedbackZone = () => h('div', { class: 'depot-retour-action', id: `retour-${++counter}` });

/** kind: 'success' | 'error' | 'warning' | 'info'. `more` is extra content (a list of missing documents…). */
export function say(zone, kind, text, more = null, { focus = true } = {}) {
  const alert = h('div', { class: `fr-alert fr-alert--${kind} fr-alert--sm`, role: kind === 'error' ? 'alert' : 'status', tabindex: '-1' },
    h('p', {}, text), more);
  fill(zone, alert);
  if (focus) alert.focus();
  return alert;
}

export const clear = (zone) => fill(zone);
