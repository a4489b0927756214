/** The local S3 writes an object whole or not at all (a kill -9 mid-write never leaves it unreadable). */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { makeS3rverWritesAtomic } from '../../local/s3-atomic-writes.mjs';

const require = createRequire(import.meta.url);
const FilesystemStore = require('s3rver/lib/stores/filesystem.js');
const S3Object = require('s3rver/lib/models/object.js');

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function store() {
  const dir = mkdtempSync(join(tmpdir(), 'segur-s3-atomic-'));
  dirs.push(dir);
  makeS3rverWritesAtomic();
  return { dir, store: new FilesystemStore(dir) };
}

async function text(s: any, key: string): Promise<string> {
  const object = await s.getObject('b', key);
  const chunks: Buffer[] = [];
  for await (const chunk of object.content) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A body that fails after its first chunk, as an upload cut by a killed process. */
function cutBody(): Readable {
  let sent = false;
  return new Readable({
    read() {
      if (!sent) {
        sent = true;
        this.push(Buffer.from('début de la nouvelle version'));
      } else this.destroy(new Error('connexion coupée'));
    },
  });
}

describe('local S3 writes', () => {
  it('keeps the previous object whole when a write is cut, and leaves no temporary file', async () => {
    const { dir, store: s } = store();
    await s.putObject(new S3Object('b', 'pieces/doc.pdf', Buffer.from('%PDF-1 ancienne version'), { 'content-type': 'application/pdf' }));
    await expect(s.putObject(new S3Object('b', 'pieces/doc.pdf', cutBody(), { 'content-type': 'application/pdf' }))).rejects.toThrow();
    expect(await text(s, 'pieces/doc.pdf')).toBe('%PDF-1 ancienne version');
    expect((await s.getMetadata('b', 'pieces/doc.pdf'))['content-type']).toBe('application/pdf');
    expect(readdirSync(join(dir, 'b', 'pieces')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('writes, lists and copies objects as s3rver does', async () => {
    const { store: s } = store();
    const { md5 } = await s.putObject(new S3Object('b', 'a/x.json', Readable.from([Buffer.from('{"a":'), Buffer.from('1}')]), { 'content-type': 'application/json', 'x-amz-meta-n': '1' }));
    expect(md5).toBe(createHash('md5').update('{"a":1}').digest('hex'));
    expect(await text(s, 'a/x.json')).toBe('{"a":1}');
    expect(await s.getMetadata('b', 'a/x.json')).toMatchObject({ 'content-type': 'application/json', 'x-amz-meta-n': '1', etag: JSON.stringify(md5), 'content-length': 7 });
    await s.copyObject('b', 'a/x.json', 'b', 'c/y.json');
    expect(await text(s, 'c/y.json')).toBe('{"a":1}');
    expect((await s.getMetadata('b', 'c/y.json')).etag).toBe(JSON.stringify(md5));
    const listed = await s.listObjects('b', { prefix: '', maxKeys: 10 });
    expect(listed.objects.map((o: { key: string }) => o.key)).toEqual(['a/x.json', 'c/y.json']);
  });
});
