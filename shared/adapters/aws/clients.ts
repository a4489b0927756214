import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** The SDK clients the AWS adapters share: one of each per composition root. */
export interface AwsClients {
  dynamo: DynamoDBDocumentClient;
  s3: S3Client;
}

/**
 * Builds the SDK clients. Endpoints come from the SDK's own variables (AWS_ENDPOINT_URL_S3,
 * AWS_ENDPOINT_URL_DYNAMODB), which only the local stack sets.
 */
export function createAwsClients(): AwsClients {
  const s3 = new S3Client({
    // the local S3 emulator answers on a path, not on bucket sub-domains
    forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL_S3),
    // s3rver would store aws-chunked framing as content (DESIGN.md)
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    // amounts are stored as the file gave them, even past 2^53 (DEM-11 sets no ceiling)
    marshallOptions: { removeUndefinedValues: true, allowImpreciseNumbers: true },
  });
  return { dynamo, s3 };
}
