// A strict multipart/form-data reader and writer for the S3 gate. The gate never forwards the
// body it verified: it writes the verified fields out again, so that the emulator's own parser
// cannot read anything the gate did not check.
import { randomBytes } from 'node:crypto';

export class MalformedForm extends Error {}

const MAX_PARTS = 100;
const MAX_HEADER_BYTES = 8 * 1024;
const CRLF = Buffer.from('\r\n');

/** The boundary of a `multipart/form-data` Content-Type, or undefined for any other type. */
export function formBoundary(contentType) {
  const m = /^\s*multipart\/form-data\s*(;.*)?$/i.exec(contentType ?? '');
  if (!m) return undefined;
  const params = parseParams(m[1] ?? '');
  const boundary = params.get('boundary');
  if (!boundary || boundary.length > 70 || !/^[0-9A-Za-z'()+_,\-./:=? ]*[0-9A-Za-z'()+_,\-./:=?]$/.test(boundary)) {
    throw new MalformedForm('boundary absent ou invalide');
  }
  return boundary;
}

/**
 * The parts of a multipart body: [{ name, filename, contentType, data }] in order. Throws
 * MalformedForm on anything but a well-formed body.
 */
export function parseForm(body, boundary) {
  const delimiter = Buffer.from(`--${boundary}`);
  const next = Buffer.from(`\r\n--${boundary}`);
  // no preamble: browsers and curl start with the first delimiter
  if (!body.subarray(0, delimiter.length).equals(delimiter)) throw new MalformedForm('le corps ne commence pas par le délimiteur');
  const parts = [];
  let at = delimiter.length;
  for (;;) {
    if (body.subarray(at, at + 2).toString('latin1') === '--') {
      const rest = body.subarray(at + 2);
      if (rest.length > 0 && !rest.equals(CRLF)) throw new MalformedForm('données après le délimiteur final');
      return parts;
    }
    if (!body.subarray(at, at + 2).equals(CRLF)) throw new MalformedForm('délimiteur mal terminé');
    at += 2;
    const headerEnd = body.indexOf('\r\n\r\n', at, 'latin1');
    if (headerEnd < 0 || headerEnd - at > MAX_HEADER_BYTES) throw new MalformedForm("en-têtes d'une partie mal terminés");
    const headers = parsePartHeaders(body.subarray(at, headerEnd).toString('utf8'));
    const dataStart = headerEnd + 4;
    const dataEnd = body.indexOf(next, dataStart);
    if (dataEnd < 0) throw new MalformedForm('partie sans délimiteur de fin');
    const disposition = headers.get('content-disposition');
    if (!disposition) throw new MalformedForm('partie sans Content-Disposition');
    const m = /^\s*form-data\s*(;.*)?$/i.exec(disposition);
    if (!m) throw new MalformedForm('Content-Disposition doit valoir form-data');
    const params = parseParams(m[1] ?? '');
    const name = params.get('name');
    if (name === undefined || name === '') throw new MalformedForm('partie sans nom');
    parts.push({ name, filename: params.get('filename'), contentType: headers.get('content-type'), data: body.subarray(dataStart, dataEnd) });
    if (parts.length > MAX_PARTS) throw new MalformedForm('trop de parties');
    at = dataEnd + next.length;
  }
}

function parsePartHeaders(text) {
  const headers = new Map();
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new MalformedForm("en-tête de partie mal formé");
    const name = line.slice(0, colon).trim().toLowerCase();
    if (headers.has(name)) throw new MalformedForm(`en-tête ${name} répété dans une partie`);
    headers.set(name, line.slice(colon + 1).trim());
  }
  return headers;
}

/** `; a=b; c="d"` to a Map (lower-case names); a repeated parameter is malformed. */
function parseParams(text) {
  const params = new Map();
  const re = /;\s*([^\s=;]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s;"]*))\s*/gy;
  let m;
  while (re.lastIndex < text.length && (m = re.exec(text))) {
    const name = m[1].toLowerCase();
    if (params.has(name)) throw new MalformedForm(`paramètre ${name} répété`);
    params.set(name, m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3]);
  }
  if (re.lastIndex < text.trimEnd().length) throw new MalformedForm('paramètres mal formés');
  return params;
}

/**
 * A multipart body of the given text fields then the file, as chunks (the file is not copied),
 * with a fresh boundary found in none of them.
 */
export function writeForm(fields, file) {
  let boundary;
  do boundary = `----segur-gate-${randomBytes(16).toString('hex')}`;
  while (fields.some(([, v]) => v.includes(boundary)) || file.includes(boundary));
  const head = fields
    .map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
    .join('');
  const fileHead = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="file"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  const chunks = [Buffer.from(head + fileHead, 'utf8'), file, Buffer.from(`\r\n--${boundary}--\r\n`)];
  return { contentType: `multipart/form-data; boundary=${boundary}`, chunks, length: chunks.reduce((n, c) => n + c.length, 0) };
}
