// The local S3's front door. s3rver emulates S3's protocol, not its security (DESIGN.md,
// "Pitfalls"): this gate answers on the public S3 port and hands a request to s3rver, in the same
// process and never through a port of its own, only once it is what S3 would accept:
// - a browser-form POST upload whose policy is signed with the local secret, not expired, and
//   whose every condition holds (post-policy.mjs); s3rver then receives the verified fields only;
// - any other request signed with SigV4 (Authorization header or presigned URL) with the local
//   credentials, its payload hash checked against its body;
// - a CORS preflight (OPTIONS), unauthenticated as in S3.
// Keys with `..` or `.` segments, backslashes or a leading `/` are refused (400): s3rver would
// write them outside its folder. Errors are S3's XML, with its codes; messages in French.
import { BodyTooLarge, ReplayedRequest, headersForBody, readBody, requestId } from './http.mjs';
import { MalformedForm, formBoundary, parseForm, writeForm } from './multipart.mjs';
import { verifyPostForm } from './post-policy.mjs';
import { UNSIGNED_PAYLOAD, parseQuery, sha256Hex, verifySignature } from './sigv4.mjs';

/** The most the gate reads of one request (S3 allows 5 GB; this machine keeps it in memory). */
export const MAX_BODY_BYTES = 128 * 1024 * 1024;

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const PAYLOAD_HASH = /^[0-9a-fA-F]{64}$/;

/**
 * The gate's request listener. emulator: s3rver's own listener (its Koa callback);
 * credentials/region: the only ones the local S3 accepts.
 */
export function createS3Gate({ emulator, credentials, region, maxBodyBytes = MAX_BODY_BYTES, now = () => new Date() }) {
  return (req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) sendError(req, res, 500, 'InternalError', 'erreur interne du S3 local', {}, { close: true });
      else res.destroy();
    });
  };

  async function handle(req, res) {
    // read first, whatever the answer: an answer sent before the body is read would reach a
    // client still sending as a reset connection
    let body;
    try {
      body = await readBody(req, maxBodyBytes);
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        return sendError(req, res, 400, 'EntityTooLarge', `le S3 local ne lit pas plus de ${maxBodyBytes} octets par requête`, { MaxSizeAllowed: maxBodyBytes }, { close: true });
      }
      throw error;
    }
    const target = parseTarget(req.url ?? '');
    if (typeof target === 'string') return sendError(req, res, 400, 'InvalidURI', target);
    const { rawPath, rawQuery, bucket, key, query } = target;
    if (bucket !== '' && (!BUCKET_NAME.test(bucket) || bucket.includes('..'))) {
      return sendError(req, res, 400, 'InvalidBucketName', `nom de compartiment invalide : « ${bucket} »`);
    }
    if (key) {
      const unsafe = keyRefusal(key);
      if (unsafe) return sendError(req, res, unsafe.status, unsafe.code, unsafe.message);
    }

    const forward = (headers, chunks) => emulator(new ReplayedRequest(req, { headers, chunks }), res);
    const host = gateHost(req);

    // a CORS preflight carries no credentials, in S3 as here
    if (req.method === 'OPTIONS') return forward(headersForBody(req, 0, { host }), []);

    const authorization = req.headers.authorization;
    const names = new Set(query.map(([name]) => name));
    const presigned = names.has('X-Amz-Algorithm');
    const v2 = names.has('Signature') || names.has('AWSAccessKeyId') || /^AWS /.test(authorization ?? '');
    if ([authorization !== undefined, presigned, names.has('Signature')].filter(Boolean).length > 1) {
      return sendError(req, res, 400, 'InvalidArgument', "un seul mode d'authentification par requête : l'en-tête Authorization ou une URL présignée");
    }
    if (v2) return sendError(req, res, 400, 'InvalidRequest', 'signature V2 refusée : ce S3, comme la région eu-west-3, n’accepte que AWS4-HMAC-SHA256');

    if (authorization === undefined && !presigned) {
      const boundary = req.method === 'POST' && bucket !== '' && key === undefined && rawQuery === '' ? safeBoundary(req.headers['content-type']) : undefined;
      if (boundary === null) return sendError(req, res, 400, 'MalformedPOSTRequest', "le corps de la requête POST n'est pas un multipart/form-data bien formé");
      if (boundary === undefined) {
        return sendError(req, res, 403, 'AccessDenied', 'Accès refusé : requête anonyme. Le S3 local, comme S3, n’accepte que les requêtes signées (SigV4) avec les identifiants locaux ou un formulaire de téléversement signé');
      }
      let parts;
      try {
        parts = parseForm(body, boundary);
      } catch (error) {
        if (error instanceof MalformedForm) return sendError(req, res, 400, 'MalformedPOSTRequest', `le corps de la requête POST n'est pas un multipart/form-data bien formé (${error.message})`);
        throw error;
      }
      const verdict = verifyPostForm(parts, bucket, { credentials, region, now: now(), checkKey: keyRefusal });
      if (!verdict.ok) return sendError(req, res, verdict.status, verdict.code, verdict.message, verdict.extra);
      const form = writeForm(verdict.fields, verdict.file);
      return forward(headersForBody(req, form.length, { host, 'content-type': form.contentType }), form.chunks);
    }

    if (authorization !== undefined && !authorization.startsWith('AWS4-HMAC-SHA256')) {
      return sendError(req, res, 400, 'InvalidArgument', "type d'autorisation non pris en charge : seul AWS4-HMAC-SHA256 est accepté");
    }
    const claimed = req.headers['x-amz-content-sha256'];
    if (authorization !== undefined && claimed === undefined) {
      return sendError(req, res, 400, 'InvalidRequest', 'en-tête obligatoire absent : x-amz-content-sha256');
    }
    if (claimed !== undefined && !PAYLOAD_HASH.test(claimed) && claimed !== UNSIGNED_PAYLOAD && !claimed.startsWith('STREAMING-')) {
      return sendError(req, res, 400, 'InvalidArgument', 'x-amz-content-sha256 doit valoir UNSIGNED-PAYLOAD, STREAMING-… ou une empreinte SHA-256');
    }
    const verdict = verifySignature(
      { method: req.method, rawPath, rawQuery, rawHeaders: req.rawHeaders },
      { credentials, region, service: 's3', now: now(), payloadHash: () => claimed ?? UNSIGNED_PAYLOAD },
    );
    if (!verdict.ok) {
      const [status, code] = SIGNATURE_ERRORS[verdict.reason] ?? [403, 'AccessDenied'];
      const malformedCode = presigned ? 'AuthorizationQueryParametersError' : 'AuthorizationHeaderMalformed';
      return sendError(req, res, status, code === 'Malformed' ? malformedCode : code, verdict.message);
    }
    if (claimed !== undefined && PAYLOAD_HASH.test(claimed) && sha256Hex(body) !== claimed.toLowerCase()) {
      return sendError(req, res, 400, 'XAmzContentSHA256Mismatch', "l'empreinte x-amz-content-sha256 ne correspond pas au corps reçu");
    }
    if (claimed?.startsWith('STREAMING-')) {
      // s3rver would store the aws-chunked framing as the object's bytes (DESIGN.md)
      return sendError(req, res, 501, 'NotImplemented', "le S3 local n'accepte pas les corps aws-chunked : créez le client S3 avec requestChecksumCalculation: 'WHEN_REQUIRED'");
    }
    const refusal = otherKeysRefusal(req, query, body);
    if (refusal) return sendError(req, res, refusal.status, refusal.code, refusal.message);
    return forward(headersForBody(req, body.length, { host }), [body]);
  }
}

const SIGNATURE_ERRORS = {
  missing: [403, 'AccessDenied'],
  malformed: [400, 'Malformed'],
  scope: [400, 'Malformed'],
  'unknown-key': [403, 'InvalidAccessKeyId'],
  'unsigned-header': [403, 'AccessDenied'],
  skewed: [403, 'RequestTimeTooSkewed'],
  expired: [403, 'AccessDenied'],
  'not-yet-valid': [403, 'AccessDenied'],
  mismatch: [403, 'SignatureDoesNotMatch'],
};

/** The request target split and decoded, or why it cannot be. */
function parseTarget(url) {
  // origin-form only, printable ASCII (anything else arrives percent-encoded)
  if (!/^\/[\x21-\x7e]*$/.test(url) || url.includes('#')) return 'URI invalide';
  const q = url.indexOf('?');
  const rawPath = q < 0 ? url : url.slice(0, q);
  const rawQuery = q < 0 ? '' : url.slice(q + 1);
  const slash = rawPath.indexOf('/', 1);
  try {
    const bucket = decodeURIComponent(slash < 0 ? rawPath.slice(1) : rawPath.slice(1, slash));
    const key = slash < 0 ? undefined : decodeURIComponent(rawPath.slice(slash + 1));
    return { rawPath, rawQuery, bucket, key: key === '' ? undefined : key, query: parseQuery(rawQuery) };
  } catch {
    return 'URI mal encodée';
  }
}

/** Why a key would not stay inside the emulator's folder (or alias another), or undefined. */
export function keyRefusal(key) {
  const refuse = (why) => ({ status: 400, code: 'InvalidArgument', message: `clé refusée par le S3 local : ${why} (« ${key} »)` });
  if (Buffer.byteLength(key, 'utf8') > 1024) return { status: 400, code: 'KeyTooLongError', message: 'la clé dépasse 1024 octets' };
  if (key.includes('\\')) return refuse('elle contient une barre oblique inverse');
  if (key.includes('\0')) return refuse('elle contient un caractère nul');
  if (key.startsWith('/')) return refuse('chemin absolu');
  const segments = key.split('/');
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    if (segment === '..' || segment === '.') return refuse('segment « . » ou « .. »');
    if (segment === '' && i < segments.length - 1) return refuse('segment vide');
  }
  return undefined;
}

/** The keys a signed request names elsewhere than in its path: copy source, batch delete, list prefix, upload id. */
function otherKeysRefusal(req, query, body) {
  const copySource = req.headers['x-amz-copy-source'];
  if (typeof copySource === 'string') {
    // as S3 reads it (decodeURIComponent) and as s3rver does (decodeURI, without ?versionId): both must be safe
    for (const decode of [decodeURIComponent, decodeURI]) {
      let source;
      try {
        source = decode(copySource).replace(/^\//, '');
      } catch {
        return { status: 400, code: 'InvalidArgument', message: 'x-amz-copy-source mal encodé' };
      }
      const slash = source.indexOf('/');
      if (slash < 0) return { status: 400, code: 'InvalidArgument', message: 'x-amz-copy-source : compartiment/clé attendus' };
      const refusal = keyRefusal(source.slice(slash + 1));
      if (refusal) return refusal;
    }
  }
  const value = (name) => query.find(([n]) => n === name)?.[1];
  if (value('uploadId') !== undefined && !/^[A-Za-z0-9_-]{1,200}$/.test(value('uploadId'))) {
    return { status: 404, code: 'NoSuchUpload', message: 'identifiant de téléversement invalide' };
  }
  if (value('partNumber') !== undefined && !/^\d{1,5}$/.test(value('partNumber'))) {
    return { status: 400, code: 'InvalidArgument', message: 'partNumber doit être un entier' };
  }
  for (const name of ['prefix', 'start-after', 'marker']) {
    const prefix = value(name);
    if (prefix) {
      const refusal = keyRefusal(prefix);
      if (refusal) return refusal;
    }
  }
  if (req.method === 'POST' && query.some(([n]) => n === 'delete')) {
    for (const m of body.toString('utf8').matchAll(/<Key>([^<]*)<\/Key>/g)) {
      const refusal = keyRefusal(unescapeXml(m[1]));
      if (refusal) return refusal;
    }
  }
  return undefined;
}

function unescapeXml(text) {
  return text.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, e) =>
    e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'amp' ? '&' : e === 'quot' ? '"' : e === 'apos' ? "'" : String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : Number(e.slice(1))),
  );
}

/** The form's boundary; undefined when the body is not a form; null when its type is malformed. */
function safeBoundary(contentType) {
  try {
    return formBoundary(contentType);
  } catch {
    return null;
  }
}

/** Host as the emulator must see it: this gate's own address, never a name it would take for a bucket. */
function gateHost(req) {
  const address = req.socket.localAddress ?? '127.0.0.1';
  return `${address.includes(':') ? `[${address}]` : address}:${req.socket.localPort}`;
}

const escapeXml = (text) => String(text).replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]);

/** An S3 error document. The bucket's CORS rule (any origin, GET and POST) applies to errors too. */
export function sendError(req, res, status, code, message, extra = {}, { close = false } = {}) {
  const id = requestId();
  const resource = (req.url ?? '/').split('?')[0];
  const details = Object.entries(extra)
    .map(([name, value]) => `<${name}>${escapeXml(value)}</${name}>`)
    .join('');
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${escapeXml(message)}</Message>${details}<Resource>${escapeXml(resource)}</Resource><RequestId>${id}</RequestId></Error>`;
  const headers = { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(xml), 'x-amz-request-id': id };
  if (req.headers.origin && (req.method === 'GET' || req.method === 'POST')) {
    headers['access-control-allow-origin'] = '*';
    headers.vary = 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method';
  }
  if (close) headers.connection = 'close';
  res.writeHead(status, headers);
  res.end(req.method === 'HEAD' ? undefined : xml);
}
