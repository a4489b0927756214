/**
 * Connexion: "Se connecter" goes to the OpenID provider (Cognito's managed login on AWS, the local
 * provider on `npm start`). On the local stack only (config.json: `local`), two other ways, folded
 * away: a demo supplier, or a pasted token (`segur jeton`).
 */
import { add, h } from '../h.js';
import * as session from '../session.js';
import { whileBusy } from '../ui/busy.js';
import { enrolmentLabel } from '../ui/enrolment.js';
import { feedbackZone, say } from '../ui/feedback.js';

const OTHER_WAYS_ID = 'autres-connexions';

export async function render(ctx) {
  ctx.title('Connexion');
  const notice = session.takeNotice();
  const who = session.supplier();
  const [provider, local] = await Promise.all([session.usesProvider(), session.isLocalStack()]);
  const demos = local ? await session.demoSuppliers() : [];
  if (ctx.signal.aborted) return;

  // their headings are under the accordion's title (h2) when folded away, else under the page's
  const level = provider && local ? 'h3' : 'h2';
  const others = local || !provider ? [demoForm(demos, level), tokenForm(level)] : [];
  add(ctx.node,
    h('h1', { tabindex: '-1' }, 'Connexion'),
    notice ? h('div', { class: 'fr-alert fr-alert--warning fr-alert--sm fr-mb-3w', role: 'alert' }, h('p', {}, notice)) : null,
    who ? h('p', { class: 'fr-mb-3w' }, `Vous êtes connecté comme ${who.raisonSociale} (SIRET ${who.siret}). Pour changer de fournisseur, connectez-vous ci-dessous.`) : null,
    provider ? providerSignIn(local) : null,
    provider && local ? otherWays(others) : others,
  );
}

/** The main way: the provider's sign-in page, then back here signed in. */
function providerSignIn(local) {
  const zone = feedbackZone();
  const button = h('button', { class: 'fr-btn fr-icon-account-circle-line fr-btn--icon-left', type: 'button', id: 'bouton-connexion' }, 'Se connecter');
  button.addEventListener('click', () => {
    whileBusy(button, 'Redirection vers la connexion…', () => session.signInWithProvider())
      .catch((error) => say(zone, 'error', `Connexion impossible : ${error.message}`));
  });
  return h('div', { class: 'fr-mb-4w' },
    h('p', {}, local
      ? 'Connectez-vous avec le fournisseur d’identité de la pile locale : choisissez un fournisseur de démonstration, mot de passe « demo-segur ».'
      : 'Connectez-vous avec l’adresse électronique de votre compte fournisseur, son mot de passe et le code de votre application d’authentification.'),
    button, zone);
}

/** The local stack's other ways, in a DSFR accordion, closed at first. */
function otherWays(forms) {
  return h('section', { class: 'fr-accordion fr-mb-4w' },
    h('h2', { class: 'fr-accordion__title' },
      h('button', { class: 'fr-accordion__btn', type: 'button', id: `${OTHER_WAYS_ID}-bouton`, 'aria-expanded': 'false', 'aria-controls': OTHER_WAYS_ID },
        'Autres moyens de connexion (pile locale)')),
    h('div', { class: 'fr-collapse', id: OTHER_WAYS_ID }, forms));
}

function demoForm(demos, level) {
  if (demos.length === 0) return null;
  const zone = feedbackZone();
  const button = h('button', { class: 'fr-btn', type: 'submit' }, 'Se connecter en tant que ce fournisseur');
  const form = h('form', { class: 'fr-mb-4w', id: 'connexion-demo' },
    h('div', { class: 'fr-select-group' },
      h('label', { class: 'fr-label', for: 'demo' }, 'Fournisseur de démonstration',
        h('span', { class: 'fr-hint-text' }, 'Pile locale seulement : sans mot de passe.')),
      h('select', { class: 'fr-select', id: 'demo', name: 'demo' },
        demos.map((f) => h('option', { value: f.siret },
          `${f.raisonSociale} — SIRET ${f.siret} — ${f.solutions.map((s) => s.logiciel).join(', ')} — enrôlement ${enrolmentLabel(f.statutEnrolement)}`)))),
    button, zone);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    whileBusy(button, 'Connexion en cours…', () => session.signInAsDemo(form.elements.demo.value))
      .catch((error) => say(zone, 'error', `Connexion impossible : ${error.message}`));
  });
  return [h(level, { class: 'fr-h5' }, 'Fournisseur de démonstration'), form];
}

function tokenForm(level) {
  const zone = feedbackZone();
  const button = h('button', { class: 'fr-btn', type: 'submit' }, 'Se connecter avec ce jeton');
  const form = h('form', { class: 'fr-mb-2w', id: 'connexion-jeton', novalidate: true },
    h('div', { class: 'fr-input-group' },
      h('label', { class: 'fr-label', for: 'jeton' }, "Jeton d'accès",
        h('span', { class: 'fr-hint-text' }, 'Collez le jeton qui vous a été remis (sur la pile locale : npm run --silent segur -- jeton <siret>).')),
      h('input', { class: 'fr-input', id: 'jeton', name: 'jeton', autocomplete: 'off', spellcheck: 'false' })),
    button, zone);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const value = form.elements.jeton.value.trim();
    if (!value) return say(zone, 'error', "Saisissez un jeton d'accès.");
    whileBusy(button, 'Connexion en cours…', () => session.signIn(value))
      .catch((error) => say(zone, 'error', tokenRefusal(error)));
  });
  return [h(level, { class: 'fr-h5' }, "Avec un jeton d'accès"), form];
}

/** A token the service refuses (forged, expired, for another service) is told as such. */
function tokenRefusal(error) {
  if (error?.status === 401) return 'Jeton refusé : il est invalide ou expiré. Demandez-en un nouveau (npm run --silent segur -- jeton <siret>).';
  return `Connexion impossible : ${error.message}`;
}
