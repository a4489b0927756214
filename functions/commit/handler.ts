import type { S3Event } from 'aws-lambda';
import { decodeEventKey } from '../../shared/store/object-keys.js';
import { commitImport } from './commit-import.js';

/** S3 ObjectCreated under `imports/` → import of the simulated file. */
export async function handler(event: S3Event): Promise<void> {
  for (const record of event.Records) {
    await commitImport(decodeEventKey(record.s3.object.key));
  }
}
