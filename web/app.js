/**
 * The suppliers' page: hash routes (bookmarkable), one screen module per route, the header's
 * navigation and session tools. Switching supplier or signing out clears every view.
 */
import { ApiError } from './api.js';
import { documentationOrEmpty } from './documentation.js';
import { fill, h } from './h.js';
import * as session from './session.js';
import * as connexion from './screens/connexion.js';
import * as depots from './screens/depots.js';
import * as nouveauDepot from './screens/nouveau-depot.js';
import * as depot from './screens/depot.js';
import * as demandes from './screens/demandes.js';
import * as demande from './screens/demande.js';
import * as exportsScreen from './screens/exports.js';
import * as documentationScreen from './screens/documentation.js';

const ROUTES = [
  { pattern: /^\/connexion$/, screen: connexion, nav: null, public: true },
  { pattern: /^\/depots$/, screen: depots, nav: 'depots' },
  { pattern: /^\/depots\/nouveau$/, screen: nouveauDepot, nav: 'nouveau' },
  { pattern: /^\/depots\/(\d+)$/, screen: depot, nav: 'depots', params: ['id'] },
  { pattern: /^\/demandes$/, screen: demandes, nav: 'demandes' },
  { pattern: /^\/demandes\/([A-Za-z0-9]+)$/, screen: demande, nav: 'demandes', params: ['numero'] },
  { pattern: /^\/exports$/, screen: exportsScreen, nav: 'exports' },
  { pattern: /^\/documentation$/, screen: documentationScreen, nav: 'documentation', public: true },
];

const screenNode = document.getElementById('ecran');
let controller = null;
let firstRender = true;
/** Where focus goes once the screen of `hash` is drawn: the result of the action that led there ({ hash, selector }). */
let pendingFocus = null;

function parseHash() {
  const hash = location.hash.startsWith('#/') ? location.hash.slice(1) : '/depots';
  const [path, search = ''] = hash.split('?');
  return { path, query: Object.fromEntries(new URLSearchParams(search)) };
}

/**
 * Goes to `hash`. `focus` (a selector) names what gets focus once the screen is drawn — the result
 * of the action that led there (a new deposit's summary, a search's results) — instead of the heading.
 */
export function navigate(hash, { focus = null } = {}) {
  pendingFocus = focus ? { hash: new URL(hash, location.href).hash, selector: focus } : null;
  if (location.hash === hash) render();
  else location.hash = hash;
}

/** Focus to the result `pendingFocus` names when it is on screen (made focusable if needed); false otherwise. */
function focusResult() {
  if (!pendingFocus || pendingFocus.hash !== location.hash) return false;
  const target = screenNode.querySelector(pendingFocus.selector);
  if (!target) return false;
  pendingFocus = null;
  if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
  target.focus();
  return true;
}

async function render() {
  // the page's first drawing leaves focus where the browser put it; every later one moves it to the heading
  const first = firstRender;
  firstRender = false;
  controller?.abort();
  controller = new AbortController();
  const signal = controller.signal;
  const { path, query } = parseHash();
  let route = ROUTES.find((r) => r.pattern.test(path));
  if (!route) route = ROUTES[1];
  const signedIn = Boolean(session.supplier());
  if (!route.public && !signedIn) route = ROUTES[0];
  const values = route.pattern.exec(path)?.slice(1) ?? [];
  const params = Object.fromEntries((route.params ?? []).map((name, i) => [name, values[i]]));
  for (const link of document.querySelectorAll('.fr-nav__link')) {
    if (link.dataset.ecran === route.nav) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  fill(screenNode);
  const doc = await documentationOrEmpty();
  if (signal.aborted) return;
  const ctx = {
    node: screenNode, params, query, signal, doc, navigate,
    supplier: session.supplier(),
    title(text) {
      document.title = `${text} — Dépôt des demandes de financement Ségur`;
    },
  };
  try {
    await route.screen.render(ctx);
  } catch (error) {
    if (error?.name === 'AbortError' || signal.aborted) return;
    fill(screenNode, h('h1', { tabindex: '-1' }, 'Une erreur est survenue'),
      h('div', { class: 'fr-alert fr-alert--error fr-alert--sm', role: 'alert' }, h('p', {}, pageErrorMessage(error))));
  }
  if (signal.aborted) return;
  if (focusResult()) return;
  if (!first && !screenNode.contains(document.activeElement)) screenNode.querySelector('h1')?.focus();
}

function renderTools() {
  const who = session.supplier();
  // the same tools in the header and, on small screens, in the menu (ids of the copy end in -mobile, as DSFR does)
  for (const [node, suffix] of [[document.getElementById('outils'), ''], [document.querySelector('.fr-header__menu-links'), '-mobile']]) {
    fill(node, h('ul', { class: 'fr-btns-group' }, who
      ? [h('li', {}, h('span', { class: 'fr-btn fr-icon-account-circle-line', id: `fournisseur-connecte${suffix}` }, `${who.raisonSociale} — SIRET ${who.siret}`)),
        h('li', {}, h('button', { class: 'fr-btn fr-icon-logout-box-r-line', type: 'button', id: `deconnexion${suffix}`, 'data-action': 'deconnexion' }, 'Se déconnecter'))]
      : h('li', {}, h('a', { class: 'fr-btn fr-icon-account-circle-line', href: '#/connexion' }, 'Se connecter'))));
  }
}

// sign-out by delegation: DSFR may copy the header's tools into the menu
document.addEventListener('click', (event) => {
  if (event.target instanceof Element && event.target.closest('[data-action=deconnexion]')) session.signOut();
});

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));

/** Shown and focusable (the closed menu hides its content with `visibility`, which focus() cannot reach). */
const shown = (node) => node.checkVisibility({ visibilityProperty: true, opacityProperty: true });

/** The navigation, shown: at small widths it is in the header's menu, which DSFR's menu button opens. */
async function showNavigation(nav) {
  if (shown(nav)) return;
  document.getElementById('bouton-menu')?.click();
  for (let frame = 0; frame < 60 && !shown(nav); frame++) await nextFrame();
  await nextFrame(); // DSFR focuses the menu's first button as it opens: the skip link's focus comes after
}

/**
 * The skip links move focus to their target without changing the route. "Menu" at small widths
 * opens the menu first and focuses its first link (DSFR's menu keeps Tab within it, from its first control).
 */
for (const link of document.querySelectorAll('.depot-evitement')) {
  link.addEventListener('click', async (event) => {
    event.preventDefault();
    const target = document.querySelector(link.getAttribute('href'));
    if (target?.id === 'navigation' && !shown(target)) {
      await showNavigation(target);
      target.querySelector('a')?.focus();
    } else target?.focus();
  });
}

await session.restore();
renderTools();
session.onChange((who) => {
  renderTools();
  if (!who) navigate('#/connexion');
  else if (parseHash().path === '/connexion') navigate('#/depots');
  else render();
});
window.addEventListener('hashchange', render);
render();

/** What a supplier reads when a screen cannot be drawn: the service's own (French) message, never a script's English. */
function pageErrorMessage(error) {
  if (error instanceof ApiError) return error.message;
  console.error(error);
  return 'La page a rencontré une erreur inattendue : rechargez-la, puis réessayez. Si cela se reproduit, contactez le support.';
}
