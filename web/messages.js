/**
 * French for the messages the page did not write. The service's messages are French, but the
 * archive verdicts (PJ-02) may carry, in parentheses, the English detail of the ZIP library
 * the service uses: known details are translated, any other English detail is replaced by a
 * neutral French one.
 */
const ZIP_DETAILS = [
  [/^End of central directory record signature not found/i, "fin de l'archive introuvable : ce n'est pas un fichier ZIP, ou il est tronqué"],
  [/^Invalid comment length/i, "longueur de commentaire incorrecte : des octets en trop à la fin de l'archive"],
  [/^invalid central directory file header signature/i, 'répertoire central endommagé'],
  [/^invalid local file header signature/i, "en-tête de fichier endommagé"],
  [/^invalid zip64 end of central directory record signature/i, "fin d'archive ZIP64 endommagée"],
  [/^multi-disk zip files are not supported/i, "archive en plusieurs volumes, non prise en charge"],
  [/^file data overflows file bounds/i, "données d'un fichier au-delà de la fin de l'archive"],
  [/^extra field length exceeds/i, 'champ supplémentaire endommagé'],
  [/^unexpected EOF/i, "fin de l'archive inattendue : elle est tronquée"],
  [/^unsupported compression method/i, 'méthode de compression non prise en charge'],
  [/^strong encryption is not supported/i, 'chiffrement non pris en charge'],
  [/^zip file too large/i, 'archive trop grande'],
  [/^zip64 extended information/i, 'informations ZIP64 incomplètes'],
  [/^(invalid (stored|distance|code|block)|incorrect header check|unexpected end of file|too many length)/i, 'données compressées endommagées'],
];

/** An English-looking detail: ASCII letters only, with common English words. */
const ENGLISH = /^[\x20-\x7e]+$/;
const ENGLISH_WORDS = /\b(the|is|not|invalid|found|error|file|zip|data|unexpected|expected|signature|unsupported|header|bounds|length)\b/i;

function frenchDetail(detail) {
  for (const [pattern, french] of ZIP_DETAILS) if (pattern.test(detail)) return french;
  if (ENGLISH.test(detail) && ENGLISH_WORDS.test(detail)) return 'détail technique non traduit';
  return detail;
}

/** The message with any parenthesised English detail put into French. */
export function frenchMessage(message) {
  return String(message ?? '').replace(/\(([^()]*)\)/g, (whole, detail) => `(${frenchDetail(detail)})`);
}
