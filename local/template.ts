/**
 * The local stack's model of the service, read from the very template `cdk deploy` would use:
 * tables, buckets, functions (their handler file and environment), bucket notifications, routes.
 * Synthesizing takes seconds: `loadLocalModel` (model-cache.ts) keeps the model once built.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Metadata key the stack puts on each function: its handler file (kept equal to infra's ENTRY_METADATA). */
const ENTRY_METADATA = 'segur:entry';

type CfnValue = string | { Ref: string } | { 'Fn::GetAtt': [string, string] } | Record<string, unknown>;
interface CfnResource {
  Type: string;
  Properties?: Record<string, any>;
  Metadata?: Record<string, unknown>;
}
export interface CfnTemplate {
  Resources: Record<string, CfnResource>;
}

export interface LocalTable {
  name: string;
  keySchema: { AttributeName: string; KeyType: 'HASH' | 'RANGE' }[];
  attributeDefinitions: { AttributeName: string; AttributeType: 'S' | 'N' | 'B' }[];
  globalSecondaryIndexes: { IndexName: string; KeySchema: LocalTable['keySchema']; Projection: Record<string, unknown> }[];
}

export interface LocalFunction {
  id: string;
  entry: string;
  environment: Record<string, string>;
}

export interface LocalNotification {
  bucket: string;
  events: string[];
  prefix: string;
  suffix: string;
  functionId: string;
}

export interface LocalRoute {
  method: string;
  path: string;
  routeKey: string;
  authorization: 'JWT' | 'NONE';
  functionId: string;
}

export interface LocalModel {
  tables: LocalTable[];
  buckets: string[];
  functions: Map<string, LocalFunction>;
  notifications: LocalNotification[];
  routes: LocalRoute[];
}

/**
 * Synthesizes the stack in this process, without bundling (the local stack runs the sources).
 * aws-cdk-lib and the stack are imported here only, on demand: loading them takes seconds.
 */
export async function synthesizeTemplate(): Promise<CfnTemplate> {
  const [{ App }, { ENTRY_METADATA: stackEntryMetadata, SegurStack }] = await Promise.all([import('aws-cdk-lib'), import('../infra/segur-stack.js')]);
  if (stackEntryMetadata !== ENTRY_METADATA) throw new Error(`local stack: metadata key ${stackEntryMetadata} is not ${ENTRY_METADATA}`);
  const outdir = mkdtempSync(join(tmpdir(), 'segur-synth-'));
  try {
    const app = new App({ outdir, context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new SegurStack(app, 'SegurDepot');
    return app.synth().getStackArtifact(stack.artifactId).template as CfnTemplate;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** Local names: a table is named by its logical id, a bucket by its logical id in lower case. */
export function localBucketName(logicalId: string): string {
  return logicalId.toLowerCase();
}

export function readModel(template: CfnTemplate): LocalModel {
  const resources = template.Resources;
  const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
  const resolve = (value: CfnValue): string => {
    if (typeof value === 'string') return value;
    if ('Ref' in value && typeof value.Ref === 'string') {
      const target = resources[value.Ref];
      if (target?.Type === 'AWS::S3::Bucket') return localBucketName(value.Ref);
      return value.Ref;
    }
    throw new Error(`local stack: cannot resolve ${JSON.stringify(value)}`);
  };
  const functionOf = (value: CfnValue): string => {
    const att = (value as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt'];
    if (!att) throw new Error(`local stack: not a function reference ${JSON.stringify(value)}`);
    return att[0];
  };

  const tables = ofType('AWS::DynamoDB::Table').map(([id, r]) => ({
    name: id,
    keySchema: r.Properties!.KeySchema,
    attributeDefinitions: r.Properties!.AttributeDefinitions,
    globalSecondaryIndexes: r.Properties!.GlobalSecondaryIndexes ?? [],
  }));
  const buckets = ofType('AWS::S3::Bucket').map(([id]) => localBucketName(id));

  const functions = new Map<string, LocalFunction>();
  for (const [id, r] of ofType('AWS::Lambda::Function')) {
    const entry = r.Metadata?.[ENTRY_METADATA];
    if (typeof entry !== 'string') continue; // CDK's own helpers (bucket notifications) have no local twin
    const variables = (r.Properties?.Environment?.Variables ?? {}) as Record<string, CfnValue>;
    const environment = Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, resolve(v)]));
    functions.set(id, { id, entry, environment });
  }

  const notifications: LocalNotification[] = [];
  for (const [, r] of ofType('Custom::S3BucketNotifications')) {
    const bucket = resolve(r.Properties!.BucketName);
    for (const c of r.Properties!.NotificationConfiguration?.LambdaFunctionConfigurations ?? []) {
      const rules: { Name: string; Value: string }[] = c.Filter?.Key?.FilterRules ?? [];
      notifications.push({
        bucket,
        events: c.Events,
        prefix: rules.find((x) => x.Name.toLowerCase() === 'prefix')?.Value ?? '',
        suffix: rules.find((x) => x.Name.toLowerCase() === 'suffix')?.Value ?? '',
        functionId: functionOf(c.LambdaFunctionArn),
      });
    }
  }

  const routes: LocalRoute[] = ofType('AWS::ApiGatewayV2::Route').map(([, r]) => {
    const routeKey: string = r.Properties!.RouteKey;
    const target = JSON.stringify(r.Properties!.Target);
    const integrationId = /"Ref":"([^"]+)"/.exec(target)?.[1];
    const integration = integrationId ? resources[integrationId] : undefined;
    if (!integration) throw new Error(`local stack: no integration for ${routeKey}`);
    const [method, path] = routeKey.split(' ') as [string, string];
    return {
      method,
      path,
      routeKey,
      authorization: r.Properties!.AuthorizationType === 'JWT' ? 'JWT' : 'NONE',
      functionId: functionOf(integration.Properties!.IntegrationUri),
    };
  });

  return { tables, buckets, functions, notifications, routes };
}
