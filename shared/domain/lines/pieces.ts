import { shown } from '../issue.js';
import {
  FILE_FORMATS,
  MAX_FILE_NAME_LENGTH,
  formatOfName,
  missingRequiredDocuments,
  nomenclatureOf,
  readAttachmentName,
  type DocumentType,
} from '../nomenclature.js';
import { charLength, type LineContext, type LineReport } from './line.js';

/** A file name the line cites, for DEM-25 across the file. */
export interface CitedName {
  index: number;
  nomFichier: string;
}

/** The attachments' checks, DEM-20 to DEM-24. Returns every string `nomFichier`, for DEM-25. */
export function checkPieces(
  pieces: Record<string, unknown>[],
  numeroEditeur: string | undefined,
  report: LineReport,
  context: LineContext,
): CitedName[] {
  const { logiciel, typeDemande } = context.settings;
  if (pieces.length === 0) {
    report.error('DEM-20', 'piecesJustificatives', 'Au moins une pièce justificative est attendue (piecesJustificatives) ; la liste est vide');
  }

  const cited: CitedName[] = [];
  const types = new Set<DocumentType>();
  let allNamed = numeroEditeur !== undefined;

  pieces.forEach((piece, index) => {
    const champ = `piecesJustificatives[${index}]`;
    const nom = piece.nomFichier;
    if (typeof nom !== 'string') {
      allNamed = false;
    } else {
      cited.push({ index, nomFichier: nom });
      const length = charLength(nom);
      if (length > MAX_FILE_NAME_LENGTH) {
        report.error('DEM-21', `${champ}.nomFichier`, `Le nom de fichier (${champ}.nomFichier) compte ${length} caractères, ${MAX_FILE_NAME_LENGTH} au plus`);
        allNamed = false;
      } else if (numeroEditeur !== undefined) {
        const read = readAttachmentName(nom, logiciel, numeroEditeur);
        if (read) types.add(read.type);
        else {
          allNamed = false;
          report.error(
            'DEM-22',
            `${champ}.nomFichier`,
            `Le nom de fichier (${champ}.nomFichier) doit suivre la nomenclature ${nomenclatureOf(logiciel, numeroEditeur)} ; trouvé : ${shown(nom)}`,
          );
        }
      }
    }
    checkFormat(piece.formatFichier, nom, `${champ}.formatFichier`, report);
  });

  if (pieces.length > 0 && allNamed) {
    const missing = missingRequiredDocuments(typeDemande, types);
    if (missing) {
      const present = types.size === 0 ? 'aucune' : [...types].join(', ');
      report.error('DEM-24', 'piecesJustificatives', `Pièces requises absentes : ${missing} ; types présents : ${present}`);
    }
  }
  return cited;
}

/** DEM-23: PDF, JPG or PNG, and the extension of the name when it has one of those. */
function checkFormat(format: unknown, nom: unknown, champ: string, report: LineReport): void {
  if (typeof format !== 'string') return;
  if (!(FILE_FORMATS as readonly string[]).includes(format)) {
    report.error('DEM-23', champ, `Le format de fichier (${champ}) doit valoir PDF, JPG ou PNG (en majuscules) ; trouvé : ${shown(format)}`);
    return;
  }
  const byName = typeof nom === 'string' ? formatOfName(nom) : undefined;
  if (byName !== undefined && byName !== format) {
    report.error('DEM-23', champ, `Le format de fichier (${champ}) doit correspondre à l'extension du nom (${byName}) ; trouvé : ${shown(format)}`);
  }
}
