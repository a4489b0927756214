import { isNumeroAnsFormat } from './identifiers.js';
import { TAUX_TVA, TYPES_DEMANDE, type TauxTva, type TypeDemande } from './settings.js';

/** What a supplier asks for when creating an import (SPEC §8, `POST /imports`). */
export interface ImportRequest {
  numeroAns: string;
  typeDemande: TypeDemande;
  tauxTva: TauxTva;
  nomFichier: string;
}

const MAX_FILE_NAME = 200;
// No path separators, no control characters: the name is shown and used for the return file's name.
const FORBIDDEN_IN_NAME = /[/\\\u0000-\u001f\u007f]/;

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
  const nom = b.nomFichier;
  if (typeof nom !== 'string' || nom.trim() === '') reasons.push('nomFichier doit être le nom du fichier JSON déposé');
  else if (!nom.toLowerCase().endsWith('.json')) reasons.push('nomFichier doit se terminer par .json');
  else if (nom.length > MAX_FILE_NAME) reasons.push(`nomFichier compte au plus ${MAX_FILE_NAME} caractères`);
  else if (FORBIDDEN_IN_NAME.test(nom)) reasons.push('nomFichier ne doit contenir ni « / », ni « \\ », ni caractère de contrôle');
  if (reasons.length > 0) return { ok: false, reasons };
  return { ok: true, value: b as unknown as ImportRequest };
}

/** Reads the body of `POST /imports/{id}/pieces-jointes`: `{nomArchive}`, a .zip file name. */
export function readArchiveRequest(body: unknown): { ok: true; nomArchive: string } | { ok: false; reasons: string[] } {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return { ok: false, reasons: ['le corps de la requête doit être un objet JSON {nomArchive}'] };
  const b = body as Record<string, unknown>;
  const reasons = Object.keys(b).filter((k) => k !== 'nomArchive').map((k) => `le champ « ${k} » n'est pas attendu`);
  const nom = b.nomArchive;
  if (typeof nom !== 'string' || nom.trim() === '') reasons.push("nomArchive doit être le nom de l'archive déposée");
  else if (!nom.toLowerCase().endsWith('.zip')) reasons.push('nomArchive doit se terminer par .zip');
  else if (nom.length > MAX_FILE_NAME) reasons.push(`nomArchive compte au plus ${MAX_FILE_NAME} caractères`);
  else if (FORBIDDEN_IN_NAME.test(nom)) reasons.push('nomArchive ne doit contenir ni « / », ni « \\ », ni caractère de contrôle');
  return reasons.length > 0 ? { ok: false, reasons } : { ok: true, nomArchive: nom as string };
}

/** The return file's name: `<nomFichier sans .json>-retour.json` (SPEC §5). */
export function returnFileName(nomFichier: string): string {
  return `${nomFichier.replace(/\.json$/i, '')}-retour.json`;
}
