/**
 * A download past 4 MB: a 303 to its short-lived link for any client (curl, scripts), the link
 * itself as JSON for a client whose Accept names LINK_MEDIA_TYPE (the page, which cannot follow
 * the 303: the bucket refuses the `Origin: null` of a cross-origin redirect).
 */
import { describe, expect, it } from 'vitest';
import { downloadResponse } from '../../functions/api/download-response.js';
import { acceptsLink, LINK_MEDIA_TYPE } from '../../shared/http/responses.js';

const link = { kind: 'link', url: 'https://documents.s3.eu-west-3.amazonaws.com/retours/1?X-Amz-Signature=abc' } as const;
const inline = { kind: 'inline', bytes: Buffer.from('{"a":1}'), fileName: 'lot-retour.json', contentType: 'application/json; charset=utf-8' } as const;

describe('download links', () => {
  it('answers 303 to the link without the link media type in Accept', () => {
    for (const accept of [undefined, '*/*', 'application/json', 'application/vnd.segur.lien']) {
      const res = downloadResponse(link, accept);
      expect(res.statusCode, String(accept)).toBe(303);
      expect(res.headers?.location).toBe(link.url);
    }
  });

  it('answers 200 with the link as JSON when Accept names it, with parameters, among others, in any case', () => {
    for (const accept of [LINK_MEDIA_TYPE, `${LINK_MEDIA_TYPE}, */*;q=0.8`, `text/csv, ${LINK_MEDIA_TYPE.toUpperCase()};q=0.9`]) {
      const res = downloadResponse(link, accept);
      expect(res.statusCode, accept).toBe(200);
      expect(res.headers?.['content-type']).toBe(`${LINK_MEDIA_TYPE}; charset=utf-8`);
      expect(res.headers?.['cache-control']).toBe('no-store');
      expect(JSON.parse(res.body!)).toEqual({ url: link.url });
    }
  });

  it('sends a small file in the body whatever Accept says', () => {
    const res = downloadResponse(inline, LINK_MEDIA_TYPE);
    expect(res.statusCode).toBe(200);
    expect(res.headers?.['content-type']).toBe(inline.contentType);
    expect(Buffer.from(res.body!, 'base64').toString()).toBe('{"a":1}');
  });

  it('reads Accept by media type, not by substring', () => {
    expect(acceptsLink(`${LINK_MEDIA_TYPE}x`)).toBe(false);
    expect(acceptsLink(` ${LINK_MEDIA_TYPE} ; q=1`)).toBe(true);
  });
});
