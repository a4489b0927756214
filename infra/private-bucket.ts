/** A bucket of the service: private, encrypted, TLS only, its access logged, kept or removed as the stage says. */
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import type { Stage } from './stage.js';

export function privateBucket(scope: Construct, id: string, stage: Stage, logs: s3.IBucket, logPrefix: string, extra: Partial<s3.BucketProps> = {}): s3.Bucket {
  return new s3.Bucket(scope, id, {
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    serverAccessLogsBucket: logs,
    serverAccessLogsPrefix: logPrefix,
    removalPolicy: stage.removalPolicy,
    autoDeleteObjects: stage.autoDeleteObjects,
    ...extra,
  });
}
