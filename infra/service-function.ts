/**
 * One function of the service: its code bundled from its handler file, its own role (no
 * AWS-managed policy: writing to its own log group is granted by name), its log group, X-Ray
 * tracing, and the metadata the local stack reads to run the same handler.
 */
import * as path from 'node:path';
import { Duration, type Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { METRICS_NAMESPACE, METRICS_SERVICE } from '../shared/observability/metrics.js';
import { acknowledge } from './acknowledge.js';
import type { Stage } from './stage.js';

/** Metadata key naming a function's handler file, so the local stack runs the same code. */
export const ENTRY_METADATA = 'segur:entry';

/** The newest Node.js that aws-cdk-lib offers for Lambda, and esbuild's target for it. */
export const FUNCTION_RUNTIME = lambda.Runtime.NODEJS_24_X;
const BUNDLE_TARGET = 'node24';

export interface ServiceFunctionOptions {
  root: string;
  stage: Stage;
  environment: Record<string, string>;
  memorySize: number;
  timeout?: Duration;
  extra?: Partial<lambda.FunctionOptions>;
}

export function serviceFunction(stack: Stack, name: string, entry: string, options: ServiceFunctionOptions): NodejsFunction {
  const { root, stage } = options;
  const logGroup = new logs.LogGroup(stack, `${name}Logs`, { retention: logs.RetentionDays.ONE_YEAR, removalPolicy: stage.removalPolicy });
  const role = new iam.Role(stack, `${name}Role`, {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: `Rôle de la fonction ${name} : ses journaux, ses traces, et les seuls appels qu'elle fait`,
  });
  logGroup.grantWrite(role);
  const f = new NodejsFunction(stack, name, {
    entry: path.join(root, entry),
    projectRoot: root,
    depsLockFilePath: path.join(root, 'package-lock.json'),
    handler: 'handler',
    runtime: FUNCTION_RUNTIME,
    architecture: lambda.Architecture.ARM_64,
    memorySize: options.memorySize,
    timeout: options.timeout ?? Duration.seconds(30),
    environment: {
      ...options.environment,
      POWERTOOLS_SERVICE_NAME: METRICS_SERVICE,
      POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
      NODE_OPTIONS: '--enable-source-maps',
    },
    bundling: { minify: true, sourceMap: true, target: BUNDLE_TARGET, format: OutputFormat.CJS },
    role,
    logGroup,
    tracing: lambda.Tracing.ACTIVE,
    ...options.extra,
  });
  (f.node.defaultChild as lambda.CfnFunction).addMetadata(ENTRY_METADATA, entry);
  acknowledge(role, {
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason: "X-Ray n'accepte aucune ressource pour PutTraceSegments et PutTelemetryRecords : l'action porte sur « * » (traçage actif)",
  });
  return f;
}
