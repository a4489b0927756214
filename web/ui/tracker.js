/**
 * What the page shows while it follows a piece of work of the service: what is going on, for
 * how long, and "Reconnexion…" while the service cannot be reached.
 */
import { elapsed } from '../format.js';
import { fill, h } from '../h.js';

export function tracker(zone, label) {
  const started = Date.now();
  const state = h('p', { class: 'fr-mb-0' }, `${label}…`);
  const clock = h('p', { class: 'fr-text--sm fr-mb-0', 'aria-hidden': 'true' }, 'depuis 0 s');
  fill(zone, h('div', { class: 'fr-alert fr-alert--info fr-alert--sm depot-suivi', role: 'status' }, state), clock);
  const tick = () => (clock.textContent = `depuis ${elapsed(Date.now() - started)}`);
  const timer = setInterval(tick, 1000);
  let reconnecting = false;
  return {
    update({ reconnecting: now, attempt }) {
      tick();
      if (now) state.textContent = `Reconnexion… le service ne répond pas pour l'instant (tentative ${attempt}) ; ${label.toLowerCase()} se poursuit.`;
      else if (reconnecting) state.textContent = `${label}… (connexion rétablie)`;
      reconnecting = now;
      zone.firstElementChild?.classList.toggle('fr-alert--warning', now);
      zone.firstElementChild?.classList.toggle('fr-alert--info', !now);
    },
    stop() {
      clearInterval(timer);
      fill(zone);
    },
  };
}
