import { CopyObjectCommand, DeleteObjectCommand, DeleteObjectsCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { BucketName, ObjectStore, PresignedUpload } from '../../ports/object-store.js';
import { contentDisposition } from './content-disposition.js';

/** How long a download link lives. */
const DOWNLOAD_LINK_SECONDS = 300;

/** The two buckets in S3, by their names in the configuration. */
export class S3ObjectStore implements ObjectStore {
  constructor(
    private readonly s3: S3Client,
    private readonly buckets: Readonly<Record<BucketName, string>>,
  ) {}

  async presignUpload(bucket: BucketName, key: string, maxBytes: number, expiresInSeconds: number, now: Date): Promise<PresignedUpload> {
    const { url, fields } = await createPresignedPost(this.s3, {
      Bucket: this.buckets[bucket],
      Key: key,
      Conditions: [['content-length-range', 0, maxBytes]],
      Expires: expiresInSeconds,
    });
    return { url, champs: fields, expireLe: new Date(now.getTime() + expiresInSeconds * 1000).toISOString(), tailleMax: maxBytes };
  }

  async presignDownload(bucket: BucketName, key: string, fileName: string, contentType: string): Promise<string> {
    return getSignedUrl(
      this.s3,
      new GetObjectCommand({ Bucket: this.buckets[bucket], Key: key, ResponseContentDisposition: contentDisposition(fileName), ResponseContentType: contentType }),
      { expiresIn: DOWNLOAD_LINK_SECONDS },
    );
  }

  async size(bucket: BucketName, key: string): Promise<number | undefined> {
    try {
      const head = await this.s3.send(new HeadObjectCommand({ Bucket: this.buckets[bucket], Key: key }));
      return head.ContentLength ?? 0;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  /**
   * With `maxBytes`, reads at most one byte more than that, and `size` still tells the object's
   * whole size (from Content-Range).
   */
  async read(bucket: BucketName, key: string, maxBytes?: number): Promise<{ bytes: Buffer; size: number } | undefined> {
    try {
      const range = maxBytes === undefined ? undefined : `bytes=0-${maxBytes}`;
      const out = await this.s3.send(new GetObjectCommand({ Bucket: this.buckets[bucket], Key: key, Range: range }));
      const bytes = Buffer.from(await out.Body!.transformToByteArray());
      const total = out.ContentRange ? Number(out.ContentRange.split('/')[1]) : bytes.length;
      return { bytes, size: Number.isFinite(total) ? total : bytes.length };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      // S3 refuses any range on an empty object (416)
      if (maxBytes !== undefined && isEmptyRange(error)) return { bytes: Buffer.alloc(0), size: 0 };
      throw error;
    }
  }

  async write(bucket: BucketName, key: string, body: Uint8Array, contentType: string): Promise<void> {
    await this.s3.send(new PutObjectCommand({ Bucket: this.buckets[bucket], Key: key, Body: body, ContentType: contentType }));
  }

  async copy(from: BucketName, fromKey: string, to: BucketName, toKey: string): Promise<void> {
    await this.s3.send(
      new CopyObjectCommand({
        Bucket: this.buckets[to],
        Key: toKey,
        CopySource: `${this.buckets[from]}/${encodeURIComponent(fromKey).replace(/%2F/g, '/')}`,
      }),
    );
  }

  async remove(bucket: BucketName, key: string): Promise<void> {
    await this.s3.send(new DeleteObjectCommand({ Bucket: this.buckets[bucket], Key: key }));
  }

  async removeUnder(bucket: BucketName, prefix: string): Promise<number> {
    if (!prefix.endsWith('/')) throw new Error(`removeUnder: "${prefix}" is not a folder`);
    let removed = 0;
    let ContinuationToken: string | undefined;
    do {
      const page = await this.s3.send(new ListObjectsV2Command({ Bucket: this.buckets[bucket], Prefix: prefix, ContinuationToken }));
      const keys = (page.Contents ?? []).flatMap((o) => (o.Key ? [{ Key: o.Key }] : []));
      if (keys.length > 0) {
        const result = await this.s3.send(new DeleteObjectsCommand({ Bucket: this.buckets[bucket], Delete: { Objects: keys, Quiet: true } }));
        if (result.Errors?.length) throw new Error(`removeUnder ${prefix}: ${result.Errors.length} objects not deleted (${result.Errors[0]?.Code})`);
        removed += keys.length;
      }
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken);
    return removed;
  }
}

/** A missing object (GetObject says NoSuchKey, HeadObject a bare 404 named NotFound); not a missing bucket, nor a 5xx. */
function isNotFound(error: unknown): boolean {
  const name = (error as { name?: string }).name;
  return name === 'NoSuchKey' || name === 'NotFound';
}

function isEmptyRange(error: unknown): boolean {
  const e = error as { name?: string; Code?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'InvalidRange' || e.Code === 'InvalidRange' || e.$metadata?.httpStatusCode === 416;
}
