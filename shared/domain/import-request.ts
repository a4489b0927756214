import { isNumeroAnsFormat } from './identifiers.js';
import { TAUX_TVA, TYPES_DEMANDE, type TauxTva, type TypeDemande } from './settings.js';

/** What a supplier asks for when creating an import (SPEC §8, `POST /imports`). */
export interface ImportRequest {
  numeroAns: string;
  typeDemande: TypeDemande;
  tauxTva: TauxTva;
  nomFichier: string;
}

/** SPEC §7: a name given by the supplier is at most 255 characters. */
export const MAX_SUPPLIER_NAME_LENGTH = 255;
// SPEC §7: no control character (C0, DEL, C1) nor bidirectional override or isolate (a name reversed on screen).
const CONTROL_OR_BIDI = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;
// No path separators either: the name is shown and used for the return file's name.
const SEPARATOR = /[/\\]/;

/**
 * The French reason a name given by the supplier (`nomFichier`, `nomArchive`) is refused, naming
 * the field, or undefined when it is acceptable.
 */
function nameRefusal(field: string, nom: unknown, extension: string, what: string): string | undefined {
  if (typeof nom !== 'string' || nom.trim() === '') return `${field} doit être le nom ${what}`;
  const forbidden = CONTROL_OR_BIDI.exec(nom);
  if (forbidden) {
    const code = forbidden[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    return `${field} ne doit contenir ni caractère de contrôle ni caractère de changement de sens d'écriture (U+${code} trouvé en position ${[...nom.slice(0, forbidden.index)].length + 1})`;
  }
  const length = [...nom].length;
  if (length > MAX_SUPPLIER_NAME_LENGTH) return `${field} compte ${length} caractères, ${MAX_SUPPLIER_NAME_LENGTH} au plus`;
  if (SEPARATOR.test(nom)) return `${field} ne doit contenir ni « / » ni « \\ »`;
  if (!nom.toLowerCase().endsWith(extension)) return `${field} doit se terminer par ${extension}`;
  return undefined;
}

/** Reads the body of `POST /imports`; returns the French reasons when it is not acceptable. */
export function readImportRequest(body: unknown): { ok: true; value: ImportRequest } | { ok: false; reasons: string[] } {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return { ok: false, reasons: ['le corps de la requête doit être un objet JSON {numeroAns, typeDemande, tauxTva, nomFichier}'] };
  }
  const b = body as Record<string, unknown>;
  const reasons: string[] = [];
  for (const key of Object.keys(b)) {
    if (!['numeroAns', 'typeDemande', 'tauxTva', 'nomFichier'].includes(key)) reasons.push(`le champ « ${key} » n'est pas attendu`);
  }
  if (!isNumeroAnsFormat(b.numeroAns)) reasons.push('numeroAns doit compter 10 caractères parmi A-Z, a-z et 0-9');
  if (!(TYPES_DEMANDE as readonly unknown[]).includes(b.typeDemande)) reasons.push('typeDemande doit valoir "AVANCE" ou "SOLDE"');
  if (!(TAUX_TVA as readonly unknown[]).includes(b.tauxTva)) reasons.push('tauxTva doit être le nombre 20, 8.5 ou 0');
  const refused = nameRefusal('nomFichier', b.nomFichier, '.json', 'du fichier JSON déposé');
  if (refused) reasons.push(refused);
  if (reasons.length > 0) return { ok: false, reasons };
  return { ok: true, value: b as unknown as ImportRequest };
}

/** Reads the body of `POST /imports/{id}/pieces-jointes`: `{nomArchive}`, a .zip file name. */
export function readArchiveRequest(body: unknown): { ok: true; nomArchive: string } | { ok: false; reasons: string[] } {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return { ok: false, reasons: ['le corps de la requête doit être un objet JSON {nomArchive}'] };
  const b = body as Record<string, unknown>;
  const reasons = Object.keys(b).filter((k) => k !== 'nomArchive').map((k) => `le champ « ${k} » n'est pas attendu`);
  const refused = nameRefusal('nomArchive', b.nomArchive, '.zip', "de l'archive déposée");
  if (refused) reasons.push(refused);
  return reasons.length > 0 ? { ok: false, reasons } : { ok: true, nomArchive: b.nomArchive as string };
}

/** The return file's name: `<nomFichier sans .json>-retour.json` (SPEC §5). */
export function returnFileName(nomFichier: string): string {
  return `${nomFichier.replace(/\.json$/i, '')}-retour.json`;
}
