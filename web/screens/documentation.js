/**
 * Documentation, generated from the service's GET /documentation: every rule (code, scope,
 * label, field, dependency), the fields of the file, the nomenclature, the limits, the JSON
 * Schemas and the two example files to download.
 */
import { loadConfig } from '../config.js';
import { fileSize } from '../format.js';
import { add, h } from '../h.js';
import { table } from '../ui/table.js';

const LIMITS = {
  tailleMaxFichierOctets: ['Taille maximale du fichier JSON', fileSize],
  nombreMaxDemandes: ['Nombre maximal de demandes par fichier', String],
  tailleMaxArchiveOctets: ["Taille maximale d'une archive ZIP", fileSize],
  tailleMaxPieceOctets: "Taille maximale d'une pièce",
  nombreMaxEntreesArchive: ["Nombre maximal de fichiers dans une archive", String],
  tailleMaxDecompresseeOctets: ['Taille maximale d’une archive une fois décompressée', fileSize],
  ratioMaxCompression: ['Taux de compression maximal', (v) => `${v}:1`],
  longueurMaxNomPiece: ["Longueur maximale du nom d'une pièce", (v) => `${v} caractères`],
  nombreMinDemandes: ['Nombre minimal de demandes par fichier', String],
  profondeurMaxJson: ['Profondeur maximale du JSON (niveaux d’imbrication)', String],
  longueurMaxNomClient: ['Longueur maximale de la dénomination du client', (v) => `${v} caractères`],
  longueurMaxNomDepose: ['Longueur maximale du nom du fichier ou de l’archive déposés', (v) => `${v} caractères`],
  dureeLienTeleversementSecondes: ['Durée de validité du lien d’envoi', (v) => `${Math.round(v / 60)} minutes`],
};

function limitText(key, value) {
  const known = LIMITS[key];
  if (Array.isArray(known)) return [known[0], known[1](value)];
  if (typeof known === 'string') return [known, fileSize(value)];
  const label = key.replace(/([A-Z])/g, ' $1').toLowerCase();
  return [label.charAt(0).toUpperCase() + label.slice(1), /Octets$/.test(key) ? fileSize(value) : String(value)];
}

const yesNo = (v) => (v ? 'Oui' : 'Non');
const list = (v) => (Array.isArray(v) ? v.join(', ') : v ?? '—');

export async function render(ctx) {
  ctx.title('Documentation');
  const doc = ctx.doc;
  const { apiUrl } = await loadConfig();
  add(ctx.node, h('h1', { tabindex: '-1' }, 'Documentation des contrôles'));
  if (!doc.regles?.length) {
    add(ctx.node, h('div', { class: 'fr-alert fr-alert--error fr-alert--sm', role: 'alert' }, h('p', {}, 'La documentation est momentanément indisponible : réessayez dans un instant.')));
    return;
  }
  const n = doc.nomenclature ?? {};
  add(ctx.node, 
    h('p', {}, 'Ce que le service contrôle, tel qu’il le contrôle : cette page est produite par le service à partir des règles qu’il applique.'),
    h('section', { class: 'fr-mb-6w', 'aria-labelledby': 'doc-telechargements' },
      h('h2', { class: 'fr-h4', id: 'doc-telechargements' }, 'Schémas et exemples'),
      h('ul', {},
        (doc.schemas ?? []).map((s) => h('li', {}, h('a', { class: 'fr-link fr-icon-download-line fr-link--icon-left', href: `${apiUrl}${s.url}`, download: `schema-${s.logiciel}.json` }, `Schéma JSON du fichier ${s.logiciel}`))),
        (doc.exemples ?? []).map((e) => h('li', {}, h('a', { class: 'fr-link fr-icon-download-line fr-link--icon-left', href: `${apiUrl}${e.url}`, download: e.nom }, `Fichier d’exemple ${e.logiciel} (${e.nom})`))))),
    h('section', { class: 'fr-mb-6w', 'aria-labelledby': 'doc-limites' },
      h('h2', { class: 'fr-h4', id: 'doc-limites' }, 'Limites'),
      h('ul', { id: 'limites' }, Object.entries(doc.limites ?? {}).map(([k, v]) => {
        const [label, value] = limitText(k, v);
        return h('li', {}, `${label} : ${value}`);
      }))),
    h('section', { class: 'fr-mb-6w', 'aria-labelledby': 'doc-nomenclature' },
      h('h2', { class: 'fr-h4', id: 'doc-nomenclature' }, 'Nomenclature des pièces justificatives'),
      n.modele ? h('p', {}, 'Modèle : ', h('code', {}, n.modele)) : null,
      n.types?.length ? h('ul', {}, n.types.map((t) => h('li', {}, h('code', {}, t.code), ` : ${t.libelle}`))) : null,
      n.formats?.length ? h('p', {}, `Formats acceptés : ${n.formats.map((f) => (typeof f === 'string' ? f : f.code ?? JSON.stringify(f))).join(', ')}.`) : null,
      n.exemples?.length ? h('p', {}, 'Exemples : ', n.exemples.map((e, i) => [i ? ', ' : '', h('code', {}, String(e))])) : null,
      n.piecesRequises?.length ? h('ul', {}, n.piecesRequises.map((p) => h('li', {}, `${p.typeDemande === 'SOLDE' ? 'Solde' : p.typeDemande === 'AVANCE' ? 'Avance' : p.typeDemande} : ${p.regle ?? '—'}`))) : null),
    h('section', { class: 'fr-mb-6w', 'aria-labelledby': 'doc-regles' },
      h('h2', { class: 'fr-h4', id: 'doc-regles' }, 'Règles de contrôle'),
      table({
        id: 'regles', caption: `Les ${doc.regles.length} règles de contrôle`,
        columns: [
          { label: 'Code', cell: (r) => r.code },
          { label: 'Portée', cell: (r) => r.portee },
          { label: 'Libellé', cell: (r) => r.libelle },
          { label: 'Champ', cell: (r) => r.champ ?? '—' },
          { label: 'Dépendance', cell: (r) => r.dependance ?? '—' },
        ],
        rows: doc.regles,
      })),
    h('section', { class: 'fr-mb-6w', 'aria-labelledby': 'doc-champs' },
      h('h2', { class: 'fr-h4', id: 'doc-champs' }, 'Champs du fichier'),
      table({
        id: 'champs', caption: 'Champs du fichier JSON',
        columns: [
          { label: 'Chemin', cell: (c) => c.chemin },
          { label: 'Type', cell: (c) => c.type },
          { label: 'Obligatoire', cell: (c) => yesNo(c.obligatoire) },
          { label: 'Contrainte', cell: (c) => c.contrainte ?? '—' },
          { label: 'Logiciels', cell: (c) => list(c.logiciels) },
        ],
        rows: doc.champs ?? [],
      })));
}
