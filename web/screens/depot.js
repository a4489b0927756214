/**
 * One deposit (import), as a DSFR stepper: 1.1 Simulation (the verdict), 1.2 Importation,
 * 2 Pièces jointes, 3 Terminer. Each action is offered only in the states SPEC §6 allows
 * (lifecycle.js); its result appears next to it. While the service works on the import, the
 * page follows it (through transient failures) and shows for how long.
 */
import { download, poll, request } from '../api.js';
import { badge, dateTime, plural, rate, TYPES_DEMANDE } from '../format.js';
import { add, h } from '../h.js';
import { allows, isWorking, stepOf } from '../lifecycle.js';
import { whileBusy } from '../ui/busy.js';
import { feedbackZone, say } from '../ui/feedback.js';
import { stepper } from '../ui/stepper.js';
import { tracker } from '../ui/tracker.js';
import { attachmentsSection } from './pieces.js';
import { issueCard, verdictDetails } from './verdict.js';

/** A result to show next to an action once the screen is drawn again: { zone, kind, text, more }. */
let flash = null;
export const flashNext = (value) => (flash = value);

const load = (ctx) => request('GET', `/imports/${ctx.params.id}`, { signal: ctx.signal }).then((r) => r.data);

export async function render(ctx) {
  ctx.title(`Dépôt n° ${ctx.params.id}`);
  let imp = await load(ctx);
  const head = h('div', { id: 'entete-depot' });
  add(ctx.node, h('h1', { tabindex: '-1' }, `Dépôt n° ${imp.identifiant}`), head);
  drawHead(ctx, head, imp);
  if (isWorking(imp)) {
    const zone = h('div', { id: 'suivi' });
    add(ctx.node, zone);
    const follow = tracker(zone, imp.statut === 'IMPORT_EN_COURS' ? 'Import en cours' : 'Simulation en cours');
    try {
      imp = await poll(() => load(ctx), (i) => !isWorking(i), { signal: ctx.signal, onUpdate: follow.update });
    } finally {
      follow.stop();
    }
    return redraw(ctx);
  }
  const retour = allows(imp, 'retour') ? (await request('GET', `/imports/${imp.identifiant}/retour`, { signal: ctx.signal })).data : null;
  const pieces = ['IMPORTE', 'TERMINE'].includes(imp.statut) ? (await request('GET', `/imports/${imp.identifiant}/pieces-jointes`, { signal: ctx.signal })).data : null;
  const pending = flash;
  flash = null;
  const zones = {};
  const zone = (name) => (zones[name] ??= feedbackZone());
  add(ctx.node, 
    summary(imp, pieces),
    simulationSection(ctx, imp, retour),
    stepOf(imp) >= 1 ? importSection(ctx, imp, zone('importer')) : null,
    pieces ? attachmentsSection(ctx, imp, pieces, zone) : null);
  if (pending) say(zone(pending.zone), pending.kind, pending.text, pending.more ?? null);
}

/** Draws the screen again (after an action), keeping the route. */
export function redraw(ctx) {
  ctx.navigate(location.hash);
}

function drawHead(ctx, node, imp) {
  node.replaceChildren(
    h('p', { class: 'depot-etat-ligne' }, badge(ctx.doc, 'imports', imp.statut, { id: 'statut' }), h('span', {}, `« ${imp.nomFichier} »`)),
    h('p', { class: 'fr-text--sm' },
      `Solution ${imp.numeroAns} (${imp.logiciel ?? ''}) — ${TYPES_DEMANDE[imp.typeDemande] ?? imp.typeDemande} — TVA ${rate(imp.tauxTva)} — déposé le ${dateTime(imp.dateDepot)}`),
    stepper(stepOf(imp), imp.statut === 'TERMINE'));
}

/** What the verdict means and what to do next, in plain French. */
function summary(imp, pieces) {
  const n = imp.nombreDemandes ?? 0;
  const cr = imp.compteRendu;
  let kind = 'info';
  let text;
  switch (imp.statut) {
    case 'FORMAT_INVALIDE':
      kind = 'error';
      text = `Le fichier est refusé en entier : son format n'est pas conforme, aucune demande n'a été examinée. Corrigez les erreurs ci-dessous puis déposez le fichier à nouveau.`;
      break;
    case 'SIMULATION_EN_ERREUR':
      kind = 'error';
      text = `${plural(imp.nombreDemandesEnErreur ?? 0, 'demande')} en erreur sur ${n}, ${plural(imp.simulation?.nombreDemandesValides ?? 0, 'valide')}. Un fichier ne peut être importé que si toutes ses demandes sont valides : corrigez les lignes en erreur puis déposez le fichier à nouveau.`;
      break;
    case 'SIMULATION_VALIDE':
      kind = 'success';
      text = `${n > 1 ? `Les ${n} demandes sont valides` : 'La demande est valide'}. Étape suivante : importez ${n > 1 ? 'les' : 'la'} demande${n > 1 ? 's' : ''} (étape 1.2).`;
      break;
    case 'IMPORT_EN_COURS':
      kind = imp.erreurTechnique ? 'error' : 'info';
      text = imp.erreurTechnique ? `L'import n'a pas pu aboutir : ${imp.erreurTechnique} Relancez l'import.` : 'Import en cours.';
      break;
    case 'IMPORTE':
      if (cr && cr.nombreLignesImportees === 0) {
        kind = 'warning';
        text = `Aucune demande n'a été importée : ${plural(cr.nombreLignesRejetees, 'ligne rejetée', 'lignes rejetées')} (voir le compte rendu). Il n'y a aucune pièce à envoyer ; corrigez le fichier et déposez-le à nouveau.`;
      } else {
        kind = 'success';
        const missing = pieces ? pieces.nombreAttendues - pieces.nombreRecues : 0;
        text = `${plural(cr?.nombreLignesImportees ?? n, 'demande importée', 'demandes importées')}${cr?.nombreLignesRejetees ? `, ${plural(cr.nombreLignesRejetees, 'ligne rejetée', 'lignes rejetées')}` : ''}. `
          + (missing > 0 ? `Étape suivante : envoyez les pièces justificatives (${plural(missing, 'pièce manquante', 'pièces manquantes')}), puis terminez le dépôt.` : 'Toutes les pièces sont reçues : terminez le dépôt.');
      }
      break;
    case 'TERMINE':
      kind = 'success';
      text = `Dépôt terminé : ${plural(cr?.nombreLignesImportees ?? n, 'demande déposée', 'demandes déposées')}, en cours d'instruction. Suivez-les dans « Mes demandes ».`;
      break;
    case 'ERREUR_TECHNIQUE':
      kind = 'error';
      text = `Le fichier n'a pas pu être examiné : ${imp.erreurTechnique ?? 'erreur technique'} Déposez-le à nouveau.`;
      break;
    default:
      text = 'Dépôt en attente de son fichier : le fichier n’a pas été reçu. Créez un nouveau dépôt.';
  }
  return h('div', { class: `fr-alert fr-alert--${kind} fr-mb-3w`, id: 'resume', role: kind === 'error' ? 'alert' : 'status' },
    h('h2', { class: 'fr-alert__title' }, 'Où en est ce dépôt'), h('p', {}, text),
    allows(imp, 'nouveau') ? h('p', {}, h('a', { href: '#/depots/nouveau', class: 'fr-link' }, 'Déposer un fichier corrigé')) : null);
}

function simulationSection(ctx, imp, retour) {
  const zone = feedbackZone();
  const nodes = [h('h2', { class: 'fr-h4', id: 'titre-simulation' }, 'Étape 1.1 — Simulation : le verdict')];
  if (retour) {
    const r = retour.resultat;
    const counts = r.statut === 'FORMAT_INVALIDE'
      ? `Fichier refusé : ${plural(r.erreurs.length, 'erreur')} de format.`
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

function importSection(ctx, imp, zone) {
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
          done = await poll(() => load(ctx), (i) => !isWorking(i), { signal: ctx.signal, onUpdate: follow.update });
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
