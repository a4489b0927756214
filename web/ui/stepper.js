/**
 * The DSFR stepper of a deposit: 1.1 Simulation, 1.2 Importation, 2 Pièces jointes, 3 Terminer.
 * "Étape suivante" names the step that really comes next: the following step by default, what
 * `next` says when the deposit cannot go on (a refused file: "Déposer un fichier corrigé"), or
 * nothing when `next` is null (a deposit finished, a supplier who may not deposit yet).
 */
import { h } from '../h.js';
import { STEP_NUMBERS, STEPS } from '../lifecycle.js';

export function stepper(index, { done = false, next } = {}) {
  const following = next !== undefined ? next : index + 1 < STEPS.length ? `${STEP_NUMBERS[index + 1]} — ${STEPS[index + 1]}` : null;
  return h('div', { class: 'fr-stepper', id: 'etapes' },
    h('h2', { class: 'fr-stepper__title' }, `Étape ${STEP_NUMBERS[index]} — ${STEPS[index]}${done ? ' : dépôt terminé' : ''}`,
      h('span', { class: 'fr-stepper__state' }, `Étape ${index + 1} sur ${STEPS.length}`)),
    h('div', { class: 'fr-stepper__steps', 'data-fr-current-step': String(index + 1), 'data-fr-steps': String(STEPS.length) }),
    following ? h('p', { class: 'fr-stepper__details', id: 'etape-suivante' }, h('span', { class: 'fr-text--bold' }, 'Étape suivante : '), following) : null);
}
