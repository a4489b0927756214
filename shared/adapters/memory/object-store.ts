import type { BucketName, ObjectStore, PresignedUpload } from '../../ports/object-store.js';

interface StoredObject {
  bytes: Buffer;
  contentType: string;
}

/** The two buckets in memory; presigned forms and links are well shaped but lead nowhere (`memory://`). */
export class MemoryObjectStore implements ObjectStore {
  readonly #buckets: Record<BucketName, Map<string, StoredObject>> = { televersements: new Map(), documents: new Map() };

  async presignUpload(bucket: BucketName, key: string, maxBytes: number, expiresInSeconds: number, now: Date): Promise<PresignedUpload> {
    return {
      url: `memory://${bucket}`,
      champs: { key, Policy: 'memory', 'X-Amz-Signature': 'memory' },
      expireLe: new Date(now.getTime() + expiresInSeconds * 1000).toISOString(),
      tailleMax: maxBytes,
    };
  }

  async presignDownload(bucket: BucketName, key: string, _fileName: string, _contentType: string): Promise<string> {
    return `memory://${bucket}/${key}`;
  }

  async size(bucket: BucketName, key: string): Promise<number | undefined> {
    return this.#buckets[bucket].get(key)?.bytes.length;
  }

  async read(bucket: BucketName, key: string, maxBytes?: number): Promise<{ bytes: Buffer; size: number } | undefined> {
    const object = this.#buckets[bucket].get(key);
    if (!object) return undefined;
    const bytes = maxBytes === undefined ? object.bytes : object.bytes.subarray(0, maxBytes + 1);
    return { bytes: Buffer.from(bytes), size: object.bytes.length };
  }

  async write(bucket: BucketName, key: string, body: Uint8Array, contentType: string): Promise<void> {
    this.#buckets[bucket].set(key, { bytes: Buffer.from(body), contentType });
  }

  async copy(from: BucketName, fromKey: string, to: BucketName, toKey: string): Promise<void> {
    const object = this.#buckets[from].get(fromKey);
    // as S3's NoSuchKey
    if (!object) throw Object.assign(new Error(`${from}/${fromKey}: no such object`), { name: 'NoSuchKey' });
    this.#buckets[to].set(toKey, { bytes: Buffer.from(object.bytes), contentType: object.contentType });
  }

  async remove(bucket: BucketName, key: string): Promise<void> {
    this.#buckets[bucket].delete(key);
  }

  async removeUnder(bucket: BucketName, prefix: string): Promise<number> {
    if (!prefix.endsWith('/')) throw new Error(`removeUnder: "${prefix}" is not a folder`);
    const keys = [...this.#buckets[bucket].keys()].filter((k) => k.startsWith(prefix));
    for (const k of keys) this.#buckets[bucket].delete(k);
    return keys.length;
  }
}
