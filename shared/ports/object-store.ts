/**
 * Objects: the uploads bucket (`televersements`: what suppliers upload, and the copies that
 * trigger the commit) and the documents bucket (`documents`: files as simulated, return files,
 * accepted attachments — never a trigger).
 */
export type BucketName = 'televersements' | 'documents';

/** A presigned browser upload (SPEC §8 `televersement`). */
export interface PresignedUpload {
  url: string;
  champs: Record<string, string>;
  expireLe: string;
  tailleMax: number;
}

export interface ObjectStore {
  /** A POST form that uploads exactly `key`, of at most `maxBytes`, before `now` + `expiresInSeconds`. */
  presignUpload(bucket: BucketName, key: string, maxBytes: number, expiresInSeconds: number, now: Date): Promise<PresignedUpload>;
  /** A short-lived link to download one object under a given file name. */
  presignDownload(bucket: BucketName, key: string, fileName: string, contentType: string): Promise<string>;
  /** The object's size, or undefined when it does not exist. */
  size(bucket: BucketName, key: string): Promise<number | undefined>;
  /** The bytes (at most `maxBytes` + 1 when given) and the object's whole size; undefined when absent. */
  read(bucket: BucketName, key: string, maxBytes?: number): Promise<{ bytes: Buffer; size: number } | undefined>;
  write(bucket: BucketName, key: string, body: Uint8Array, contentType: string): Promise<void>;
  copy(from: BucketName, fromKey: string, to: BucketName, toKey: string): Promise<void>;
  /** Deletes one object; nothing happens when it does not exist. */
  remove(bucket: BucketName, key: string): Promise<void>;
  /** Deletes every object whose key starts with `prefix` (which ends with `/`); how many there were. */
  removeUnder(bucket: BucketName, prefix: string): Promise<number>;
}
