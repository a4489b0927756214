// The local DynamoDB's front door: dynalite checks that a request carries some Authorization
// header, never its signature. This gate verifies SigV4 with the local credentials (the payload
// hash computed from the body, as DynamoDB does) before dynalite sees the request. Errors are
// DynamoDB's JSON, with its types; messages in French.
import { BodyTooLarge, ReplayedRequest, headersForBody, readBody } from './http.mjs';
import { sha256Hex, verifySignature } from './sigv4.mjs';

/** DynamoDB's own ceiling for a request. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

const ERRORS = {
  missing: 'MissingAuthenticationTokenException',
  malformed: 'IncompleteSignatureException',
  scope: 'InvalidSignatureException',
  'unknown-key': 'UnrecognizedClientException',
  'unsigned-header': 'InvalidSignatureException',
  skewed: 'InvalidSignatureException',
  expired: 'InvalidSignatureException',
  'not-yet-valid': 'InvalidSignatureException',
  mismatch: 'InvalidSignatureException',
};

/** The gate's request listener in front of dynalite's own (`emulator`). */
export function createDynamoGate({ emulator, credentials, region, now = () => new Date() }) {
  return (req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, 'InternalFailure', 'erreur interne du DynamoDB local', true);
      else res.destroy();
    });
  };

  async function handle(req, res) {
    const url = req.url ?? '';
    if (!/^\/[\x21-\x7e]*$/.test(url)) return send(res, 400, 'SerializationException', 'URI invalide', true);
    let body;
    try {
      body = await readBody(req, MAX_BODY_BYTES);
    } catch (error) {
      if (error instanceof BodyTooLarge) return send(res, 413, 'RequestEntityTooLarge', 'requête trop grande', true);
      throw error;
    }
    const forward = () => emulator(new ReplayedRequest(req, { headers: headersForBody(req, body.length), chunks: [body] }), res);
    // a CORS preflight carries no credentials
    if (req.method === 'OPTIONS') return forward();
    const q = url.indexOf('?');
    const verdict = verifySignature(
      { method: req.method, rawPath: q < 0 ? url : url.slice(0, q), rawQuery: q < 0 ? '' : url.slice(q + 1), rawHeaders: req.rawHeaders },
      { credentials, region, service: 'dynamodb', now: now(), payloadHash: () => sha256Hex(body) },
    );
    if (!verdict.ok) {
      const message = verdict.reason === 'missing' ? "Requête sans jeton d'authentification : le DynamoDB local n'accepte que les requêtes signées (SigV4) avec les identifiants locaux" : verdict.message;
      return send(res, 400, ERRORS[verdict.reason] ?? 'AccessDeniedException', message);
    }
    return forward();
  }
}

function send(res, status, type, message, close = false) {
  const body = JSON.stringify({ __type: `com.amazon.coral.service#${type}`, message });
  res.writeHead(status, {
    'content-type': 'application/x-amz-json-1.0',
    'content-length': Buffer.byteLength(body),
    ...(close ? { connection: 'close' } : {}),
  });
  res.end(body);
}
