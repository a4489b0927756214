// What both gates need of HTTP: reading a body with a ceiling, handing a request on to the
// emulator behind the gate with the body already read, and the loopback rule.
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';

export class BodyTooLarge extends Error {}

/**
 * The whole body, or BodyTooLarge past maxBytes. A body declared too large is not read (the
 * answer then closes the connection); one found too large on the way is read to its end (up to
 * as much again) so that the answer reaches the client.
 */
export async function readBody(req, maxBytes) {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) throw new BodyTooLarge();
  const chunks = [];
  let length = 0;
  for await (const chunk of req) {
    length += chunk.length;
    if (length > 2 * maxBytes) break; // gives up on the connection
    if (length <= maxBytes) chunks.push(chunk);
  }
  if (length > maxBytes) throw new BodyTooLarge();
  return Buffer.concat(chunks, length);
}

/**
 * A request as the emulator sees it: the same method, URL, headers and socket, and a body that
 * was read (and checked) by the gate. `chunks` are sent in order.
 */
export class ReplayedRequest extends Readable {
  constructor(original, { url = original.url, headers, chunks }) {
    super();
    this.method = original.method;
    this.url = url;
    this.headers = headers;
    this.rawHeaders = Object.entries(headers).flatMap(([name, value]) => (Array.isArray(value) ? value.flatMap((v) => [name, v]) : [name, String(value)]));
    this.trailers = {};
    this.rawTrailers = [];
    this.httpVersion = original.httpVersion;
    this.httpVersionMajor = original.httpVersionMajor;
    this.httpVersionMinor = original.httpVersionMinor;
    this.socket = original.socket;
    this.connection = original.socket;
    this.complete = true;
    this.aborted = false;
    this.pending = [...chunks];
  }

  _read() {
    const chunk = this.pending.shift();
    this.push(chunk === undefined ? null : chunk);
  }

  setTimeout() {
    return this;
  }
}

/** The headers to hand on with a body already read: its real length, no transfer framing. */
export function headersForBody(original, length, overrides = {}) {
  const headers = { ...original.headers, ...overrides };
  delete headers['transfer-encoding'];
  delete headers.expect;
  if (length > 0 || original.headers['content-length'] !== undefined || original.headers['transfer-encoding'] !== undefined) {
    headers['content-length'] = String(length);
  }
  return headers;
}

export const requestId = () => randomBytes(8).toString('hex').toUpperCase();

/** True for an address only this machine reaches. */
export function isLoopbackHost(host) {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
