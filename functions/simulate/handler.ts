import type { S3Event } from 'aws-lambda';
import { decodeEventKey } from '../../shared/store/object-keys.js';
import { simulateUpload } from './simulate-upload.js';

/** S3 ObjectCreated under `depots/` → simulation of the uploaded JSON file. */
export async function handler(event: S3Event): Promise<void> {
  for (const record of event.Records) {
    await simulateUpload({
      bucket: record.s3.bucket.name,
      key: decodeEventKey(record.s3.object.key),
      size: record.s3.object.size,
    });
  }
}
