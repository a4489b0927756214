// Signature Version 4 as AWS verifies it, for the local stack's gates (plain JavaScript: the
// emulators' worker has no TypeScript loader). Only node:crypto.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const ALGORITHM = 'AWS4-HMAC-SHA256';
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
/** How far a header-signed request's date may be from the server's clock (as AWS). */
export const MAX_SKEW_MS = 15 * 60 * 1000;
/** The longest a presigned URL may live (as AWS: 7 days). */
export const MAX_PRESIGNED_SECONDS = 604800;

export const sha256Hex = (data) => createHash('sha256').update(data).digest('hex');
const hmac = (key, text) => createHmac('sha256', key).update(text, 'utf8').digest();

/** The SigV4 signing key of a secret for one day, region and service. */
export function signingKey(secret, shortDate, region, service) {
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, shortDate), region), service), 'aws4_request');
}

export const hmacHex = (key, text) => createHmac('sha256', key).update(text, 'utf8').digest('hex');

/** Compares two signatures without telling by its timing how much of them matched. */
export function sameSignature(expected, provided) {
  if (typeof provided !== 'string' || !/^[0-9a-f]{64}$/.test(provided)) return false;
  return timingSafeEqual(Buffer.from(expected, 'ascii'), Buffer.from(provided, 'ascii'));
}

/** RFC 3986 encoding as SigV4 wants it: every byte but A-Z a-z 0-9 - _ . ~ escaped. */
export function uriEncode(text) {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** `20240102T030405Z` to a Date, or undefined. */
export function parseAmzDate(text) {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text ?? '');
  if (!m) return undefined;
  const date = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
  return `${date.toISOString().slice(0, 19).replace(/[-:]/g, '')}Z` === text ? date : undefined;
}

/**
 * A raw query string as ordered [name, value] pairs, percent-decoded (throws URIError on a
 * malformed escape). `+` stays `+`: the SDKs encode a space as %20.
 */
export function parseQuery(rawQuery) {
  const pairs = [];
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? '' : part.slice(eq + 1);
    pairs.push([decodeURIComponent(name), decodeURIComponent(value)]);
  }
  return pairs;
}

/** The canonical query string of the pairs (without `X-Amz-Signature` for a presigned request). */
export function canonicalQuery(pairs, presigned) {
  return pairs
    .filter(([name]) => !(presigned && name === 'X-Amz-Signature'))
    .map(([name, value]) => [uriEncode(name), uriEncode(value)])
    .sort(([n1, v1], [n2, v2]) => (n1 < n2 ? -1 : n1 > n2 ? 1 : v1 < v2 ? -1 : v1 > v2 ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

/**
 * The canonical URI of a raw path. S3 signs the path as sent, each segment encoded once; the
 * other services encode the (already encoded) path once more.
 */
export function canonicalUri(rawPath, service) {
  const segments = rawPath.split('/').map((segment) => uriEncode(decodeURIComponent(segment)));
  const once = segments.join('/');
  return service === 's3' ? once : once.split('/').map(uriEncode).join('/');
}

/** The request's headers by lower-case name, every value of a repeated header kept in order. */
export function headerValues(rawHeaders) {
  const values = new Map();
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i].toLowerCase();
    if (!values.has(name)) values.set(name, []);
    values.get(name).push(rawHeaders[i + 1]);
  }
  return values;
}

/** `Credential` (`AKID/20240102/eu-west-3/s3/aws4_request`) split, or undefined when malformed. */
export function parseCredential(text) {
  const parts = (text ?? '').split('/');
  if (parts.length !== 5 || parts.some((p) => p === '')) return undefined;
  const [accessKeyId, shortDate, region, service, terminator] = parts;
  return { accessKeyId, shortDate, region, service, terminator };
}

/**
 * `AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...` to its three parts, or
 * undefined when malformed.
 */
export function parseAuthorization(header) {
  if (!header.startsWith(`${ALGORITHM} `)) return undefined;
  const parts = new Map();
  for (const component of header.slice(ALGORITHM.length + 1).split(',')) {
    const trimmed = component.trim();
    const eq = trimmed.indexOf('=');
    if (eq <= 0) return undefined;
    const name = trimmed.slice(0, eq);
    if (parts.has(name)) return undefined;
    parts.set(name, trimmed.slice(eq + 1));
  }
  if (parts.size !== 3 || !parts.has('Credential') || !parts.has('SignedHeaders') || !parts.has('Signature')) return undefined;
  return { credential: parts.get('Credential'), signedHeaders: parts.get('SignedHeaders'), signature: parts.get('Signature') };
}

/**
 * Verifies a SigV4-signed request (Authorization header or presigned query) against the local
 * credentials. `request`: { method, rawPath, rawQuery, rawHeaders }. `payloadHash(presigned)`
 * gives the hash to put in the canonical request. Returns { ok: true } or
 * { ok: false, reason, message } where reason is one of: missing, malformed, scope, unknown-key,
 * unsigned-header, skewed, expired, not-yet-valid, mismatch.
 */
export function verifySignature(request, { credentials, region, service, now, payloadHash }) {
  const headers = headerValues(request.rawHeaders);
  const query = parseQuery(request.rawQuery);
  const queryValue = (name) => {
    const found = query.filter(([n]) => n === name);
    return found.length === 1 ? found[0][1] : undefined;
  };
  const authorization = headers.get('authorization');
  const presigned = query.some(([n]) => n === 'X-Amz-Algorithm');

  let credentialText;
  let signedHeadersText;
  let signature;
  let amzDateText;
  let expiresSeconds;
  if (authorization) {
    if (authorization.length !== 1) return fail('malformed', "plusieurs en-têtes Authorization");
    const parsed = parseAuthorization(authorization[0]);
    if (!parsed) return fail('malformed', "l'en-tête Authorization doit suivre la forme « AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=… »");
    ({ credential: credentialText, signedHeaders: signedHeadersText, signature } = parsed);
    const amzDate = headers.get('x-amz-date');
    amzDateText = amzDate?.length === 1 ? amzDate[0] : undefined;
    if (amzDateText === undefined) return fail('malformed', "l'en-tête X-Amz-Date (AAAAMMJJTHHMMSSZ) est obligatoire");
  } else if (presigned) {
    for (const name of ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Expires', 'X-Amz-SignedHeaders', 'X-Amz-Signature']) {
      if (queryValue(name) === undefined) {
        return fail('malformed', "une URL présignée porte une et une seule fois X-Amz-Algorithm, X-Amz-Credential, X-Amz-Date, X-Amz-Expires, X-Amz-SignedHeaders et X-Amz-Signature");
      }
    }
    if (queryValue('X-Amz-Algorithm') !== ALGORITHM) return fail('malformed', `X-Amz-Algorithm : seul ${ALGORITHM} est accepté`);
    credentialText = queryValue('X-Amz-Credential');
    signedHeadersText = queryValue('X-Amz-SignedHeaders');
    signature = queryValue('X-Amz-Signature');
    amzDateText = queryValue('X-Amz-Date');
    const expires = queryValue('X-Amz-Expires');
    if (!/^\d{1,9}$/.test(expires)) return fail('malformed', 'X-Amz-Expires doit être un nombre entier de secondes');
    expiresSeconds = Number(expires);
    if (expiresSeconds > MAX_PRESIGNED_SECONDS) return fail('malformed', `X-Amz-Expires ne peut dépasser ${MAX_PRESIGNED_SECONDS} secondes (7 jours)`);
  } else {
    return fail('missing', 'requête non signée');
  }

  const amzDate = parseAmzDate(amzDateText);
  if (!amzDate) return fail('malformed', 'X-Amz-Date doit suivre la forme AAAAMMJJTHHMMSSZ');
  const credential = parseCredential(credentialText);
  if (!credential) return fail('malformed', 'Credential doit suivre la forme <clé>/<AAAAMMJJ>/<région>/<service>/aws4_request');
  if (credential.shortDate !== amzDateText.slice(0, 8)) return fail('scope', `la date de Credential (${credential.shortDate}) n'est pas celle de X-Amz-Date (${amzDateText})`);
  if (credential.region !== region) return fail('scope', `la région « ${credential.region} » est erronée ; attendue : « ${region} »`);
  if (credential.service !== service) return fail('scope', `le service « ${credential.service} » est erroné ; attendu : « ${service} »`);
  if (credential.terminator !== 'aws4_request') return fail('scope', 'Credential doit se terminer par aws4_request');
  if (credential.accessKeyId !== credentials.accessKeyId) return fail('unknown-key', `la clé d'accès « ${credential.accessKeyId} » est inconnue`);

  const signedHeaders = signedHeadersText.split(';');
  if (signedHeaders.some((h) => h === '' || h !== h.toLowerCase())) return fail('malformed', 'SignedHeaders : des noms d’en-têtes en minuscules, séparés par « ; »');
  if (!signedHeaders.includes('host')) return fail('malformed', "l'en-tête Host doit être signé");
  for (const name of signedHeaders) if (!headers.has(name)) return fail('mismatch', `l'en-tête signé « ${name} » est absent de la requête`);
  // every x-amz-* header must be signed: otherwise anyone could add one to a signed request
  for (const name of headers.keys()) {
    if (name.startsWith('x-amz-') && !signedHeaders.includes(name)) return fail('unsigned-header', `l'en-tête « ${name} » est présent sans être signé`);
  }

  const time = now.getTime();
  if (expiresSeconds === undefined) {
    if (Math.abs(time - amzDate.getTime()) > MAX_SKEW_MS) return fail('skewed', `la date de la requête (${amzDateText}) est à plus de 15 minutes de l'heure du serveur`);
  } else {
    if (time > amzDate.getTime() + expiresSeconds * 1000) return fail('expired', `l'URL présignée a expiré (signée le ${amzDateText}, valable ${expiresSeconds} s)`);
    if (amzDate.getTime() - time > MAX_SKEW_MS) return fail('not-yet-valid', `l'URL présignée n'est pas encore valable (signée pour ${amzDateText})`);
  }

  let uri;
  try {
    uri = canonicalUri(request.rawPath, service);
  } catch {
    return fail('malformed', 'chemin mal encodé');
  }
  const canonicalHeaders = signedHeaders
    .map((name) => `${name}:${headers.get(name).map((v) => v.trim().replace(/\s+/g, ' ')).join(',')}\n`)
    .join('');
  const canonicalRequest = [
    request.method,
    uri,
    canonicalQuery(query, expiresSeconds !== undefined),
    canonicalHeaders,
    signedHeadersText,
    payloadHash(expiresSeconds !== undefined),
  ].join('\n');
  const scope = `${credential.shortDate}/${credential.region}/${credential.service}/aws4_request`;
  const stringToSign = [ALGORITHM, amzDateText, scope, sha256Hex(canonicalRequest)].join('\n');
  const expected = hmacHex(signingKey(credentials.secretAccessKey, credential.shortDate, credential.region, credential.service), stringToSign);
  if (!sameSignature(expected, signature)) {
    return fail('mismatch', 'la signature calculée ne correspond pas à celle fournie : vérifiez la clé secrète et la méthode de signature');
  }
  return { ok: true, presigned: expiresSeconds !== undefined };
}

function fail(reason, message) {
  return { ok: false, reason, message };
}
