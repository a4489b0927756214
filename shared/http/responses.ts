import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { ApiError } from './errors.js';
import { stringifyWithRawNumbers } from './json-number.js';

export type ApiResponse = APIGatewayProxyStructuredResultV2;

const JSON_TYPE = 'application/json; charset=utf-8';
const NO_STORE = 'no-store';

/** A JSON response; numbers given as RawJsonNumber (amounts beyond a double) are written exactly. */
export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): ApiResponse {
  return {
    statusCode,
    headers: { 'content-type': JSON_TYPE, 'cache-control': NO_STORE, ...headers },
    body: stringifyWithRawNumbers(body),
  };
}

export function errorResponse(error: ApiError): ApiResponse {
  return json(error.status, { code: error.code, message: error.message, ...error.details });
}

/** A file to download, in the body (base64, so any bytes pass through intact). */
export function download(bytes: Uint8Array, contentType: string, disposition: string): ApiResponse {
  return {
    statusCode: 200,
    headers: { 'content-type': contentType, 'content-disposition': disposition, 'cache-control': NO_STORE },
    body: Buffer.from(bytes).toString('base64'),
    isBase64Encoded: true,
  };
}

/** Sends the client to a short-lived download link (files too large for a function's response). */
export function seeOther(location: string): ApiResponse {
  return { statusCode: 303, headers: { location, 'cache-control': NO_STORE }, body: '' };
}

/**
 * The media type a client names in `Accept` to be given a download's short-lived link instead of
 * a 303 to it: a page cannot follow a 303 itself (a cross-origin fetch that follows it sends
 * `Origin: null`, which the bucket's CORS refuses), so it asks for the link and navigates to it.
 * Distinct from application/json: the files downloaded are JSON themselves.
 */
export const LINK_MEDIA_TYPE = 'application/vnd.segur.lien+json';

/** True when the request's Accept header names LINK_MEDIA_TYPE. */
export function acceptsLink(accept: string | undefined): boolean {
  return (accept ?? '').split(',').some((part) => part.split(';')[0]!.trim().toLowerCase() === LINK_MEDIA_TYPE);
}

/** The short-lived link itself, for a client that asked for it: 200 `{"url": "..."}` as LINK_MEDIA_TYPE. */
export function linkResponse(url: string): ApiResponse {
  return json(200, { url }, { 'content-type': `${LINK_MEDIA_TYPE}; charset=utf-8` });
}
