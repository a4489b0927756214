/**
 * What a deposit's verdict means and what to do next, in plain French: the summary at the top of
 * the deposit's screen (#resume), the counts of a refused file by kind, and the step that really
 * comes next. A deposit whose import retained no request says so, before and after Terminer.
 */
import { plural } from '../format.js';
import { h } from '../h.js';
import { allows, isEmptyImport } from '../lifecycle.js';
import { sortFileErrors } from './verdict.js';

const EMPTY = "Aucune demande n'a été importée : ce dépôt ne contient aucune demande ; corrigez le fichier et déposez-le à nouveau.";

/** The kinds of file-level errors, by code prefix: ENT-* are the file's numéro ANS or SIRET not matching. */
const KINDS = {
  ENT: ["erreur d'identification", "erreurs d'identification"],
  FMT: ['erreur de format', 'erreurs de format'],
};

/** [[code, errors of that code]…] in reading order. */
function byCode(errors) {
  const groups = new Map();
  for (const e of sortFileErrors(errors)) groups.set(e.code, [...(groups.get(e.code) ?? []), e]);
  return [...groups];
}

/** "Fichier refusé : 1 erreur d'identification (ENT-01), 2 erreurs de format (FMT-02)." */
export function refusedFileCounts(errors) {
  const kinds = new Map();
  for (const [code, list] of byCode(errors)) {
    const kind = code.split('-')[0];
    const entry = kinds.get(kind) ?? { n: 0, codes: [] };
    entry.n += list.length;
    entry.codes.push(code);
    kinds.set(kind, entry);
  }
  const parts = [...kinds].map(([kind, { n, codes }]) => `${plural(n, ...(KINDS[kind] ?? ['erreur', 'erreurs']))} (${codes.join(', ')})`);
  return `Fichier refusé : ${parts.join(', ')}.`;
}

const lowerFirst = (text) => text.charAt(0).toLowerCase() + text.slice(1);

/**
 * Why the whole file is refused: an ENT-* error says it itself (its message names the numéro ANS
 * or SIRET found and expected); the others by their rule's label, with their count.
 */
function refusalReasons(doc, errors) {
  const label = (code) => (doc.regles ?? []).find((r) => r.code === code)?.libelle;
  const reasons = byCode(errors).map(([code, list]) => {
    if (code.startsWith('ENT-')) {
      return list.map((e) => {
        const [what, ...found] = e.message.split(' : ');
        return `${lowerFirst(what)} (${found.length ? `${found.join(' : ')} ; ` : ''}${code})`;
      }).join(' ; ');
    }
    return `${lowerFirst(label(code) ?? list[0].message)} (${code}${list.length > 1 ? `, ${plural(list.length, 'erreur')}` : ''})`;
  });
  return reasons.length > 0 ? reasons.join(' ; ') : 'le fichier ne respecte pas le format attendu';
}

/** The step after the current one, when the deposit cannot go on as planned (undefined: the following step). */
export function nextStep(imp) {
  if (imp.statut === 'ERREUR_TECHNIQUE') return 'Déposer le fichier à nouveau';
  if (allows(imp, 'nouveau')) return 'Déposer un fichier corrigé';
  return undefined;
}

export function summary(doc, imp, pieces, retour) {
  const n = imp.nombreDemandes ?? 0;
  const cr = imp.compteRendu;
  let kind = 'info';
  let text;
  switch (imp.statut) {
    case 'FORMAT_INVALIDE':
      kind = 'error';
      text = `Le fichier est refusé en entier, aucune demande n'a été examinée : ${refusalReasons(doc, retour?.resultat?.erreurs ?? [])}. Corrigez le fichier puis déposez-le à nouveau.`;
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
      if (isEmptyImport(imp)) {
        kind = 'warning';
        text = `${EMPTY} (${plural(cr.nombreLignesRejetees, 'ligne rejetée', 'lignes rejetées')} à l'import : voir le compte rendu ; aucune pièce à envoyer.)`;
      } else {
        kind = 'success';
        const missing = pieces ? pieces.nombreAttendues - pieces.nombreRecues : 0;
        text = `${plural(cr?.nombreLignesImportees ?? n, 'demande importée', 'demandes importées')}${cr?.nombreLignesRejetees ? `, ${plural(cr.nombreLignesRejetees, 'ligne rejetée', 'lignes rejetées')}` : ''}. `
          + (missing > 0 ? `Étape suivante : envoyez les pièces justificatives (${plural(missing, 'pièce manquante', 'pièces manquantes')}), puis terminez le dépôt.` : 'Toutes les pièces sont reçues : terminez le dépôt.');
      }
      break;
    case 'TERMINE':
      if (isEmptyImport(imp)) {
        kind = 'warning';
        text = `Dépôt terminé. ${EMPTY}`;
      } else {
        kind = 'success';
        text = `Dépôt terminé : ${plural(cr?.nombreLignesImportees ?? n, 'demande déposée', 'demandes déposées')}, en cours d'instruction. Suivez-les dans « Mes demandes ».`;
      }
      break;
    case 'ERREUR_TECHNIQUE':
      kind = 'error';
      text = `Le fichier n'a pas pu être examiné : ${imp.erreurTechnique ?? 'erreur technique'} Déposez-le à nouveau.`;
      break;
    default:
      text = 'Dépôt en attente de son fichier : le fichier n’a pas été reçu. Créez un nouveau dépôt.';
  }
  return h('div', { class: `fr-alert fr-alert--${kind} fr-mb-3w`, id: 'resume', tabindex: '-1', role: kind === 'error' ? 'alert' : 'status' },
    h('h2', { class: 'fr-alert__title' }, 'Où en est ce dépôt'), h('p', {}, text),
    allows(imp, 'nouveau') ? h('p', {}, h('a', { href: '#/depots/nouveau', class: 'fr-link' }, 'Déposer un fichier corrigé')) : null);
}
