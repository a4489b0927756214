/**
 * Where objects live. Uploads bucket (`televersements`): `depots/` (a JSON file to simulate —
 * triggers `simulate`), `imports/` (a simulated file to import — triggers `commit`), `pieces/` (ZIP
 * archives — trigger `unzip`). Documents bucket, never a trigger: `fichiers/` (each file as
 * simulated), `retours/` (return files), `pieces/` (accepted attachments, under their request),
 * `exports/` (CSV exports too large for a response, downloaded through a short-lived link).
 */
const UPLOAD = /^depots\/([0-9]{14})\/([0-9]{1,12})\/fichier\.json$/;
const ARCHIVE = /^pieces\/([0-9]{14})\/([0-9]{1,12})\/([0-9]{1,12})\.zip$/;
const IMPORT = /^imports\/([0-9]{14})\/([0-9]{1,12})\/fichier\.json$/;

export const UPLOAD_PREFIX = 'depots/';
/** An attachments archive (≤ 20 MB) triggers `unzip`. */
export const ARCHIVE_PREFIX = 'pieces/';
/** A simulated file copied here by `POST /imports/{id}/importer` triggers `commit`. */
export const IMPORT_PREFIX = 'imports/';

/** The supplier and import an object of the uploads bucket belongs to. */
export interface ImportOwner {
  siret: string;
  identifiant: number;
}

export function uploadKey(siret: string, identifiant: number): string {
  return `depots/${siret}/${identifiant}/fichier.json`;
}

/** The supplier and import an uploaded key belongs to, or undefined for a key the service did not hand out. */
export function readUploadKey(key: string): ImportOwner | undefined {
  const m = UPLOAD.exec(key);
  return m ? { siret: m[1]!, identifiant: Number(m[2]) } : undefined;
}

export function importKey(siret: string, identifiant: number): string {
  return `imports/${siret}/${identifiant}/fichier.json`;
}

export function readImportKey(key: string): ImportOwner | undefined {
  const m = IMPORT.exec(key);
  return m ? { siret: m[1]!, identifiant: Number(m[2]) } : undefined;
}

export function archiveKey(siret: string, identifiantImport: number, identifiant: number): string {
  return `pieces/${siret}/${identifiantImport}/${identifiant}.zip`;
}

export function readArchiveKey(key: string): { siret: string; identifiantImport: number; identifiant: number } | undefined {
  const m = ARCHIVE.exec(key);
  return m ? { siret: m[1]!, identifiantImport: Number(m[2]), identifiant: Number(m[3]) } : undefined;
}

/** The import any key of the uploads bucket belongs to (for log keys), or undefined. */
export function ownerOfKey(key: string): ImportOwner | undefined {
  const archive = readArchiveKey(key);
  return readUploadKey(key) ?? readImportKey(key) ?? (archive && { siret: archive.siret, identifiant: archive.identifiantImport });
}

/**
 * Where an accepted attachment is kept (documents bucket): under the archive that brought it, then
 * its request. Each archive writes only under its own folder, so that its verdict alone decides
 * what it brought (received-documents.ts); a refused archive's folder is emptied.
 */
export function attachmentKey(siret: string, identifiantImport: number, archive: number, numeroDossier: string, nomFichier: string): string {
  return `${archiveDocumentsFolder(siret, identifiantImport, archive)}${numeroDossier}/${nomFichier}`;
}

/** The folder of the documents bucket where an archive's accepted files are written. */
export function archiveDocumentsFolder(siret: string, identifiantImport: number, archive: number): string {
  return `pieces/${siret}/${identifiantImport}/${archive}/`;
}

/** Each simulation attempt writes under its own name, so a late attempt never overwrites the one recorded. */
export function simulatedFileKey(siret: string, identifiant: number, attempt: string): string {
  return `fichiers/${siret}/${identifiant}/${attempt}.json`;
}

export function returnFileKey(siret: string, identifiant: number, attempt: string): string {
  return `retours/${siret}/${identifiant}/${attempt}.json`;
}

/** Large CSV exports (documents bucket), one supplier's under its own folder. */
export const EXPORT_PREFIX = 'exports/';

/** Where one large export is written for its short-lived link: a fresh name each time. */
export function exportKey(siret: string, exportId: string): string {
  return `${EXPORT_PREFIX}${siret}/${exportId}.csv`;
}
