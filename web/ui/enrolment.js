/** What a supplier whose enrolment is not validated is told, at sign-in and before any deposit. */
import { h } from '../h.js';

export const canDeposit = (supplier) => supplier?.statutEnrolement === 'VALIDE';

const LABELS = { VALIDE: 'validé', EN_ATTENTE: 'en attente de validation' };
export const enrolmentLabel = (code) => LABELS[code] ?? code.toLowerCase().replaceAll('_', ' ');

export function enrolmentNotice(supplier) {
  if (!supplier || canDeposit(supplier)) return null;
  return h('div', { class: 'fr-alert fr-alert--warning fr-mb-3w', id: 'enrolement' },
    h('h2', { class: 'fr-alert__title' }, `Enrôlement ${enrolmentLabel(supplier.statutEnrolement)}`),
    h('p', {}, `L'enrôlement de ${supplier.raisonSociale} (SIRET ${supplier.siret}) n'est pas validé : vous ne pouvez pas encore déposer de demandes. `
      + 'Vous pourrez le faire dès que votre enrôlement au programme aura été validé.'));
}
