/** Upload links last 15 minutes at most (SPEC §8). */
export const UPLOAD_EXPIRY_SECONDS = 15 * 60;

/** An object of the uploads bucket, as its event tells it (the key decoded). */
export interface UploadedObject {
  key: string;
  size: number;
}

/** An S3 event's key as AWS sends it (URL-encoded, space as +) back to the object's key. */
export function decodeEventKey(key: string): string {
  return decodeURIComponent(key.replace(/\+/g, ' '));
}

/** The objects an S3 event names, their keys decoded (AWS URL-encodes them, a space as `+`); none when the body is not an S3 event. */
export function eventObjects(body: string): UploadedObject[] {
  let event: { Records?: unknown } | null;
  try {
    event = JSON.parse(body) as { Records?: unknown } | null;
  } catch {
    return [];
  }
  const records = Array.isArray(event?.Records) ? (event.Records as { s3?: { object?: { key?: unknown; size?: unknown } } }[]) : [];
  return records.flatMap((r) => {
    const key = r?.s3?.object?.key;
    if (typeof key !== 'string') return [];
    const size = r.s3?.object?.size;
    return [{ key: decodeEventKey(key), size: typeof size === 'number' ? size : 0 }];
  });
}
