import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';

/**
 * The SDK clients, created once per process and shared. Endpoints come from the SDK's own
 * variables (AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL_DYNAMODB), which only the local stack sets.
 */
let s3: S3Client | undefined;
let documents: DynamoDBDocumentClient | undefined;

export function s3Client(): S3Client {
  s3 ??= new S3Client({
    // the local S3 emulator answers on a path, not on bucket sub-domains
    forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL_S3),
    // s3rver would store aws-chunked framing as content (DESIGN.md)
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  return s3;
}

export function dynamo(): DynamoDBDocumentClient {
  documents ??= DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    // amounts are stored as the file gave them, even past 2^53 (DEM-11 sets no ceiling)
    marshallOptions: { removeUndefinedValues: true, allowImpreciseNumbers: true },
  });
  return documents;
}
