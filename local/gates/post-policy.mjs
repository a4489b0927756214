// The browser-form POST upload as S3 verifies it (SigV4):
// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-HTTPPOSTConstructPolicy.html
// The policy's signature with the local secret, its expiration, every condition, and no field
// that no condition covers. Returns what to store, or the S3 error to answer.
import { ALGORITHM, hmacHex, parseAmzDate, parseCredential, sameSignature, signingKey } from './sigv4.mjs';

/** Fields S3 does not require a condition for. */
const EXEMPT = new Set(['x-amz-signature', 'file', 'policy']);
/** Fields that describe the signature, not the object: never forwarded to the emulator. */
const SIGNATURE_FIELDS = new Set(['policy', 'x-amz-signature', 'x-amz-algorithm', 'x-amz-credential', 'x-amz-date', 'x-amz-security-token', 'bucket', 'key']);
const FIELD_NAME = /^[A-Za-z0-9_.-]{1,128}$/;

const error = (status, code, message, extra = {}) => ({ ok: false, status, code, message, extra });
const accessDenied = (why) => error(403, 'AccessDenied', `Refusé par la politique de téléversement : ${why}`);

/**
 * parts: the parsed multipart parts; bucket: the bucket of the URL. Returns
 * { ok: true, key, fields: [[name, value]], file } or { ok: false, status, code, message, extra }.
 */
export function verifyPostForm(parts, bucket, { credentials, region, now, checkKey }) {
  // S3 reads the fields up to the file and ignores whatever follows it
  const fileIndex = parts.findIndex((p) => p.name.toLowerCase() === 'file');
  if (fileIndex < 0) return error(400, 'InvalidArgument', 'un téléversement POST porte exactement un fichier, dans le champ « file »');
  const file = parts[fileIndex];
  const fields = new Map();
  for (const part of parts.slice(0, fileIndex)) {
    if (!FIELD_NAME.test(part.name)) return error(400, 'InvalidArgument', `nom de champ invalide : « ${part.name} »`);
    const name = part.name.toLowerCase();
    if (fields.has(name)) return error(400, 'InvalidArgument', `le champ « ${part.name} » apparaît deux fois`);
    fields.set(name, part.data.toString('utf8'));
  }

  const key = fields.get('key');
  if (key === undefined) return error(400, 'InvalidArgument', 'le formulaire doit porter un champ « key » avant le fichier');
  if (key === '') return error(400, 'InvalidArgument', 'la clé de l’objet ne peut être vide');
  // S3 replaces ${filename} by the name of the file sent; the result must be a safe key
  const finalKey = key.replaceAll('${filename}', file.filename ?? '');
  const unsafe = checkKey(finalKey);
  if (unsafe) return unsafe;

  if (fields.has('awsaccesskeyid') || fields.has('signature')) {
    return error(400, 'InvalidRequest', `signature V2 refusée : cette région n'accepte que ${ALGORITHM}`);
  }
  const policyB64 = fields.get('policy');
  // no policy: an anonymous upload, which a bucket without public write refuses
  if (policyB64 === undefined) return error(403, 'AccessDenied', 'Accès refusé : téléversement anonyme (le formulaire ne porte pas de politique signée)');
  for (const name of ['x-amz-algorithm', 'x-amz-credential', 'x-amz-date', 'x-amz-signature']) {
    if (!fields.has(name)) return error(400, 'InvalidArgument', `le formulaire doit porter le champ « ${name} »`);
  }
  if (fields.get('x-amz-algorithm') !== ALGORITHM) return error(400, 'InvalidArgument', `X-Amz-Algorithm : seul ${ALGORITHM} est accepté`);
  const amzDate = fields.get('x-amz-date');
  if (!parseAmzDate(amzDate)) return error(400, 'InvalidArgument', 'X-Amz-Date doit suivre la forme AAAAMMJJTHHMMSSZ');
  const credential = parseCredential(fields.get('x-amz-credential'));
  if (!credential) return error(400, 'InvalidArgument', 'X-Amz-Credential doit suivre la forme <clé>/<AAAAMMJJ>/<région>/s3/aws4_request');
  if (credential.shortDate !== amzDate.slice(0, 8)) return error(400, 'InvalidArgument', 'la date de X-Amz-Credential n’est pas celle de X-Amz-Date');
  if (credential.region !== region) return error(400, 'InvalidArgument', `X-Amz-Credential : la région « ${credential.region} » est erronée ; attendue : « ${region} »`);
  if (credential.service !== 's3' || credential.terminator !== 'aws4_request') return error(400, 'InvalidArgument', 'X-Amz-Credential doit se terminer par /s3/aws4_request');
  if (credential.accessKeyId !== credentials.accessKeyId) return error(403, 'InvalidAccessKeyId', `la clé d'accès « ${credential.accessKeyId} » est inconnue`);

  const expected = hmacHex(signingKey(credentials.secretAccessKey, credential.shortDate, credential.region, 's3'), policyB64);
  if (!sameSignature(expected, fields.get('x-amz-signature'))) {
    return error(403, 'SignatureDoesNotMatch', 'la signature de la politique ne correspond pas : la politique ou la signature a été modifiée');
  }

  const policy = decodePolicy(policyB64);
  if (typeof policy === 'string') return error(400, 'InvalidPolicyDocument', `politique invalide : ${policy}`);
  if (now.getTime() >= policy.expiration.getTime()) return accessDenied(`la politique a expiré (${policy.expirationText})`);

  // the value each condition applies to: the form's fields, the bucket of the URL
  const valueOf = (name) => (name === 'bucket' ? bucket : fields.get(name));
  if (fields.has('bucket') && fields.get('bucket') !== bucket) return accessDenied(`le champ « bucket » ne désigne pas le compartiment de l'URL`);
  const covered = new Set();
  let range;
  for (const condition of policy.conditions) {
    if (condition.op === 'content-length-range') {
      range = condition;
      continue;
    }
    covered.add(condition.field);
    const value = valueOf(condition.field);
    const holds =
      value !== undefined &&
      (condition.op === 'eq'
        ? value === condition.value
        : condition.field === 'content-type'
          ? value.split(',').every((v) => v.trim().startsWith(condition.value))
          : value.startsWith(condition.value));
    if (!holds) return accessDenied(`la condition ${JSON.stringify(condition.source)} n'est pas remplie`);
  }
  const extra = [...fields.keys()].filter((name) => !EXEMPT.has(name) && !name.startsWith('x-ignore-') && !covered.has(name));
  if (extra.length > 0) return accessDenied(`champs non couverts par la politique : ${extra.join(', ')}`);
  if (range) {
    const size = file.data.length;
    if (size > range.max) return error(400, 'EntityTooLarge', `le fichier (${size} octets) dépasse la taille permise (${range.max} octets)`, { ProposedSize: size, MaxSizeAllowed: range.max });
    if (size < range.min) return error(400, 'EntityTooSmall', `le fichier (${size} octets) est plus petit que la taille minimale (${range.min} octets)`, { ProposedSize: size, MinSizeAllowed: range.min });
  }

  const forwarded = [['key', finalKey]];
  for (const [name, value] of fields) if (!SIGNATURE_FIELDS.has(name) && !name.startsWith('x-ignore-')) forwarded.push([name, value]);
  return { ok: true, key: finalKey, fields: forwarded, file: file.data };
}

/** The policy document, or why it is invalid. */
function decodePolicy(b64) {
  if (b64.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) return "la politique n'est pas en base64";
  let doc;
  try {
    doc = JSON.parse(Buffer.from(b64, 'base64').toString('utf8'));
  } catch {
    return "la politique n'est pas un JSON valide";
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return 'la politique doit être un objet';
  if (typeof doc.expiration !== 'string') return 'la politique ne porte pas d’« expiration »';
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/.test(doc.expiration) || Number.isNaN(Date.parse(doc.expiration))) {
    return `« expiration » invalide : ${doc.expiration}`;
  }
  if (!Array.isArray(doc.conditions)) return 'la politique ne porte pas de « conditions »';
  const conditions = [];
  for (const source of doc.conditions) {
    const condition = readCondition(source);
    if (!condition) return `condition invalide : ${JSON.stringify(source)}`;
    conditions.push(condition);
  }
  return { expiration: new Date(doc.expiration), expirationText: doc.expiration, conditions };
}

function readCondition(source) {
  if (Array.isArray(source)) {
    const op = typeof source[0] === 'string' ? source[0].toLowerCase() : undefined;
    if (op === 'content-length-range') {
      const [, min, max] = source;
      if (source.length !== 3 || !Number.isSafeInteger(min) || !Number.isSafeInteger(max) || min < 0 || max < min) return undefined;
      return { op, min, max, source };
    }
    if ((op === 'eq' || op === 'starts-with') && source.length === 3 && typeof source[1] === 'string' && source[1].startsWith('$') && typeof source[2] === 'string') {
      return { op, field: source[1].slice(1).toLowerCase(), value: source[2], source };
    }
    return undefined;
  }
  if (source !== null && typeof source === 'object') {
    const entries = Object.entries(source);
    if (entries.length !== 1 || typeof entries[0][1] !== 'string') return undefined;
    return { op: 'eq', field: entries[0][0].toLowerCase(), value: entries[0][1], source };
  }
  return undefined;
}
