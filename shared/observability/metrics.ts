import { MetricUnit, Metrics } from '@aws-lambda-powertools/metrics';

/** The CloudWatch namespace of the service's business metrics (the dashboard and alarms read them there). */
export const METRICS_NAMESPACE = 'Segur';
export const METRICS_SERVICE = 'segur-depot';

/** The business counts, by metric name. */
export const METRIC = {
  filesSimulated: 'FilesSimulated',
  linesValid: 'LinesValid',
  linesInError: 'LinesInError',
  importsCommitted: 'ImportsCommitted',
  /** An archive refused as a whole, with the dimension `code`. */
  archivesRefused: 'ArchivesRefused',
  /** A simulation, an import or an archive given up: ERREUR_TECHNIQUE recorded (SPEC §6). */
  technicalErrors: 'TechnicalErrors',
} as const;
export type MetricName = (typeof METRIC)[keyof typeof METRIC];

/** The dimension of ArchivesRefused. */
export const CODE_DIMENSION = 'code';

const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: METRICS_SERVICE });

/**
 * Emitted only in Lambda: there, each count is written at once as one Embedded Metric Format log
 * line (one metric, its own dimensions: invocations running together never share a buffer).
 * Elsewhere (the local stack, the tests) nothing is written; POWERTOOLS_METRICS_DISABLED=true
 * silences Lambda too.
 */
const emitting = () => process.env.AWS_LAMBDA_FUNCTION_NAME !== undefined;

/** Adds `value` to a business count (a zero is not written). */
export function count(name: MetricName, value = 1, dimensions: Record<string, string> = {}): void {
  if (value === 0 || !emitting()) return;
  const single = metrics.singleMetric();
  for (const [key, dimension] of Object.entries(dimensions)) single.addDimension(key, dimension);
  single.addMetric(name, MetricUnit.Count, value);
}
