import { Logger } from '@aws-lambda-powertools/logger';

/** Structured JSON logs; POWERTOOLS_LOG_LEVEL sets the level (the local stack's tests use SILENT). */
export const logger = new Logger({ serviceName: 'segur-depot' });
