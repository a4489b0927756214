/** Makes the local S3 (s3rver) write each object whole or not at all. */
export function makeS3rverWritesAtomic(): void;
