/**
 * Where objects live. Uploads bucket: `depots/` (a JSON file to simulate — triggers `simulate`),
 * `imports/` (a simulated file to import — triggers `commit`).
 * Documents bucket, never a trigger: `fichiers/` (each file as simulated), `retours/` (return files).
 */
const UPLOAD = /^depots\/([0-9]{14})\/([0-9]{1,12})\/fichier\.json$/;
const IMPORT = /^imports\/([0-9]{14})\/([0-9]{1,12})\/fichier\.json$/;

export const UPLOAD_PREFIX = 'depots/';
/** A simulated file copied here by `POST /imports/{id}/importer` triggers `commit`. */
export const IMPORT_PREFIX = 'imports/';

export function uploadKey(siret: string, identifiant: number): string {
  return `depots/${siret}/${identifiant}/fichier.json`;
}

/** The supplier and import an uploaded key belongs to, or undefined for a key the service did not hand out. */
export function readUploadKey(key: string): { siret: string; identifiant: number } | undefined {
  const m = UPLOAD.exec(key);
  return m ? { siret: m[1]!, identifiant: Number(m[2]) } : undefined;
}

export function importKey(siret: string, identifiant: number): string {
  return `imports/${siret}/${identifiant}/fichier.json`;
}

export function readImportKey(key: string): { siret: string; identifiant: number } | undefined {
  const m = IMPORT.exec(key);
  return m ? { siret: m[1]!, identifiant: Number(m[2]) } : undefined;
}

/** Each simulation attempt writes under its own name, so a late attempt never overwrites the one recorded. */
export function simulatedFileKey(siret: string, identifiant: number, attempt: string): string {
  return `fichiers/${siret}/${identifiant}/${attempt}.json`;
}

export function returnFileKey(siret: string, identifiant: number, attempt: string): string {
  return `retours/${siret}/${identifiant}/${attempt}.json`;
}

/** An S3 event's key as AWS sends it (URL-encoded, space as +) back to the object's key. */
export function decodeEventKey(key: string): string {
  return decodeURIComponent(key.replace(/\+/g, ' '));
}
