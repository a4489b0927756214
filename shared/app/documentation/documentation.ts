/**
 * GET /documentation: the rules as data, read from the modules the checks use — the catalogue,
 * the JSON Schemas, the nomenclature, the limits, the states — never retyped.
 */
import { MAX_ARCHIVE_BYTES, MAX_ATTACHMENT_BYTES, MAX_ENTRIES, MAX_RATIO, MAX_UNPACKED_BYTES } from '../../domain/attachments.js';
import { RULES, type RuleCode, type RuleLevel } from '../../domain/catalogue.js';
import { MAX_LINES, MIN_LINES } from '../../domain/global-checks.js';
import { MAX_SUPPLIER_NAME_LENGTH } from '../../domain/import-request.js';
import { MAX_NAME_LENGTH } from '../../domain/lines/beneficiaires.js';
import {
  attachmentName,
  DOCUMENT_TYPE_LABELS,
  DOCUMENT_TYPES,
  FILE_FORMATS,
  MAX_FILE_NAME_LENGTH,
  missingRequiredDocuments,
  nomenclatureOf,
  type DocumentType,
} from '../../domain/nomenclature.js';
import { ruleDependency, RULE_FIELDS } from '../../domain/rule-details.js';
import { LOGICIELS, TAUX_TVA, TYPES_DEMANDE, type Logiciel } from '../../domain/settings.js';
import { MAX_FILE_BYTES } from '../../domain/simulate.js';
import { STATUS_LABELS } from '../../domain/status-labels.js';
import { MAX_DEPTH } from '../../domain/strict-json.js';
import { UPLOAD_EXPIRY_SECONDS } from '../uploads.js';
import { EXAMPLE_FILES } from './examples.js';
import { fileFields } from './file-fields.js';

/** A rule's scope, in French. */
export const PORTEES: Record<RuleLevel, string> = {
  global: 'fichier',
  ligne: 'ligne',
  avertissement: 'avertissement',
  import: 'import',
  archive: 'archive',
  piece: 'pièce',
};

/** The limits the checks apply, by the names the page reads. */
export const LIMITES = {
  tailleMaxFichierOctets: MAX_FILE_BYTES,
  nombreMinDemandes: MIN_LINES,
  nombreMaxDemandes: MAX_LINES,
  profondeurMaxJson: MAX_DEPTH,
  longueurMaxNomClient: MAX_NAME_LENGTH,
  tailleMaxArchiveOctets: MAX_ARCHIVE_BYTES,
  tailleMaxPieceOctets: MAX_ATTACHMENT_BYTES,
  nombreMaxEntreesArchive: MAX_ENTRIES,
  tailleMaxDecompresseeOctets: MAX_UNPACKED_BYTES,
  ratioMaxCompression: MAX_RATIO,
  longueurMaxNomPiece: MAX_FILE_NAME_LENGTH,
  longueurMaxNomDepose: MAX_SUPPLIER_NAME_LENGTH,
  dureeLienTeleversementSecondes: UPLOAD_EXPIRY_SECONDS,
} as const;

// Paths relative to the API's base (the routes GET /schemas/{logiciel} and GET /documentation/exemples/{nom}).
const schemaUrl = (logiciel: Logiciel) => `/schemas/${logiciel}`;
export const exampleUrl = (nom: string) => `/documentation/exemples/${encodeURIComponent(nom)}`;

/** Names that follow the nomenclature: one per document type, with and without a number, in each logiciel and letter case. */
function nomenclatureExamples(): string[] {
  const samples: [Logiciel, DocumentType, string, string, number?][] = [
    ['DPI', 'BDC', '00001', 'pdf'],
    ['DPI', 'FAC', '00001', 'pdf', 2],
    ['PFI', 'VA', 'CMD-2024-17', 'jpg'],
    ['PFI', 'MOM', 'CMD-2024-17', 'PNG', 12],
  ];
  return samples.map(([logiciel, type, numeroEditeur, extension, n]) => attachmentName(logiciel, type, numeroEditeur, extension, n));
}

function build() {
  return {
    regles: (Object.keys(RULES) as RuleCode[]).map((code) => ({
      code,
      portee: PORTEES[RULES[code].level],
      libelle: RULES[code].label,
      champ: RULE_FIELDS[code],
      dependance: ruleDependency(code),
    })),
    champs: fileFields(),
    nomenclature: {
      types: DOCUMENT_TYPES.map((code) => ({ code, libelle: DOCUMENT_TYPE_LABELS[code] })),
      formats: [...FILE_FORMATS],
      // the nomenclature with its two variable parts left as placeholders
      modele: nomenclatureOf('<LOGICIEL>' as Logiciel, '<numeroEditeur>'),
      exemples: nomenclatureExamples(),
      piecesRequises: TYPES_DEMANDE.map((typeDemande) => ({ typeDemande, regle: missingRequiredDocuments(typeDemande, new Set()) })),
    },
    limites: LIMITES,
    etats: STATUS_LABELS,
    parametres: { logiciels: [...LOGICIELS], typesDemande: [...TYPES_DEMANDE], tauxTva: [...TAUX_TVA] },
    schemas: LOGICIELS.map((logiciel) => ({ logiciel, url: schemaUrl(logiciel) })),
    exemples: EXAMPLE_FILES.map(({ nom, logiciel }) => ({ nom, logiciel, url: exampleUrl(nom) })),
  };
}

export type Documentation = ReturnType<typeof build>;

let built: Documentation | undefined;

/** The documentation: the same for every caller, built once per process. */
export function documentation(): Documentation {
  built ??= build();
  return built;
}
