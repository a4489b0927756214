import type { Logiciel, TypeDemande } from './settings.js';

/** Attachment naming, SPEC §3: `HOP-<LOGICIEL>-Va2-<TYPE>-<numeroEditeur>[-<n>].<ext>`. */

export const DOCUMENT_TYPES = ['BDC', 'FAC', 'VA', 'MOM'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

export const DOCUMENT_TYPE_LABELS: Record<DocumentType, string> = {
  BDC: 'bon de commande',
  FAC: 'facture',
  VA: "procès-verbal de vérification d'aptitude",
  MOM: 'mise en ordre de marche',
};

export const FILE_FORMATS = ['PDF', 'JPG', 'PNG'] as const;
export type FileFormat = (typeof FILE_FORMATS)[number];

export const MAX_FILE_NAME_LENGTH = 100;

const EXTENSION = /\.(pdf|jpg|png)$/i;
const SUFFIX = /^(?:-([1-9][0-9]?))?\.(pdf|jpg|png)$/i;

/** The attachment's format by its extension, any letter case; undefined for any other extension. */
export function formatOfName(name: string): FileFormat | undefined {
  const m = EXTENSION.exec(name);
  return m ? (m[1]!.toUpperCase() as FileFormat) : undefined;
}

export interface AttachmentName {
  type: DocumentType;
  format: FileFormat;
}

function stemOf(logiciel: Logiciel, type: DocumentType, numeroEditeur: string): string {
  return `HOP-${logiciel}-Va2-${type}-${numeroEditeur}`;
}

/** A name that follows the nomenclature; `n` numbers several files of one type (1 to 99). */
export function attachmentName(logiciel: Logiciel, type: DocumentType, numeroEditeur: string, extension: string, n?: number): string {
  return `${stemOf(logiciel, type, numeroEditeur)}${n === undefined ? '' : `-${n}`}.${extension}`;
}

/** Reads a name against the nomenclature for one solution's logiciel and one line's numeroEditeur. */
export function readAttachmentName(name: string, logiciel: Logiciel, numeroEditeur: string): AttachmentName | undefined {
  for (const type of DOCUMENT_TYPES) {
    const stem = stemOf(logiciel, type, numeroEditeur);
    if (!name.startsWith(stem)) continue;
    const m = SUFFIX.exec(name.slice(stem.length));
    if (m) return { type, format: m[2]!.toUpperCase() as FileFormat };
  }
  return undefined;
}

/** The nomenclature written out for a message. */
export function nomenclatureOf(logiciel: Logiciel, numeroEditeur: string): string {
  return `HOP-${logiciel}-Va2-<BDC|FAC|VA|MOM>-${numeroEditeur}[-<n>].<pdf|jpg|png>`;
}

/** What a request type needs among its documents, in French, or undefined when all are there. */
export function missingRequiredDocuments(typeDemande: TypeDemande, types: ReadonlySet<DocumentType>): string | undefined {
  if (typeDemande === 'AVANCE') {
    return types.has('BDC') ? undefined : 'une demande AVANCE requiert au moins un bon de commande (BDC)';
  }
  const missing: string[] = [];
  if (!types.has('FAC')) missing.push('au moins une facture (FAC)');
  if (!types.has('VA') && !types.has('MOM')) {
    missing.push("au moins un procès-verbal de vérification d'aptitude (VA) ou de mise en ordre de marche (MOM)");
  }
  return missing.length === 0 ? undefined : `une demande SOLDE requiert ${missing.join(' et ')}`;
}
