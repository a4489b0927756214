import { CopyObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { s3Client } from './aws-clients.js';

/** A presigned browser upload (SPEC §8 `televersement`). */
export interface PresignedUpload {
  url: string;
  champs: Record<string, string>;
  expireLe: string;
  tailleMax: number;
}

/** A POST form that uploads exactly one key, of at most maxBytes, before the deadline. */
export async function presignUpload(bucket: string, key: string, maxBytes: number, expiresInSeconds: number, now = new Date()): Promise<PresignedUpload> {
  const { url, fields } = await createPresignedPost(s3Client(), {
    Bucket: bucket,
    Key: key,
    Conditions: [['content-length-range', 0, maxBytes]],
    Expires: expiresInSeconds,
  });
  return { url, champs: fields, expireLe: new Date(now.getTime() + expiresInSeconds * 1000).toISOString(), tailleMax: maxBytes };
}

/** A short-lived link to download one object under a given file name. */
export async function presignDownload(bucket: string, key: string, fileName: string, contentType: string, expiresInSeconds = 300): Promise<string> {
  return getSignedUrl(
    s3Client(),
    new GetObjectCommand({ Bucket: bucket, Key: key, ResponseContentDisposition: contentDisposition(fileName), ResponseContentType: contentType }),
    { expiresIn: expiresInSeconds },
  );
}

/** The object's size in bytes, or undefined when it does not exist. */
export async function objectSize(bucket: string, key: string): Promise<number | undefined> {
  try {
    const head = await s3Client().send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return head.ContentLength ?? 0;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/**
 * The object's bytes, or undefined when it does not exist. With `maxBytes`, reads at most one
 * byte more than that, and `size` still tells the object's whole size. (S3 refuses a range on an
 * empty object: callers know from the event when it is empty and do not read it.)
 */
export async function getObjectBytes(bucket: string, key: string, maxBytes?: number): Promise<{ bytes: Buffer; size: number } | undefined> {
  try {
    const range = maxBytes === undefined ? undefined : `bytes=0-${maxBytes}`;
    const out = await s3Client().send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: range }));
    const bytes = Buffer.from(await out.Body!.transformToByteArray());
    const total = out.ContentRange ? Number(out.ContentRange.split('/')[1]) : bytes.length;
    return { bytes, size: Number.isFinite(total) ? total : bytes.length };
  } catch (error) {
    if (isNotFound(error)) return undefined;
    // a range on an empty object: S3 answers 416
    if (maxBytes !== undefined && isEmptyRange(error)) return { bytes: Buffer.alloc(0), size: 0 };
    throw error;
  }
}

function isEmptyRange(error: unknown): boolean {
  const e = error as { name?: string; Code?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'InvalidRange' || e.Code === 'InvalidRange' || e.$metadata?.httpStatusCode === 416;
}

export async function putObject(bucket: string, key: string, body: Uint8Array, contentType: string): Promise<void> {
  await s3Client().send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }));
}

export async function copyObject(fromBucket: string, fromKey: string, toBucket: string, toKey: string): Promise<void> {
  await s3Client().send(
    new CopyObjectCommand({ Bucket: toBucket, Key: toKey, CopySource: `${fromBucket}/${encodeURIComponent(fromKey).replace(/%2F/g, '/')}` }),
  );
}

function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NoSuchKey' || e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404;
}

/** `attachment` with an ASCII fallback and the exact UTF-8 name (RFC 6266 / RFC 5987). */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
