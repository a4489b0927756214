import { unpackUploadedArchive } from '../../shared/app/attachments/unpack-uploaded-archive.js';
import { archiveMetrics } from '../outcome-metrics.js';
import { s3Handler } from '../s3-handler.js';

/** S3 ObjectCreated under `pieces/` → unpacking of an attachments archive. */
export const handler = s3Handler('archive', ({ stores, runtime }, object) => unpackUploadedArchive(stores, runtime, object), archiveMetrics);
