/**
 * Why an archive could not be read, in French for the supplier: the ZIP library (yauzl) and zlib
 * explain themselves in English, and their wording is no contract. Each known failure is named in
 * plain words; anything else is "structure non reconnue".
 */
const FAILURES: readonly [RegExp, string][] = [
  [/end of central directory record signature not found/i, "la fin de l'archive est introuvable : ce n'est pas un fichier ZIP, ou il est tronqué"],
  [/invalid comment length/i, "des octets inattendus suivent la fin de l'archive"],
  [/zip64/i, 'ses informations ZIP64 sont incohérentes'],
  [/multi-disk/i, "c'est une archive en plusieurs volumes, non acceptée"],
  [/central directory file header signature/i, 'son répertoire central est endommagé'],
  [/local file header signature/i, "l'en-tête d'un fichier est endommagé"],
  [/overflows file bounds|unexpected eof|not enough bytes|unexpected end of file/i, 'elle est tronquée'],
  [/too many bytes/i, "un fichier contient plus d'octets qu'annoncé"],
  [/size mismatch/i, "la taille d'un fichier est incohérente"],
  [/extra field/i, "les informations complémentaires d'un fichier sont endommagées"],
  [/unsupported compression method/i, "une méthode de compression n'est pas prise en charge"],
  [/strong encryption/i, "un chiffrement n'est pas pris en charge"],
  [/invalid characters in filename|absolute path|invalid relative path/i, 'un nom de fichier est invalide'],
  [/zip file too large/i, "l'archive est trop grande"],
  [/invalid|incorrect|too far back|header check|block type|code lengths|stored block/i, 'des données compressées sont corrompues'],
];

export function zipFailureInFrench(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return FAILURES.find(([pattern]) => pattern.test(message))?.[1] ?? 'structure non reconnue';
}
