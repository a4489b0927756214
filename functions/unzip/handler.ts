import type { S3Event } from 'aws-lambda';
import { decodeEventKey } from '../../shared/store/object-keys.js';
import { unzipArchive } from './unzip-archive.js';

/** S3 ObjectCreated under `pieces/` → unpacking of an attachments archive. */
export async function handler(event: S3Event): Promise<void> {
  for (const record of event.Records) {
    await unzipArchive(decodeEventKey(record.s3.object.key), record.s3.object.size);
  }
}
