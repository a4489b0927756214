/**
 * Step 2, Pièces jointes, and Terminer: the ZIP upload with its progress bar, the archive's
 * verdict told truthfully (refused in red, partly refused in warning), the expected documents
 * received or not, the archives sent; then Finish, which answers with what is still missing or
 * with an archive still being checked.
 */
import { ApiError, poll, request, upload } from '../api.js';
import { badge, fileSize, plural } from '../format.js';
import { h } from '../h.js';
import { allows, isEmptyImport } from '../lifecycle.js';
import { isFinal } from '../states.js';
import { whileBusy } from '../ui/busy.js';
import { say } from '../ui/feedback.js';
import { progressBar } from '../ui/progress.js';
import { table } from '../ui/table.js';
import { tracker } from '../ui/tracker.js';
import { flashNext, redraw } from './depot-flash.js';

export function attachmentsSection(ctx, imp, pieces, zone) {
  const nodes = [h('h2', { class: 'fr-h4', id: 'titre-pieces' }, 'Étape 2 — Pièces jointes'),
    h('p', { id: 'pieces-recues' }, `${plural(pieces.nombreRecues, 'pièce reçue', 'pièces reçues')} sur ${pieces.nombreAttendues} attendue${pieces.nombreAttendues > 1 ? 's' : ''}.`)];
  if (allows(imp, 'pieces') && pieces.nombreAttendues > 0) nodes.push(archiveForm(ctx, imp, zone('archive')));
  nodes.push(zone('archive'));
  if (pieces.attendues.length > 0) {
    nodes.push(table({
      id: 'pieces-attendues',
      caption: 'Pièces attendues',
      columns: [
        { label: 'Pièce', cell: (a) => a.nomFichier },
        { label: 'Type', cell: (a) => a.type },
        { label: 'Numéro de dossier', cell: (a) => h('a', { class: 'fr-link', href: `#/demandes/${a.numeroDossier}` }, a.numeroDossier) },
        { label: 'Reçue', cell: (a) => h('span', { class: `fr-badge fr-badge--sm fr-badge--${a.recue ? 'success' : 'warning'}` }, a.recue ? 'Reçue' : 'Manquante') },
      ],
      rows: pieces.attendues,
    }));
  }
  if (pieces.archives.length > 0) {
    nodes.push(h('h3', { class: 'fr-h5 fr-mt-4w' }, 'Archives envoyées'), h('div', { id: 'archives' }, pieces.archives.map((a) => archiveCard(ctx, a))));
  }
  nodes.push(finishBlock(ctx, imp, zone('terminer')));
  return h('section', { 'aria-labelledby': 'titre-pieces', class: 'fr-mb-4w' }, nodes);
}

function archiveCard(ctx, a) {
  return h('div', { class: 'fr-mb-3w' },
    h('p', { class: 'depot-etat-ligne fr-mb-1w' }, h('strong', {}, `Archive « ${a.nomArchive} »`), archiveBadge(ctx, a)),
    a.code ? h('p', { class: 'depot-erreur' }, h('span', { class: 'depot-code' }, a.code), ` : ${a.message}`) : null,
    a.fichiers.length > 0 ? table({
      caption: `Fichiers de l'archive « ${a.nomArchive} »`,
      columns: [
        { label: 'Fichier', cell: (f) => f.nom },
        { label: 'Verdict', cell: (f) => h('span', { class: `fr-badge fr-badge--sm fr-badge--${f.statut === 'ACCEPTE' ? 'success' : 'error'}` }, f.statut === 'ACCEPTE' ? 'Acceptée' : 'Refusée') },
        { label: 'Motif', cell: (f) => (f.code ? `${f.code} : ${f.message}` : '—') },
      ],
      rows: a.fichiers,
    }) : null);
}

/** The archive's state; "Traitée" in its verdict's tone when files of it were refused. */
function archiveBadge(ctx, a) {
  const refused = a.fichiers.some((f) => f.statut !== 'ACCEPTE');
  if (a.statut !== 'TRAITEE' || !refused) return badge(ctx.doc, 'archives', a.statut);
  return h('span', { class: `fr-badge fr-badge--sm fr-badge--${archiveOutcome(a).kind}`, dataset: { etat: a.statut } }, 'Traitée, avec des fichiers refusés');
}

/** What an archive's verdict says, truthfully. */
export function archiveOutcome(a) {
  if (a.statut === 'REFUSEE') return { kind: 'error', text: `Archive « ${a.nomArchive} » refusée : ${a.code} : ${a.message}. Aucun de ses fichiers n'a été gardé.` };
  const accepted = a.fichiers.filter((f) => f.statut === 'ACCEPTE').length;
  const refused = a.fichiers.length - accepted;
  if (refused === 0 && accepted > 0) return { kind: 'success', text: `Archive « ${a.nomArchive} » contrôlée : ${plural(accepted, 'fichier accepté', 'fichiers acceptés')}.` };
  if (accepted === 0) return { kind: 'error', text: `Archive « ${a.nomArchive} » contrôlée, mais aucun fichier n'a été accepté${refused ? ` (${plural(refused, 'fichier refusé', 'fichiers refusés')})` : ''}.` };
  return { kind: 'warning', text: `Archive « ${a.nomArchive} » contrôlée : ${plural(accepted, 'fichier accepté', 'fichiers acceptés')}, ${plural(refused, 'fichier refusé', 'fichiers refusés')} (motifs ci-dessous).` };
}

function archiveForm(ctx, imp, zone) {
  const limits = ctx.doc.limites ?? {};
  const work = h('div');
  const button = h('button', { class: 'fr-btn', type: 'submit' }, `Envoyer l'archive du dépôt ${imp.identifiant}`);
  const hint = [limits.tailleMaxArchiveOctets ? `${fileSize(limits.tailleMaxArchiveOctets)} au plus` : null,
    limits.tailleMaxPieceOctets ? `chaque pièce ${fileSize(limits.tailleMaxPieceOctets)} au plus` : null,
    'PDF, JPG ou PNG nommés selon la nomenclature'].filter(Boolean).join(' ; ');
  const form = h('form', { id: 'form-archive', class: 'fr-mb-4w', novalidate: true },
    h('div', { class: 'fr-upload-group fr-mb-2w' },
      h('label', { class: 'fr-label', for: 'archive' }, 'Archive ZIP des pièces justificatives', h('span', { class: 'fr-hint-text' }, `${hint}.`)),
      h('input', { class: 'fr-upload', type: 'file', id: 'archive', name: 'archive', accept: '.zip,application/zip' })),
    button, work);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const file = form.elements.archive.files[0];
    if (!file) return say(zone, 'error', "Choisissez l'archive ZIP à envoyer.");
    if (limits.tailleMaxArchiveOctets && file.size > limits.tailleMaxArchiveOctets) {
      return say(zone, 'error', `PJ-01 : L'archive « ${file.name} » fait ${fileSize(file.size)}, ${fileSize(limits.tailleMaxArchiveOctets)} au plus.`);
    }
    whileBusy(button, 'Envoi en cours…', async () => {
      zone.replaceChildren();
      const { data: created } = await request('POST', `/imports/${imp.identifiant}/pieces-jointes`, { body: { nomArchive: file.name }, signal: ctx.signal });
      const bar = progressBar(`Envoi de « ${file.name} »`);
      work.replaceChildren(bar.node);
      await upload(created.televersement, file, bar.update);
      const follow = tracker(work, 'Archive reçue : contrôle en cours');
      let archive;
      try {
        const list = await poll(() => request('GET', `/imports/${imp.identifiant}/pieces-jointes`, { signal: ctx.signal }).then((r) => r.data),
          (p) => isFinal(ctx.doc, 'archives', p.archives.find((a) => a.identifiant === created.identifiant)?.statut), { signal: ctx.signal, onUpdate: follow.update });
        archive = list.archives.find((a) => a.identifiant === created.identifiant);
      } finally {
        follow.stop();
      }
      flashNext({ zone: 'archive', ...archiveOutcome(archive) });
      redraw(ctx);
    }).catch((error) => error?.name !== 'AbortError' && say(zone, 'error', `Envoi impossible : ${error.message}`));
  });
  return form;
}

function finishBlock(ctx, imp, zone) {
  const nodes = [h('h2', { class: 'fr-h4', id: 'titre-terminer' }, 'Étape 3 — Terminer')];
  const empty = isEmptyImport(imp);
  if (imp.statut === 'TERMINE') nodes.push(h('p', {}, empty ? 'Le dépôt est terminé ; il ne contient aucune demande.' : 'Le dépôt est terminé : ses demandes sont en cours d’instruction.'));
  if (allows(imp, 'terminer')) {
    const button = h('button', { class: 'fr-btn', type: 'button', id: 'terminer' }, `Terminer le dépôt ${imp.identifiant}`);
    button.addEventListener('click', () =>
      whileBusy(button, 'Fin du dépôt en cours…', async () => {
        const { status, data } = await request('POST', `/imports/${imp.identifiant}/terminer`, { accept: [409], signal: ctx.signal });
        if (status === 200) {
          flashNext(empty
            ? { zone: 'terminer', kind: 'warning', text: "Dépôt terminé, mais il ne contient aucune demande : corrigez le fichier et déposez-le à nouveau." }
            : { zone: 'terminer', kind: 'success', text: 'Dépôt terminé : vos demandes sont déposées et passent « En cours » d’instruction.' });
          return redraw(ctx);
        }
        if (data?.code === 'PIECES_MANQUANTES') {
          const missing = data.manquantes ?? [];
          return say(zone, 'warning', `Le dépôt ne peut pas encore être terminé : ${plural(missing.length, 'pièce manquante', 'pièces manquantes')}. Envoyez-les dans une archive, puis terminez.`,
            h('ul', { class: 'depot-liste-simple' }, missing.map((m) => h('li', {}, `${m.nomFichier} (dossier ${m.numeroDossier})`))));
        }
        if (data?.code === 'ARCHIVES_EN_COURS') {
          return say(zone, 'warning', 'Une archive est en cours de contrôle : attendez son verdict, puis terminez le dépôt.');
        }
        throw new ApiError(status, data?.code ?? 'ERREUR', data?.message ?? `Le dépôt ne peut pas être terminé (erreur ${status}).`);
      }).catch((error) => error?.name !== 'AbortError' && say(zone, 'error', `Fin du dépôt impossible : ${error.message}`)));
    nodes.push(h('p', {}, empty ? 'Ce dépôt ne contient aucune demande : il n’attend aucune pièce et peut être terminé tel quel.' : 'Terminez le dépôt quand toutes les pièces attendues sont reçues.'), button);
  }
  nodes.push(zone);
  return h('div', { class: 'fr-mt-4w' }, nodes);
}
