/**
 * What wakes someone: an SNS topic (e-mail from `-c segur:alertEmail=`) alarmed on every event sent
 * to a failure queue and every message in a dead-letter queue, each function's errors and throttles, the age of S3 events waiting for
 * their function, the API's 5xx rate and p95 latency, and every ERREUR_TECHNIQUE recorded; and a
 * dashboard with those and the business counts the functions emit (shared/observability/metrics.ts).
 */
import { Duration, Stack } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledge } from './acknowledge.js';
import { CODE_DIMENSION, METRIC, METRICS_NAMESPACE, METRICS_SERVICE, type MetricName } from '../shared/observability/metrics.js';
import type { Stage } from './stage.js';

/** Thresholds of the alarms. */
export const THRESHOLDS = {
  /** An S3 event still waiting for its function after its retries' backoff (1 then 2 min): something is stuck. */
  asyncEventAgeMs: 10 * 60 * 1000,
  /** Share of the API's answers that are 5xx, over 5 minutes… */
  api5xxPercent: 5,
  /** …once there are at least this many (one error in two requests at night wakes nobody). */
  api5xxMinRequests: 20,
  /** The API's p95 latency over 5 minutes, three periods in a row. */
  apiP95LatencyMs: 3000,
} as const;

export interface MonitoringProps {
  stage: Stage;
  httpApi: HttpApi;
  functions: Record<string, lambda.IFunction>;
  /** The functions S3 invokes asynchronously. */
  asyncFunctions: lambda.IFunction[];
  /** The functions' failure queues: their consumer takes a message within seconds, so what alarms is a message sent. */
  failureQueues: sqs.IQueue[];
  /** The failure queues' dead-letter queues: filled by SQS's redrive (no send counted), nothing reads them; what alarms is a message there. */
  deadLetterQueues: sqs.IQueue[];
}

const FIVE_MINUTES = Duration.minutes(5);

/** A business count of the service, summed over 5 minutes. */
export function businessMetric(name: MetricName, label: string): cloudwatch.Metric {
  return new cloudwatch.Metric({ namespace: METRICS_NAMESPACE, metricName: name, dimensionsMap: { service: METRICS_SERVICE }, statistic: 'Sum', period: FIVE_MINUTES, label });
}

export class Monitoring extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Alertes', { displayName: 'Ségur dépôt — alertes', enforceSSL: true });
    if (props.stage.alertEmail) this.topic.addSubscription(new EmailSubscription(props.stage.alertEmail));
    acknowledge(this.topic,
      {
        id: 'AwsSolutions-SNS2',
        reason: "Les alertes ne portent que le nom et l'état d'une alarme, aucune donnée de fournisseur ; CloudWatch ne publie pas vers une rubrique chiffrée par la clé gérée par AWS, et une clé KMS dédiée coûterait plus que ce qu'elle protège",
      },
    );
    const action = new SnsAction(this.topic);
    const alarm = (name: string, description: string, props: cloudwatch.CreateAlarmOptions & { metric: cloudwatch.IMetric }) => {
      const a = new cloudwatch.Alarm(this, name, { alarmDescription: description, treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING, ...props });
      a.addAlarmAction(action);
      this.alarms.push(a);
      return a;
    };
    const above = cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD;

    const ONE_MINUTE = Duration.minutes(1);
    for (const queue of props.failureQueues) {
      const name = queue.node.id;
      alarm(`${name}Envoi`, `Un événement a été envoyé dans ${name} : un traitement a échoué après ses reprises, failures l'abandonne (ERREUR_TECHNIQUE) (voir le guide d'exploitation)`, {
        metric: queue.metricNumberOfMessagesSent({ period: ONE_MINUTE, statistic: 'Sum' }),
        threshold: 0,
        comparisonOperator: above,
        evaluationPeriods: 1,
      });
    }
    for (const queue of props.deadLetterQueues) {
      const name = queue.node.id;
      alarm(`${name}NonVide`, `Un événement est dans ${name} : failures n'a pas pu l'abandonner, il attend un rejeu (voir le guide d'exploitation)`, {
        metric: queue.metricApproximateNumberOfMessagesVisible({ period: ONE_MINUTE, statistic: 'Maximum' }),
        threshold: 0,
        comparisonOperator: above,
        evaluationPeriods: 1,
      });
    }
    for (const [name, fn] of Object.entries(props.functions)) {
      alarm(`${name}Erreurs`, `La fonction ${name} a échoué`, { metric: fn.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' }), threshold: 0, comparisonOperator: above, evaluationPeriods: 1 });
      alarm(`${name}Limitee`, `La fonction ${name} a été limitée (throttling)`, { metric: fn.metricThrottles({ period: FIVE_MINUTES, statistic: 'Sum' }), threshold: 0, comparisonOperator: above, evaluationPeriods: 1 });
    }
    for (const fn of props.asyncFunctions) {
      const name = fn.node.id;
      alarm(`${name}AgeEvenements`, `Des événements S3 attendent ${name} depuis plus de ${THRESHOLDS.asyncEventAgeMs / 60000} minutes`, {
        metric: fn.metric('AsyncEventAge', { period: FIVE_MINUTES, statistic: 'Maximum' }),
        threshold: THRESHOLDS.asyncEventAgeMs,
        comparisonOperator: above,
        evaluationPeriods: 1,
      });
    }
    const api5xx = new cloudwatch.MathExpression({
      expression: `IF(requetes >= ${THRESHOLDS.api5xxMinRequests}, 100 * erreurs / requetes, 0)`,
      usingMetrics: { erreurs: props.httpApi.metricServerError({ period: FIVE_MINUTES, statistic: 'Sum' }), requetes: props.httpApi.metricCount({ period: FIVE_MINUTES, statistic: 'Sum' }) },
      period: FIVE_MINUTES,
      label: 'Réponses 5xx (%)',
    });
    alarm('Api5xx', `Plus de ${THRESHOLDS.api5xxPercent} % des réponses de l'API sont des erreurs 5xx (sur 5 minutes, à partir de ${THRESHOLDS.api5xxMinRequests} requêtes)`, { metric: api5xx, threshold: THRESHOLDS.api5xxPercent, comparisonOperator: above, evaluationPeriods: 1 });
    const apiLatency = props.httpApi.metricLatency({ period: FIVE_MINUTES, statistic: 'p95', label: 'Latence p95 (ms)' });
    alarm('ApiLatence', `La latence p95 de l'API dépasse ${THRESHOLDS.apiP95LatencyMs} ms`, { metric: apiLatency, threshold: THRESHOLDS.apiP95LatencyMs, comparisonOperator: above, evaluationPeriods: 3 });
    const technical = businessMetric(METRIC.technicalErrors, 'ERREUR_TECHNIQUE enregistrées');
    alarm('ErreursTechniques', 'Une simulation, un import ou une archive a fini en ERREUR_TECHNIQUE', { metric: technical, threshold: 0, comparisonOperator: above, evaluationPeriods: 1 });

    this.dashboard = new cloudwatch.Dashboard(this, 'Tableau', { dashboardName: Stack.of(this).stackName, defaultInterval: Duration.days(1) });
    const graph = (title: string, left: cloudwatch.IMetric[], width = 12) => new cloudwatch.GraphWidget({ title, left, width, height: 6 });
    const archivesRefused = new cloudwatch.MathExpression({
      expression: `SEARCH('{${METRICS_NAMESPACE},${CODE_DIMENSION},service} MetricName="${METRIC.archivesRefused}" service="${METRICS_SERVICE}"', 'Sum', 300)`,
      label: 'Archives refusées',
      period: FIVE_MINUTES,
    });
    this.dashboard.addWidgets(new cloudwatch.AlarmStatusWidget({ title: 'Alarmes', alarms: this.alarms, width: 24, height: 4 }));
    this.dashboard.addWidgets(
      graph('Fichiers simulés et imports enregistrés', [businessMetric(METRIC.filesSimulated, 'Fichiers simulés'), businessMetric(METRIC.importsCommitted, 'Imports enregistrés')], 8),
      graph('Lignes simulées', [businessMetric(METRIC.linesValid, 'Lignes valides'), businessMetric(METRIC.linesInError, 'Lignes en erreur')], 8),
      graph('Archives refusées, par code', [archivesRefused], 8),
    );
    this.dashboard.addWidgets(
      graph('ERREUR_TECHNIQUE', [technical], 8),
      graph(
        "Files d'échecs : envois ; files de dernier recours : messages",
        [
          ...props.failureQueues.map((q) => q.metricNumberOfMessagesSent({ period: ONE_MINUTE, statistic: 'Sum', label: `${q.node.id} (envois)` })),
          ...props.deadLetterQueues.map((q) => q.metricApproximateNumberOfMessagesVisible({ period: ONE_MINUTE, statistic: 'Maximum', label: q.node.id })),
        ],
        8,
      ),
      graph('API : latence p95 et 5xx', [apiLatency, api5xx], 8),
    );
    this.dashboard.addWidgets(
      graph('Erreurs des fonctions', Object.entries(props.functions).map(([name, fn]) => fn.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum', label: name }))),
      graph('Limitations des fonctions', Object.entries(props.functions).map(([name, fn]) => fn.metricThrottles({ period: FIVE_MINUTES, statistic: 'Sum', label: name }))),
    );
  }
}
