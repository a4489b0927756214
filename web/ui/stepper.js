/** The DSFR stepper of a deposit: 1.1 Simulation, 1.2 Importation, 2 Pièces jointes, 3 Terminer. */
import { h } from '../h.js';
import { STEP_NUMBERS, STEPS } from '../lifecycle.js';

export function stepper(index, done = false) {
  const next = index + 1 < STEPS.length ? STEPS[index + 1] : null;
  return h('div', { class: 'fr-stepper', id: 'etapes' },
    h('h2', { class: 'fr-stepper__title' }, `Étape ${STEP_NUMBERS[index]} — ${STEPS[index]}${done ? ' : dépôt terminé' : ''}`,
      h('span', { class: 'fr-stepper__state' }, `Étape ${index + 1} sur ${STEPS.length}`)),
    h('div', { class: 'fr-stepper__steps', 'data-fr-current-step': String(index + 1), 'data-fr-steps': String(STEPS.length) }),
    next ? h('p', { class: 'fr-stepper__details' }, h('span', { class: 'fr-text--bold' }, 'Étape suivante : '), `${STEP_NUMBERS[index + 1]} — ${next}`) : null);
}
