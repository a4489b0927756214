/**
 * One deposit (import), as a DSFR stepper: 1.1 Simulation (the verdict), 1.2 Importation,
 * 2 Pièces jointes, 3 Terminer. Each action is offered only in the states SPEC §6 allows
 * (lifecycle.js); its result appears next to it. While the service works on the import, the
 * page follows it (through transient failures) and shows for how long; the first loads retry
 * transient failures too, then say why with a "Réessayer" button.
 */
import { ApiError, download, poll, request } from '../api.js';
import { withStates } from '../documentation.js';
import { badge, dateTime, plural, rate, TYPES_DEMANDE } from '../format.js';
import { add, h } from '../h.js';
import { allows, isWorking, stepOf } from '../lifecycle.js';
import { whileBusy } from '../ui/busy.js';
import { feedbackZone, say } from '../ui/feedback.js';
import { stepper } from '../ui/stepper.js';
import { tracker } from '../ui/tracker.js';
import { flashNext, redraw, takeFlash } from './depot-flash.js';
import { nextStep, refusedFileCounts, summary } from './depot-summary.js';
import { attachmentsSection } from './pieces.js';
import { issueCard, verdictDetails } from './verdict.js';


const load = (ctx) => request('GET', `/imports/${ctx.params.id}`, { signal: ctx.signal }).then((r) => r.data);

/** A first load still failing after this many tries in a row is told, with "Réessayer". */
const FIRST_LOAD_TRIES = 4;

/** What the screen shows: the states' documentation, the import, and once it is over its verdict and attachments. */
async function loadAll(ctx) {
  const doc = await withStates(ctx.doc, 'imports');
  const imp = await load(ctx);
  if (isWorking(doc, imp)) return { doc, imp, retour: null, pieces: null };
  const [retour, pieces] = await Promise.all([
    allows(imp, 'retour') ? request('GET', `/imports/${imp.identifiant}/retour`, { signal: ctx.signal }).then((r) => r.data) : null,
    ['IMPORTE', 'TERMINE'].includes(imp.statut) ? request('GET', `/imports/${imp.identifiant}/pieces-jointes`, { signal: ctx.signal }).then((r) => r.data) : null,
  ]);
  return { doc, imp, retour, pieces };
}

/**
 * The first loads, through transient failures (the polling's backoff, "Reconnexion…" shown);
 * null when they still fail, the French reason then drawn with a "Réessayer" button.
 */
async function loadOrTell(ctx, zone) {
  let follow = null;
  try {
    return await poll(() => loadAll(ctx), () => true, {
      signal: ctx.signal,
      giveUpAfter: FIRST_LOAD_TRIES,
      onUpdate: (update) => {
        if (update.reconnecting) follow ??= tracker(zone, 'Ouverture du dépôt');
        follow?.update(update);
      },
    });
  } catch (error) {
    if (!(error instanceof ApiError) || !error.transient) throw error;
    follow?.stop();
    follow = null;
    const retry = h('button', { class: 'fr-btn fr-btn--secondary fr-icon-refresh-line fr-btn--icon-left', type: 'button', id: 'reessayer' }, `Réessayer d'ouvrir le dépôt ${ctx.params.id}`);
    retry.addEventListener('click', () => redraw(ctx));
    say(zone, 'error', `Le dépôt n° ${ctx.params.id} ne peut pas être affiché pour l'instant : ${error.message}`, h('p', { class: 'fr-mt-2w' }, retry));
    return null;
  } finally {
    follow?.stop();
  }
}

export async function render(ctx) {
  ctx.title(`Dépôt n° ${ctx.params.id}`);
  const loading = h('div', { id: 'chargement' });
  add(ctx.node, h('h1', { tabindex: '-1' }, `Dépôt n° ${ctx.params.id}`), loading);
  const loaded = await loadOrTell(ctx, loading);
  if (!loaded) return;
  const { doc, retour, pieces } = loaded;
  ctx = { ...ctx, doc };
  let { imp } = loaded;
  const head = h('div', { id: 'entete-depot' });
  add(ctx.node, head);
  drawHead(ctx, head, imp);
  if (isWorking(doc, imp)) {
    const zone = h('div', { id: 'suivi' });
    add(ctx.node, zone);
    const follow = tracker(zone, imp.statut === 'IMPORT_EN_COURS' ? 'Import en cours' : 'Simulation en cours');
    try {
      imp = await poll(() => load(ctx), (i) => !isWorking(doc, i), { signal: ctx.signal, onUpdate: follow.update });
    } finally {
      follow.stop();
    }
    return redraw(ctx);
  }
  const pending = takeFlash();
  const zones = {};
  const zone = (name) => (zones[name] ??= feedbackZone());
  add(ctx.node,
    summary(doc, imp, pieces, retour),
    simulationSection(ctx, imp, retour),
    stepOf(imp) >= 1 ? importSection(ctx, doc, imp, zone('importer')) : null,
    pieces ? attachmentsSection(ctx, imp, pieces, zone) : null);
  if (pending) say(zone(pending.zone), pending.kind, pending.text, pending.more ?? null);
}

/** Draws the screen again (after an action), keeping the route. */
function drawHead(ctx, node, imp) {
  node.replaceChildren(
    h('p', { class: 'depot-etat-ligne' }, badge(ctx.doc, 'imports', imp.statut, { id: 'statut' }), h('span', {}, `« ${imp.nomFichier} »`)),
    h('p', { class: 'fr-text--sm' },
      `Solution ${imp.numeroAns} (${imp.logiciel ?? ''}) — ${TYPES_DEMANDE[imp.typeDemande] ?? imp.typeDemande} — TVA ${rate(imp.tauxTva)} — déposé le ${dateTime(imp.dateDepot)}`),
    stepper(stepOf(imp), { done: imp.statut === 'TERMINE', next: nextStep(imp) }));
}

function simulationSection(ctx, imp, retour) {
  const zone = feedbackZone();
  const nodes = [h('h2', { class: 'fr-h4', id: 'titre-simulation' }, 'Étape 1.1 — Simulation : le verdict')];
  if (retour) {
    const r = retour.resultat;
    const counts = r.statut === 'FORMAT_INVALIDE'
      ? refusedFileCounts(r.erreurs)
      : `${plural(r.nombreDemandes, 'demande')} : ${plural(r.nombreDemandesValides, 'valide')}, ${r.nombreDemandesEnErreur} en erreur.`;
    const button = h('button', { class: 'fr-btn fr-btn--secondary fr-btn--sm fr-icon-download-line fr-btn--icon-left', type: 'button' },
      `Télécharger le fichier de retour du dépôt ${imp.identifiant}`);
    button.addEventListener('click', () => whileBusy(button, 'Téléchargement…', () =>
      download(`/imports/${imp.identifiant}/retour`, { fallbackName: `${imp.nomFichier.replace(/\.json$/i, '')}-retour.json` }))
      .then((file) => file && say(zone, 'success', `Fichier « ${file.name} » téléchargé.`))
      .catch((error) => say(zone, 'error', `Téléchargement impossible : ${error.message}`)));
    nodes.push(h('p', { id: 'comptes' }, counts), button, zone);
    const details = verdictDetails(retour);
    nodes.push(stepOf(imp) <= 1 ? details
      : h('details', { class: 'depot-groupe' }, h('summary', {}, 'Voir le détail de la simulation'), h('div', { class: 'fr-px-2w' }, details)));
  }
  return h('section', { 'aria-labelledby': 'titre-simulation', class: 'fr-mb-4w' }, nodes);
}

function importSection(ctx, doc, imp, zone) {
  const nodes = [h('h2', { class: 'fr-h4', id: 'titre-import' }, 'Étape 1.2 — Importation')];
  if (allows(imp, 'importer')) {
    const button = h('button', { class: 'fr-btn', type: 'button', id: 'importer' }, `Importer les demandes du dépôt ${imp.identifiant}`);
    const work = h('div');
    button.addEventListener('click', () =>
      whileBusy(button, 'Import en cours…', async () => {
        await request('POST', `/imports/${imp.identifiant}/importer`, { signal: ctx.signal });
        const follow = tracker(work, 'Import en cours');
        let done;
        try {
          done = await poll(() => load(ctx), (i) => !isWorking(doc, i), { signal: ctx.signal, onUpdate: follow.update });
        } finally {
          follow.stop();
        }
        const cr = done.compteRendu;
        if (done.statut === 'IMPORTE' && cr) {
          flashNext(cr.nombreLignesImportees === 0
            ? { zone: 'importer', kind: 'warning', text: `Import terminé, mais aucune demande n'a été importée : ${plural(cr.nombreLignesRejetees, 'ligne rejetée', 'lignes rejetées')}.` }
            : { zone: 'importer', kind: 'success', text: `Import terminé : ${plural(cr.nombreLignesImportees, 'demande importée', 'demandes importées')}${cr.nombreLignesRejetees ? `, ${plural(cr.nombreLignesRejetees, 'ligne rejetée', 'lignes rejetées')}` : ''}. Envoyez maintenant les pièces justificatives.` });
        } else if (done.erreurTechnique) flashNext({ zone: 'importer', kind: 'error', text: `L'import n'a pas pu aboutir : ${done.erreurTechnique}` });
        else flashNext({ zone: 'importer', kind: 'error', text: "Le fichier ne passe plus les contrôles au moment de l'import : voyez le verdict." });
        redraw(ctx);
      }).catch((error) => error?.name !== 'AbortError' && say(zone, 'error', `Import impossible : ${error.message}`)));
    nodes.push(h('p', {}, "L'import crée une demande de financement, avec son numéro de dossier, pour chaque ligne du fichier."), button, work);
  }
  nodes.push(zone);
  const cr = imp.compteRendu;
  if (cr) {
    nodes.push(h('p', { id: 'compte-rendu' },
      `Compte rendu : ${plural(cr.nombreLignes, 'ligne')}, ${plural(cr.nombreLignesImportees, 'importée', 'importées')}, ${plural(cr.nombreLignesRejetees, 'rejetée', 'rejetées')}.`));
    if (cr.rejets.length > 0) {
      nodes.push(h('h3', { class: 'fr-h6' }, 'Lignes rejetées à l’import'),
        h('ul', { class: 'fr-raw-list' }, cr.rejets.map((r) => issueCard(r, { place: `ligne ${r.numLigne} du fichier` }))));
    }
  }
  return h('section', { 'aria-labelledby': 'titre-import', class: 'fr-mb-4w' }, nodes);
}
