/** Connexion: as a demo supplier of the local stack, or with a pasted token. */
import { add, h } from '../h.js';
import * as session from '../session.js';
import { whileBusy } from '../ui/busy.js';
import { enrolmentLabel } from '../ui/enrolment.js';
import { feedbackZone, say } from '../ui/feedback.js';

export async function render(ctx) {
  ctx.title('Connexion');
  const notice = session.takeNotice();
  const who = session.supplier();
  const demos = await session.demoSuppliers();
  if (ctx.signal.aborted) return;

  const tokenZone = feedbackZone();
  const tokenButton = h('button', { class: 'fr-btn', type: 'submit' }, 'Se connecter avec ce jeton');
  const tokenForm = h('form', { class: 'fr-mb-4w', novalidate: true },
    h('div', { class: 'fr-input-group' },
      h('label', { class: 'fr-label', for: 'jeton' }, "Jeton d'accès",
        h('span', { class: 'fr-hint-text' }, 'Collez le jeton qui vous a été remis (sur la pile locale : npm run --silent segur -- jeton <siret>).')),
      h('input', { class: 'fr-input', id: 'jeton', name: 'jeton', autocomplete: 'off', spellcheck: 'false' })),
    tokenButton, tokenZone);
  tokenForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const value = tokenForm.elements.jeton.value.trim();
    if (!value) return say(tokenZone, 'error', "Saisissez un jeton d'accès.");
    whileBusy(tokenButton, 'Connexion en cours…', () => session.signIn(value))
      .catch((error) => say(tokenZone, 'error', `Connexion impossible : ${error.message}`));
  });

  let demoForm = null;
  if (demos.length > 0) {
    const zone = feedbackZone();
    const button = h('button', { class: 'fr-btn', type: 'submit' }, 'Se connecter en tant que ce fournisseur');
    demoForm = h('form', { class: 'fr-mb-4w', id: 'connexion-demo' },
      h('div', { class: 'fr-select-group' },
        h('label', { class: 'fr-label', for: 'demo' }, 'Fournisseur de démonstration',
          h('span', { class: 'fr-hint-text' }, 'Pile locale seulement.')),
        h('select', { class: 'fr-select', id: 'demo', name: 'demo' },
          demos.map((f) => h('option', { value: f.siret },
            `${f.raisonSociale} — SIRET ${f.siret} — ${f.solutions.map((s) => s.logiciel).join(', ')} — enrôlement ${enrolmentLabel(f.statutEnrolement)}`)))),
      button, zone);
    demoForm.addEventListener('submit', (event) => {
      event.preventDefault();
      whileBusy(button, 'Connexion en cours…', () => session.signInAsDemo(demoForm.elements.demo.value))
        .catch((error) => say(zone, 'error', `Connexion impossible : ${error.message}`));
    });
  }

  add(ctx.node, 
    h('h1', { tabindex: '-1' }, 'Connexion'),
    notice ? h('div', { class: 'fr-alert fr-alert--warning fr-alert--sm fr-mb-3w', role: 'alert' }, h('p', {}, notice)) : null,
    who ? h('p', { class: 'fr-mb-3w' }, `Vous êtes connecté comme ${who.raisonSociale} (SIRET ${who.siret}). Pour changer de fournisseur, connectez-vous ci-dessous.`) : null,
    demoForm ? [h('h2', { class: 'fr-h4' }, 'Fournisseur de démonstration'), demoForm] : null,
    h('h2', { class: 'fr-h4' }, "Avec un jeton d'accès"),
    tokenForm,
  );
}
