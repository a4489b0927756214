/**
 * The CDK stack, asserted on its synthesized template (DESIGN "Tests"): notifications and their
 * filters, routes and their authorizer, IAM scope, encryption, public access blocked.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App, type CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { PUBLIC_ROUTES, ROUTE_KEYS } from '../../functions/api/route-keys.js';
import { SegurStack } from '../../infra/segur-stack.js';
import { CONFIG_VARIABLES } from '../../shared/config.js';
import { ARCHIVE_PREFIX, EXPORT_PREFIX, IMPORT_PREFIX, UPLOAD_PREFIX } from '../../shared/app/object-keys.js';
import { ARCHIVE_LEASE, COMMIT_LEASE, SIMULATION_LEASE } from '../../shared/domain/import-lifecycle.js';
import { grantsOf, type Json, render, resourcesAllowed, type Statement, statementsOfRole } from './helpers.js';

let stack: SegurStack;
let template: Template;
let resources: Record<string, Json>;
/** Logical ids, found from the construct tree rather than guessed hashes. */
const id = {} as Record<
  | 'uploads' | 'documents' | 'imports' | 'referentiel' | 'sequences' | 'demandes' | 'unicites' | 'archives'
  | 'api' | 'apiRole' | 'simulate' | 'simulateRole' | 'simulateDlq' | 'commit' | 'commitRole' | 'commitDlq'
  | 'unzip' | 'unzipRole' | 'unzipDlq' | 'failures' | 'failuresRole'
  | 'userPool' | 'client' | 'apiLogs' | 'simulateLogs' | 'commitLogs' | 'unzipLogs' | 'failuresLogs',
  string
>;

function logicalIdOf(constructPath: string): string {
  let node: IConstruct = stack;
  for (const part of constructPath.split('/')) node = node.node.findChild(part);
  const cfn = (node.node.defaultChild ?? node) as CfnElement;
  return stack.resolve(cfn.logicalId) as string;
}

/** What every function's role has besides its own calls: writing to its own log group, sending its traces. */
function platformGrants(logGroup: string): Record<string, string[]> {
  return { 'logs:CreateLogStream': [`${logGroup}.Arn`], 'logs:PutLogEvents': [`${logGroup}.Arn`], 'xray:PutTelemetryRecords': ['*'], 'xray:PutTraceSegments': ['*'] };
}

function ofType(type: string): [string, Json][] {
  return Object.entries(resources).filter(([, r]) => r.Type === type);
}

beforeAll(() => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  stack = new SegurStack(app, 'SegurTest');
  template = Template.fromStack(stack);
  resources = template.toJSON().Resources as Record<string, Json>;
  Object.assign(id, {
    uploads: logicalIdOf('Uploads'),
    documents: logicalIdOf('Documents'),
    imports: logicalIdOf('Imports'),
    referentiel: logicalIdOf('Referentiel'),
    sequences: logicalIdOf('Sequences'),
    demandes: logicalIdOf('Demandes'),
    unicites: logicalIdOf('Unicites'),
    archives: logicalIdOf('Archives'),
    api: logicalIdOf('ApiFunction'),
    apiRole: logicalIdOf('ApiFunctionRole'),
    simulate: logicalIdOf('SimulateFunction'),
    simulateRole: logicalIdOf('SimulateFunctionRole'),
    simulateDlq: logicalIdOf('SimulateFailures'),
    commit: logicalIdOf('CommitFunction'),
    commitRole: logicalIdOf('CommitFunctionRole'),
    commitDlq: logicalIdOf('CommitFailures'),
    unzip: logicalIdOf('UnzipFunction'),
    unzipRole: logicalIdOf('UnzipFunctionRole'),
    unzipDlq: logicalIdOf('UnzipFailures'),
    failures: logicalIdOf('FailuresFunction'),
    failuresRole: logicalIdOf('FailuresFunctionRole'),
    userPool: logicalIdOf('Fournisseurs'),
    apiLogs: logicalIdOf('ApiFunctionLogs'),
    simulateLogs: logicalIdOf('SimulateFunctionLogs'),
    commitLogs: logicalIdOf('CommitFunctionLogs'),
    unzipLogs: logicalIdOf('UnzipFunctionLogs'),
    failuresLogs: logicalIdOf('FailuresFunctionLogs'),
    client: logicalIdOf('Fournisseurs/Web'),
  });
});

describe('bucket notifications', () => {
  it('the uploads bucket notifies exactly simulate on depots/*.json, commit on imports/*.json and unzip on pieces/*.zip, on ObjectCreated', () => {
    const notifications = ofType('Custom::S3BucketNotifications');
    expect(notifications).toHaveLength(1);
    const [, n] = notifications[0]!;
    expect(n.Properties.BucketName).toEqual({ Ref: id.uploads });
    const config = n.Properties.NotificationConfiguration;
    expect(Object.keys(config)).toEqual(['LambdaFunctionConfigurations']);
    const targets = config.LambdaFunctionConfigurations as Json[];
    expect(targets).toHaveLength(3);
    const expected = [
      [id.simulate, 'depots/', '.json'],
      [id.commit, 'imports/', '.json'],
      [id.unzip, 'pieces/', '.zip'],
    ] as const;
    expect(targets.map((t) => t.LambdaFunctionArn).sort((a: Json, b: Json) => render(a).localeCompare(render(b)))).toEqual(
      expected.map(([fn]) => ({ 'Fn::GetAtt': [fn, 'Arn'] })).sort((a, b) => render(a).localeCompare(render(b))),
    );
    for (const [fn, prefix, suffix] of expected) {
      const target = targets.find((t) => t.LambdaFunctionArn?.['Fn::GetAtt']?.[0] === fn);
      expect(target, fn).toBeDefined();
      expect(target.Events, fn).toEqual(['s3:ObjectCreated:*']);
      expect(target.Filter.Key.FilterRules, fn).toHaveLength(2);
      expect(target.Filter.Key.FilterRules, fn).toEqual(
        expect.arrayContaining([
          { Name: 'prefix', Value: prefix },
          { Name: 'suffix', Value: suffix },
        ]),
      );
    }
    expect(UPLOAD_PREFIX).toBe('depots/');
    expect(IMPORT_PREFIX).toBe('imports/');
    expect(ARCHIVE_PREFIX).toBe('pieces/');
  });

  it('the documents bucket triggers nothing: no function runs on its own output', () => {
    expect(resources[id.documents].Properties.NotificationConfiguration).toBeUndefined();
    expect(resources[id.uploads].Properties.NotificationConfiguration).toBeUndefined();
    for (const [, n] of ofType('Custom::S3BucketNotifications')) expect(n.Properties.BucketName).not.toEqual({ Ref: id.documents });
    // Nothing may let S3 invoke a function from the documents bucket either.
    const s3Invokes = ofType('AWS::Lambda::Permission').filter(([, p]) => p.Properties.Principal === 's3.amazonaws.com');
    expect(s3Invokes).toHaveLength(3);
    for (const fn of [id.simulate, id.commit, id.unzip]) {
      const invokes = s3Invokes.filter(([, p]) => p.Properties.FunctionName?.['Fn::GetAtt']?.[0] === fn);
      expect(invokes, fn).toHaveLength(1);
      expect(invokes[0]![1].Properties, fn).toEqual({
        Action: 'lambda:InvokeFunction',
        Principal: 's3.amazonaws.com',
        FunctionName: { 'Fn::GetAtt': [fn, 'Arn'] },
        SourceArn: { 'Fn::GetAtt': [id.uploads, 'Arn'] },
        SourceAccount: { Ref: 'AWS::AccountId' },
      });
    }
    // The only event source mappings: the three failure queues into the failures function (SPEC §6).
    const mappings = ofType('AWS::Lambda::EventSourceMapping').map(([, m]) => m.Properties);
    expect(mappings).toHaveLength(3);
    for (const m of mappings) expect(m.FunctionName).toEqual({ Ref: id.failures });
    expect(mappings.map((m) => m.EventSourceArn).sort((a: Json, b: Json) => render(a).localeCompare(render(b)))).toEqual(
      [id.simulateDlq, id.commitDlq, id.unzipDlq].map((q) => ({ 'Fn::GetAtt': [q, 'Arn'] })).sort((a, b) => render(a).localeCompare(render(b))),
    );
    template.resourceCountIs('AWS::Events::Rule', 0);
  });
});

/** The routes open without a token: the JSON Schemas, the documentation and its example files. */
const OPEN_ROUTES: string[] = ['GET /schemas/{logiciel}', 'GET /documentation', 'GET /documentation/exemples/{nom}'];

describe('HTTP API routes', () => {
  it('declares exactly the route keys of ROUTE_KEYS', () => {
    const keys = ofType('AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties.RouteKey as string);
    expect(keys.sort()).toEqual([...ROUTE_KEYS].sort());
    expect(keys).toHaveLength(new Set(keys).size);
    expect(keys).toEqual(
      expect.arrayContaining(['POST /imports/{id}/pieces-jointes', 'GET /imports/{id}/pieces-jointes', 'POST /imports/{id}/terminer']),
    );
    expect(PUBLIC_ROUTES).toEqual(OPEN_ROUTES);
  });

  it('every route needs the JWT authorizer except the schemas and the documentation (SPEC §8)', () => {
    const authorizers = ofType('AWS::ApiGatewayV2::Authorizer');
    expect(authorizers).toHaveLength(1);
    const [authorizerId] = authorizers[0]!;
    for (const [, route] of ofType('AWS::ApiGatewayV2::Route')) {
      const p = route.Properties;
      if (OPEN_ROUTES.includes(p.RouteKey)) {
        expect(p.AuthorizationType, p.RouteKey).toBe('NONE');
        expect(p.AuthorizerId, p.RouteKey).toBeUndefined();
      } else {
        expect(p.AuthorizationType, p.RouteKey).toBe('JWT');
        expect(p.AuthorizerId, p.RouteKey).toEqual({ Ref: authorizerId });
      }
    }
  });

  it("the JWT authorizer trusts the user pool's issuer and the web client's audience", () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Audience: [{ Ref: id.client }], Issuer: Match.anyValue() },
    });
    const [[, authorizer]] = ofType('AWS::ApiGatewayV2::Authorizer') as [[string, Json]];
    expect(render(authorizer.Properties.JwtConfiguration.Issuer)).toBe(
      `https://cognito-idp.\${AWS::Region}.amazonaws.com/${id.userPool}`,
    );
  });

  it('every route integrates the api function, payload format 2.0', () => {
    for (const [, route] of ofType('AWS::ApiGatewayV2::Route')) {
      const target = render(route.Properties.Target);
      expect(target, route.Properties.RouteKey).toMatch(/^integrations\/[A-Za-z0-9]+$/);
      const integration = resources[target.slice('integrations/'.length)];
      expect(integration?.Type).toBe('AWS::ApiGatewayV2::Integration');
      expect(integration.Properties).toMatchObject({
        IntegrationType: 'AWS_PROXY',
        IntegrationUri: { 'Fn::GetAtt': [id.api, 'Arn'] },
        PayloadFormatVersion: '2.0',
      });
    }
  });
});

describe('buckets', () => {
  const buckets = () => [id.uploads, id.documents];

  // kept or removed with the stack as the stage says: stages.test.ts
  it('block all public access, are encrypted, enforce object ownership and log their access', () => {
    for (const bucket of buckets()) {
      const r = resources[bucket];
      expect(r.Properties.PublicAccessBlockConfiguration, bucket).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      const [encryption] = r.Properties.BucketEncryption.ServerSideEncryptionConfiguration;
      expect(['AES256', 'aws:kms', 'aws:kms:dsse'], bucket).toContain(encryption.ServerSideEncryptionByDefault.SSEAlgorithm);
      expect(r.Properties.OwnershipControls, bucket).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
      expect(r.Properties.LoggingConfiguration?.DestinationBucketName, bucket).toEqual({ Ref: logicalIdOf('Journaux') });
    }
  });

  it('deny every request not made over TLS', () => {
    for (const bucket of buckets()) {
      const policies = ofType('AWS::S3::BucketPolicy').filter(([, p]) => p.Properties.Bucket?.Ref === bucket);
      expect(policies, bucket).toHaveLength(1);
      const statements = policies[0]![1].Properties.PolicyDocument.Statement as Json[];
      const denyTls = statements.find((s) => s.Effect === 'Deny' && s.Condition?.Bool?.['aws:SecureTransport'] === 'false');
      expect(denyTls, bucket).toBeDefined();
      expect(denyTls.Principal).toEqual({ AWS: '*' });
      expect(denyTls.Action).toBe('s3:*');
      expect(denyTls.Resource.map(render).sort()).toEqual([`${bucket}.Arn`, `${bucket}.Arn/*`]);
    }
  });

  it('the documents bucket is versioned', () => {
    expect(resources[id.documents].Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
  });

  it('the documents bucket keeps large CSV exports one day, and nothing else expires', () => {
    expect(resources[id.documents].Properties.LifecycleConfiguration.Rules).toEqual([
      { Prefix: EXPORT_PREFIX, ExpirationInDays: 1, NoncurrentVersionExpiration: { NoncurrentDays: 1 }, Status: 'Enabled' },
    ]);
  });

  it('CORS on the uploads bucket allows POST (presigned browser uploads), nothing else', () => {
    const rules = resources[id.uploads].Properties.CorsConfiguration.CorsRules as Json[];
    expect(rules).toHaveLength(1);
    expect(rules[0].AllowedMethods).toEqual(['POST']);
    expect(resources[id.documents].Properties.CorsConfiguration).toBeUndefined();
  });
});

describe('DynamoDB', () => {
  const tables = () => [id.imports, id.referentiel, id.sequences, id.demandes, id.unicites, id.archives];

  // deletion protection and retention in prod, neither in dev: stages.test.ts
  it('six tables, on demand, point-in-time recovery', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 6);
    expect(new Set(tables()).size).toBe(6);
    for (const table of tables()) {
      const r = resources[table];
      expect(r?.Type, table).toBe('AWS::DynamoDB::Table');
      expect(r.Properties.BillingMode, table).toBe('PAY_PER_REQUEST');
      expect(r.Properties.PointInTimeRecoverySpecification, table).toEqual({ PointInTimeRecoveryEnabled: true });
    }
  });

  it('each table has exactly its primary key', () => {
    const keys: [string, [string, 'S' | 'N'], [string, 'S' | 'N']?][] = [
      [id.imports, ['identifiant', 'N']],
      [id.referentiel, ['siret', 'S'], ['cle', 'S']],
      [id.sequences, ['nom', 'S']],
      [id.demandes, ['numeroDossier', 'S']],
      [id.unicites, ['cle', 'S']],
      [id.archives, ['identifiantImport', 'N'], ['identifiant', 'N']],
    ];
    for (const [table, [hash, hashType], range] of keys) {
      const p = resources[table].Properties;
      expect(p.KeySchema, table).toEqual([
        { AttributeName: hash, KeyType: 'HASH' },
        ...(range ? [{ AttributeName: range[0], KeyType: 'RANGE' }] : []),
      ]);
      expect(p.AttributeDefinitions, table).toEqual(
        expect.arrayContaining([
          { AttributeName: hash, AttributeType: hashType },
          ...(range ? [{ AttributeName: range[0], AttributeType: range[1] }] : []),
        ]),
      );
    }
  });

  it('Archives is keyed by (identifiantImport N, identifiant N), with no secondary index', () => {
    const p = resources[id.archives].Properties;
    expect(p.KeySchema).toEqual([
      { AttributeName: 'identifiantImport', KeyType: 'HASH' },
      { AttributeName: 'identifiant', KeyType: 'RANGE' },
    ]);
    expect(p.AttributeDefinitions).toEqual([
      { AttributeName: 'identifiantImport', AttributeType: 'N' },
      { AttributeName: 'identifiant', AttributeType: 'N' },
    ]);
    expect(p.GlobalSecondaryIndexes).toBeUndefined();
    expect(p.LocalSecondaryIndexes).toBeUndefined();
  });

  it('Demandes is keyed by numeroDossier, Unicites by cle, neither with a sort key', () => {
    expect(resources[id.demandes].Properties.KeySchema).toEqual([{ AttributeName: 'numeroDossier', KeyType: 'HASH' }]);
    expect(resources[id.unicites].Properties.KeySchema).toEqual([{ AttributeName: 'cle', KeyType: 'HASH' }]);
    expect(resources[id.unicites].Properties.AttributeDefinitions).toEqual([{ AttributeName: 'cle', AttributeType: 'S' }]);
    expect(resources[id.unicites].Properties.GlobalSecondaryIndexes).toBeUndefined();
  });

  it('the imports table has the GSI parFournisseur (siret HASH, cle RANGE)', () => {
    const gsis = resources[id.imports].Properties.GlobalSecondaryIndexes as Json[];
    expect(gsis).toHaveLength(1);
    expect(gsis[0]).toMatchObject({
      IndexName: 'parFournisseur',
      KeySchema: [
        { AttributeName: 'siret', KeyType: 'HASH' },
        { AttributeName: 'cle', KeyType: 'RANGE' },
      ],
    });
    expect(resources[id.imports].Properties.AttributeDefinitions).toEqual(
      expect.arrayContaining([
        { AttributeName: 'siret', AttributeType: 'S' },
        { AttributeName: 'cle', AttributeType: 'S' },
      ]),
    );
  });

  it('the Demandes table has the GSIs parFournisseur (siret, cle) and parImport (identifiantImport N, numLigne N)', () => {
    const p = resources[id.demandes].Properties;
    const gsis = p.GlobalSecondaryIndexes as Json[];
    expect(gsis.map((g) => g.IndexName).sort()).toEqual(['parFournisseur', 'parImport']);
    expect(gsis.find((g) => g.IndexName === 'parFournisseur').KeySchema).toEqual([
      { AttributeName: 'siret', KeyType: 'HASH' },
      { AttributeName: 'cle', KeyType: 'RANGE' },
    ]);
    expect(gsis.find((g) => g.IndexName === 'parImport').KeySchema).toEqual([
      { AttributeName: 'identifiantImport', KeyType: 'HASH' },
      { AttributeName: 'numLigne', KeyType: 'RANGE' },
    ]);
    const byName = (a: Json, b: Json) => String(a.AttributeName).localeCompare(String(b.AttributeName));
    expect([...p.AttributeDefinitions].sort(byName)).toEqual(
      [
        { AttributeName: 'numeroDossier', AttributeType: 'S' },
        { AttributeName: 'siret', AttributeType: 'S' },
        { AttributeName: 'cle', AttributeType: 'S' },
        { AttributeName: 'identifiantImport', AttributeType: 'N' },
        { AttributeName: 'numLigne', AttributeType: 'N' },
      ].sort(byName),
    );
  });
});

describe('Lambda functions', () => {
  const functions = () =>
    [
      [id.api, id.apiRole, 30, 512],
      [id.simulate, id.simulateRole, 30, 1024],
      [id.commit, id.commitRole, 120, 1024],
      [id.unzip, id.unzipRole, 120, 2048],
    ] as const;

  it('api, simulate, commit and unzip: nodejs24.x, arm64, their own role, configured by environment', () => {
    // the four, and the failure queues' consumer (its own test below)
    const ours = ofType('AWS::Lambda::Function').filter(([, f]) => f.Metadata?.['segur:entry'] !== undefined);
    expect(ours).toHaveLength(5);
    for (const [fnId, f] of ours) expect(f.Properties.Runtime, fnId).toBe('nodejs24.x');
    const expected = {
      [CONFIG_VARIABLES.importsTable]: { Ref: id.imports },
      [CONFIG_VARIABLES.referentielTable]: { Ref: id.referentiel },
      [CONFIG_VARIABLES.sequencesTable]: { Ref: id.sequences },
      [CONFIG_VARIABLES.demandesTable]: { Ref: id.demandes },
      [CONFIG_VARIABLES.unicitesTable]: { Ref: id.unicites },
      [CONFIG_VARIABLES.archivesTable]: { Ref: id.archives },
      [CONFIG_VARIABLES.uploadsBucket]: { Ref: id.uploads },
      [CONFIG_VARIABLES.documentsBucket]: { Ref: id.documents },
    };
    expect(Object.keys(expected).sort()).toEqual([
      'ARCHIVES_TABLE',
      'DEMANDES_TABLE',
      'DOCUMENTS_BUCKET',
      'IMPORTS_TABLE',
      'REFERENTIEL_TABLE',
      'SEQUENCES_TABLE',
      'UNICITES_TABLE',
      'UPLOADS_BUCKET',
    ]);
    for (const [fn, role] of functions()) {
      const p = resources[fn].Properties;
      expect(p.Runtime, fn).toBe('nodejs24.x');
      expect(p.Architectures, fn).toEqual(['arm64']);
      expect(p.Role, fn).toEqual({ 'Fn::GetAtt': [role, 'Arn'] });
      expect(p.Environment.Variables, fn).toMatchObject(expected);
    }
    expect(new Set(functions().map(([, role]) => role)).size).toBe(4);
  });

  it('timeouts: api and simulate at most 30 s, commit and unzip 120 s', () => {
    for (const [fn, , timeout] of functions()) expect(resources[fn].Properties.Timeout, fn).toBe(timeout);
  });

  it('memory: api 512 MB, simulate and commit 1024 MB, unzip 2048 MB (a whole archive in memory)', () => {
    for (const [fn, , , memory] of functions()) expect(resources[fn].Properties.MemorySize, fn).toBe(memory);
  });

  it('simulate, commit and unzip each have their own encrypted dead-letter queue, 2 retry attempts, events kept 6 h', () => {
    expect(new Set([id.simulateDlq, id.commitDlq, id.unzipDlq]).size).toBe(3);
    // and each failure queue its own dead-letter queue (failures.test below)
    template.resourceCountIs('AWS::SQS::Queue', 6);
    template.resourceCountIs('AWS::Lambda::EventInvokeConfig', 3);
    for (const [fn, dlq] of [
      [id.simulate, id.simulateDlq],
      [id.commit, id.commitDlq],
      [id.unzip, id.unzipDlq],
    ] as const) {
      expect(resources[fn].Properties.DeadLetterConfig, fn).toEqual({ TargetArn: { 'Fn::GetAtt': [dlq, 'Arn'] } });
      const queue = resources[dlq].Properties;
      expect(resources[dlq].Type, dlq).toBe('AWS::SQS::Queue');
      expect(queue.SqsManagedSseEnabled === true || queue.KmsMasterKeyId !== undefined, dlq).toBe(true);
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: fn },
        Qualifier: '$LATEST',
        MaximumRetryAttempts: 2,
        MaximumEventAgeInSeconds: 6 * 3600,
      });
    }
    expect(resources[id.api].Properties.DeadLetterConfig).toBeUndefined();
  });
});

/** A role's listings of the documents bucket are limited to keys under `prefix`. */
function expectListingOnlyUnder(statements: Statement[], prefix: string): void {
  const listings = statements.filter((s) => s.actions.includes('s3:ListBucket'));
  expect(listings.length).toBeGreaterThan(0);
  for (const s of listings) {
    expect(s.actions).toEqual(['s3:ListBucket']);
    expect(s.raw.Condition).toEqual({ StringLike: { 's3:prefix': [`${prefix}*`] } });
  }
}

describe('IAM least privilege', () => {
  let api: Statement[];
  let simulate: Statement[];
  let commit: Statement[];
  let unzip: Statement[];
  beforeAll(() => {
    api = statementsOfRole(template, id.apiRole);
    simulate = statementsOfRole(template, id.simulateRole);
    commit = statementsOfRole(template, id.commitRole);
    unzip = statementsOfRole(template, id.unzipRole);
  });
  const roles = () => [
    ['api', api],
    ['simulate', simulate],
    ['commit', commit],
    ['unzip', unzip],
  ] as const;
  /** Every role of the template with its statements, the CDK's own (bucket notifications handler) included. */
  const everyRole = () => ofType('AWS::IAM::Role').map(([roleId]) => [roleId, statementsOfRole(template, roleId)] as const);
  const tableArns = () => [id.imports, id.referentiel, id.sequences, id.demandes, id.unicites, id.archives].map((t) => `${t}.Arn`);
  const arn = (logicalId: string, suffix = '') => `${logicalId}.Arn${suffix}`;

  it('no wildcard action, no NotAction/NotResource, no Resource "*"', () => {
    for (const [name, statements] of roles()) {
      expect(statements.length, name).toBeGreaterThan(0);
      for (const s of statements) {
        expect(s.raw.NotAction, name).toBeUndefined();
        expect(s.raw.NotResource, name).toBeUndefined();
        expect(s.actions.length, name).toBeGreaterThan(0);
        for (const action of s.actions) expect(action, `${name}: ${action}`).not.toContain('*');
        expect(s.resources.length, name).toBeGreaterThan(0);
        // X-Ray's two actions alone take no resource (tracing, DESIGN); nothing else may name "*"
        const xray = s.actions.length === 2 && s.actions.every((a) => a === 'xray:PutTraceSegments' || a === 'xray:PutTelemetryRecords');
        for (const resource of s.resources) if (!xray) expect(resource, `${name}: ${s.actions.join(',')}`).not.toBe('*');
      }
    }
  });

  it('no managed policy on a function role: each writes to its own log group only', () => {
    for (const [role, logs] of [
      [id.apiRole, id.apiLogs],
      [id.simulateRole, id.simulateLogs],
      [id.commitRole, id.commitLogs],
      [id.unzipRole, id.unzipLogs],
      [id.failuresRole, id.failuresLogs],
    ] as const) {
      expect(resources[role].Properties.ManagedPolicyArns, role).toBeUndefined();
      const statements = statementsOfRole(template, role);
      expect(resourcesAllowed(statements, 'logs:PutLogEvents'), role).toEqual([`${logs}.Arn`]);
      expect(resourcesAllowed(statements, 'logs:CreateLogStream'), role).toEqual([`${logs}.Arn`]);
      expect(resourcesAllowed(statements, 'logs:CreateLogGroup'), role).toEqual([]);
    }
  });

  it('api: exactly its grants', () => {
    expect(grantsOf(api)).toEqual({
      ...platformGrants(id.apiLogs),
      'dynamodb:BatchGetItem': [arn(id.demandes)],
      'dynamodb:GetItem': [arn(id.demandes), arn(id.imports), arn(id.referentiel)].sort(),
      'dynamodb:PutItem': [arn(id.archives), arn(id.imports)].sort(),
      'dynamodb:Query': [arn(id.archives), arn(id.demandes, '/index/parFournisseur'), arn(id.imports, '/index/parFournisseur')].sort(),
      'dynamodb:UpdateItem': [arn(id.demandes), arn(id.imports), arn(id.sequences)].sort(),
      's3:GetObject': [arn(id.documents, '/fichiers/*'), arn(id.documents, '/retours/*'), arn(id.documents, `/${EXPORT_PREFIX}*`), arn(id.uploads, `/${IMPORT_PREFIX}*`)].sort(),
      's3:PutObject': [
        arn(id.uploads, `/${UPLOAD_PREFIX}*`),
        arn(id.uploads, `/${IMPORT_PREFIX}*`),
        arn(id.uploads, `/${ARCHIVE_PREFIX}*`),
        arn(id.documents, `/${EXPORT_PREFIX}*`),
      ].sort(),
    });
  });

  it('simulate: exactly its grants', () => {
    expect(grantsOf(simulate)).toEqual({
      ...platformGrants(id.simulateLogs),
      'dynamodb:BatchGetItem': [arn(id.unicites)],
      'dynamodb:GetItem': [arn(id.demandes), arn(id.imports), arn(id.referentiel)].sort(),
      'dynamodb:UpdateItem': [arn(id.imports)],
      's3:GetObject': [arn(id.uploads, `/${UPLOAD_PREFIX}*`)],
      's3:PutObject': [arn(id.documents, '/fichiers/*'), arn(id.documents, '/retours/*')].sort(),
      'sqs:SendMessage': [arn(id.simulateDlq)],
    });
  });

  it('commit: exactly its grants', () => {
    expect(grantsOf(commit)).toEqual({
      ...platformGrants(id.commitLogs),
      'dynamodb:DeleteItem': [arn(id.unicites)],
      'dynamodb:GetItem': [arn(id.demandes), arn(id.imports), arn(id.referentiel), arn(id.unicites)].sort(),
      'dynamodb:PutItem': [arn(id.demandes), arn(id.unicites)].sort(),
      'dynamodb:UpdateItem': [arn(id.imports), arn(id.sequences)].sort(),
      's3:GetObject': [arn(id.uploads, `/${IMPORT_PREFIX}*`)],
      's3:PutObject': [arn(id.documents, '/retours/*')],
      'sqs:SendMessage': [arn(id.commitDlq)],
    });
  });

  it('unzip: exactly its grants', () => {
    expect(grantsOf(unzip)).toEqual({
      ...platformGrants(id.unzipLogs),
      'dynamodb:BatchGetItem': [arn(id.demandes)],
      'dynamodb:GetItem': [arn(id.archives), arn(id.imports)].sort(),
      // on Imports: its permit, taken and given back (SPEC §7, Finish and archives never cross); no request is written
      'dynamodb:UpdateItem': [arn(id.archives), arn(id.imports)].sort(),
      's3:GetObject': [arn(id.uploads, `/${ARCHIVE_PREFIX}*`)],
      's3:PutObject': [arn(id.documents, `/${ARCHIVE_PREFIX}*`)],
      // a refused archive empties its own folder (SPEC §7: nothing of it is kept)
      's3:DeleteObject': [arn(id.documents, `/${ARCHIVE_PREFIX}*`)],
      's3:ListBucket': [arn(id.documents)],
      'sqs:SendMessage': [arn(id.unzipDlq)],
    });
    expectListingOnlyUnder(unzip, ARCHIVE_PREFIX);
  });

  it('S3 grants are scoped to key prefixes, never a whole bucket (a listing: the bucket, under a prefix condition)', () => {
    for (const [name, statements] of roles()) {
      for (const s of statements.filter((x) => x.actions.some((a) => a.startsWith('s3:')))) {
        if (s.actions.length === 1 && s.actions[0] === 's3:ListBucket') {
          expect(Object.keys(s.raw.Condition ?? {}), name).toEqual(['StringLike']);
          continue;
        }
        for (const resource of s.resources) {
          expect(resource, name).toMatch(new RegExp(`^(${id.uploads}|${id.documents})\\.Arn/[a-z-]+/\\*$`));
        }
      }
    }
  });

  it('no function writes where it is triggered: only api puts objects in the uploads bucket, under depots/*, imports/* and pieces/*', () => {
    const onUploads = (resource: string) => resource === arn(id.uploads) || resource.startsWith(`${id.uploads}.`);
    // simulate (triggered by depots/), commit (triggered by imports/) and unzip (triggered by pieces/) have no write at all on the uploads bucket
    for (const [name, statements] of [
      ['simulate', simulate],
      ['commit', commit],
      ['unzip', unzip],
    ] as const) {
      expect(resourcesAllowed(statements, 's3:PutObject').filter(onUploads), name).toEqual([]);
      for (const s of statements) {
        for (const resource of s.resources) {
          expect(onUploads(resource) && s.actions.some((a) => a !== 's3:GetObject'), `${name}: ${s.actions.join(',')} ${resource}`).toBe(false);
        }
      }
    }
    // across every role of the template, PutObject on the uploads bucket belongs to api alone
    for (const [roleId, statements] of everyRole()) {
      const puts = resourcesAllowed(statements, 's3:PutObject').filter(onUploads);
      if (roleId === id.apiRole) {
        expect(puts).toEqual([arn(id.uploads, `/${UPLOAD_PREFIX}*`), arn(id.uploads, `/${IMPORT_PREFIX}*`), arn(id.uploads, `/${ARCHIVE_PREFIX}*`)].sort());
      }
      else expect(puts, roleId).toEqual([]);
    }
  });

  it('DynamoDB grants name only the six tables (or their indexes)', () => {
    for (const [name, statements] of roles()) {
      for (const s of statements.filter((x) => x.actions.some((a) => a.startsWith('dynamodb:')))) {
        for (const resource of s.resources) {
          expect(tableArns().some((t) => resource === t || resource.startsWith(`${t}/index/`)), `${name}: ${resource}`).toBe(true);
        }
      }
    }
  });

  it('no function deletes an item, except commit on Unicites; none batch-writes (requests are created with conditions)', () => {
    for (const [roleId, statements] of everyRole()) {
      const isCommit = roleId === id.commitRole;
      expect(resourcesAllowed(statements, 'dynamodb:DeleteItem'), roleId).toEqual(isCommit ? [arn(id.unicites)] : []);
      expect(resourcesAllowed(statements, 'dynamodb:BatchWriteItem'), roleId).toEqual([]);
      for (const action of ['dynamodb:PartiQLDelete', 'dynamodb:DeleteTable', 'dynamodb:PartiQLUpdate', 'dynamodb:PartiQLInsert']) {
        expect(resourcesAllowed(statements, action), `${roleId}: ${action}`).toEqual([]);
      }
    }
  });

  it('simulate neither creates, deletes nor lists imports, has nothing on sequences, and writes no request nor claim', () => {
    const on = (table: string) => (resource: string) => resource === arn(table) || resource.startsWith(`${arn(table)}/`);
    for (const action of ['dynamodb:PutItem', 'dynamodb:DeleteItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:BatchWriteItem']) {
      expect(resourcesAllowed(simulate, action).filter(on(id.imports)), action).toEqual([]);
    }
    const onSequences = simulate.filter((s) => s.resources.some((r) => r.startsWith(`${id.sequences}.`)));
    expect(onSequences).toEqual([]);
    // reads only: the AVT-03 forecast
    for (const [table, reads] of [
      [id.demandes, ['dynamodb:GetItem']],
      [id.unicites, ['dynamodb:BatchGetItem']],
    ] as const) {
      const touching = simulate.filter((s) => s.resources.some(on(table)));
      for (const s of touching) expect(s.actions, table).toEqual(reads);
    }
  });

  it('unzip touches only Archives (read, update), Demandes (read, update) and its import (read, and its permit there); it creates and deletes nothing', () => {
    const on = (table: string) => (resource: string) => resource === arn(table) || resource.startsWith(`${arn(table)}/`);
    expect(unzip.filter((s) => s.resources.some(on(id.imports))).flatMap((s) => s.actions)).toEqual(['dynamodb:GetItem', 'dynamodb:UpdateItem']);
    expect(unzip.filter((s) => s.resources.some((r) => r.startsWith(`${arn(id.imports)}/`)))).toEqual([]);
    for (const table of [id.referentiel, id.sequences, id.unicites]) {
      expect(unzip.filter((s) => s.resources.some(on(table))), table).toEqual([]);
    }
    for (const action of ['dynamodb:PutItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem', 'dynamodb:Scan']) {
      expect(resourcesAllowed(unzip, action), action).toEqual([]);
    }
    // its output goes to the documents bucket, which triggers nothing: no loop
    expect(resourcesAllowed(unzip, 's3:PutObject')).toEqual([arn(id.documents, `/${ARCHIVE_PREFIX}*`)]);
  });

  it('simulate, commit and unzip may each send only to their own dead-letter queue; api to none', () => {
    for (const [statements, dlq] of [
      [simulate, id.simulateDlq],
      [commit, id.commitDlq],
      [unzip, id.unzipDlq],
    ] as const) {
      const sqsStatements = statements.filter((s) => s.actions.some((a) => a.startsWith('sqs:')));
      expect(sqsStatements.length, dlq).toBeGreaterThan(0);
      for (const s of sqsStatements) {
        expect(s.actions).toEqual(['sqs:SendMessage']);
        expect(s.resources).toEqual([arn(dlq)]);
      }
    }
    expect(api.filter((s) => s.actions.some((a) => a.startsWith('sqs:')))).toEqual([]);
  });
});

describe('the failure handler (SPEC §6: an event whose retries are exhausted records ERREUR_TECHNIQUE)', () => {
  const arn = (logicalId: string) => `${logicalId}.Arn`;
  const dlqs = () => [id.simulateDlq, id.commitDlq, id.unzipDlq];

  it('is a function of its own: nodejs24.x, arm64, its own role, configured by environment, run by the local stack from its entry', () => {
    const p = resources[id.failures].Properties;
    expect(p.Runtime).toBe('nodejs24.x');
    expect(p.Architectures).toEqual(['arm64']);
    expect(p.Role).toEqual({ 'Fn::GetAtt': [id.failuresRole, 'Arn'] });
    expect(p.Environment.Variables).toMatchObject({ [CONFIG_VARIABLES.importsTable]: { Ref: id.imports }, [CONFIG_VARIABLES.archivesTable]: { Ref: id.archives } });
    expect(p.Timeout).toBeLessThanOrEqual(30);
    expect(resources[id.failures].Metadata['segur:entry']).toBe('functions/failures/handler.ts');
    expect(existsSync(path.join(import.meta.dirname, '../..', 'functions/failures/handler.ts'))).toBe(true);
    // run from the queues, synchronously: no retries of its own, no queue of its own, and nothing else invokes it
    expect(p.DeadLetterConfig).toBeUndefined();
    expect(ofType('AWS::Lambda::EventInvokeConfig').filter(([, c]) => c.Properties.FunctionName?.Ref === id.failures)).toEqual([]);
    expect(ofType('AWS::Lambda::Permission').filter(([, x]) => x.Properties.FunctionName?.['Fn::GetAtt']?.[0] === id.failures)).toEqual([]);
  });

  it('consumes each failure queue, reporting back one by one the messages whose work is still held', () => {
    const mappings = ofType('AWS::Lambda::EventSourceMapping').map(([, m]) => m.Properties);
    for (const dlq of dlqs()) {
      const m = mappings.find((x) => x.EventSourceArn?.['Fn::GetAtt']?.[0] === dlq);
      expect(m, dlq).toBeDefined();
      expect(m.FunctionName, dlq).toEqual({ Ref: id.failures });
      expect(m.FunctionResponseTypes, dlq).toEqual(['ReportBatchItemFailures']);
      expect(m.Enabled === undefined || m.Enabled === true, dlq).toBe(true);
    }
  });

  it('a message reported back comes again only once every lease is over, and after the consumer\'s own time limit', () => {
    const longest = Math.max(SIMULATION_LEASE.durationMs, ARCHIVE_LEASE.durationMs, COMMIT_LEASE.durationMs) / 1000;
    for (const dlq of dlqs()) {
      const visibility = resources[dlq].Properties.VisibilityTimeout as number;
      expect(visibility, dlq).toBeGreaterThan(longest);
      expect(visibility, dlq).toBeGreaterThanOrEqual(resources[id.failures].Properties.Timeout);
      // still kept 14 days for operators
      expect(resources[dlq].Properties.MessageRetentionPeriod, dlq).toBe(14 * 24 * 3600);
    }
  });

  it('exactly its grants: the state and lease of imports and archives, reading the three failure queues; no object, no other table, no send', () => {
    const statements = statementsOfRole(template, id.failuresRole);
    const consume = ['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'];
    expect(grantsOf(statements)).toEqual({
      ...platformGrants(id.failuresLogs),
      'dynamodb:GetItem': [arn(id.archives), arn(id.imports)].sort(),
      'dynamodb:UpdateItem': [arn(id.archives), arn(id.imports)].sort(),
      // an archive given up empties its own folder of documents
      's3:DeleteObject': [`${id.documents}.Arn/${ARCHIVE_PREFIX}*`],
      's3:ListBucket': [arn(id.documents)],
      ...Object.fromEntries(consume.map((action) => [action, dlqs().map(arn).sort()])),
    });
    expectListingOnlyUnder(statements, ARCHIVE_PREFIX);
    for (const s of statements) {
      expect(s.raw.NotAction).toBeUndefined();
      expect(s.raw.NotResource).toBeUndefined();
      for (const action of s.actions) expect(action).not.toContain('*');
    }
    expect(resources[id.failuresRole].Properties.ManagedPolicyArns).toBeUndefined();
  });
});

describe('Cognito', () => {
  it('the user pool carries an immutable 14-character siret and has no self sign-up', () => {
    const p = resources[id.userPool].Properties;
    expect(p.Schema).toEqual(
      expect.arrayContaining([
        {
          Name: 'siret',
          AttributeDataType: 'String',
          Mutable: false,
          StringAttributeConstraints: { MinLength: '14', MaxLength: '14' },
        },
      ]),
    );
    expect(p.AdminCreateUserConfig).toMatchObject({ AllowAdminCreateUserOnly: true });
  });

  it('the web client has no secret and can never write custom:siret', () => {
    const p = resources[id.client].Properties;
    expect(p.UserPoolId).toEqual({ Ref: id.userPool });
    expect(p.GenerateSecret === undefined || p.GenerateSecret === false).toBe(true);
    // Without WriteAttributes, a client may write every writable attribute.
    expect(Array.isArray(p.WriteAttributes)).toBe(true);
    expect(p.WriteAttributes).not.toContain('custom:siret');
  });

  it('the web client enables no implicit OAuth grant and no placeholder callback URL', () => {
    // The client signs in with SRP; CDK's default OAuth settings add the implicit grant (tokens in
    // the URL fragment, discouraged by the OAuth 2.0 Security BCP) and https://example.com as a callback.
    const p = resources[id.client].Properties;
    expect(p.AllowedOAuthFlows ?? []).not.toContain('implicit');
    expect(p.CallbackURLs ?? []).not.toContain('https://example.com');
  });
});

describe('real bundling', () => {
  it('synthesizes api, simulate, commit, unzip and failures each with a bundled index.js in the cloud assembly', () => {
    const outdir = mkdtempSync(path.join(tmpdir(), 'segur-cdk-'));
    try {
      const app = new App({ outdir });
      const bundled = new SegurStack(app, 'SegurBundled');
      const assembly = app.synth();
      const stackTemplate = assembly.getStackByName(bundled.stackName).template as Json;
      const hashes = new Set<string>();
      for (const name of ['ApiFunction', 'SimulateFunction', 'CommitFunction', 'UnzipFunction', 'FailuresFunction']) {
        const fn = (bundled.node.findChild(name).node.defaultChild as CfnElement).logicalId;
        const code = stackTemplate.Resources[bundled.resolve(fn) as string].Properties.Code;
        const hash = String(code.S3Key).replace(/\.zip$/, '');
        hashes.add(hash);
        const dir = path.join(assembly.directory, `asset.${hash}`);
        expect(existsSync(dir), dir).toBe(true);
        const index = path.join(dir, 'index.js');
        expect(existsSync(index), index).toBe(true);
        expect(statSync(index).size).toBeGreaterThan(1000);
        expect(readFileSync(index, 'utf8')).toContain('handler');
      }
      // five distinct bundles: no function ships another's code
      expect(hashes.size).toBe(5);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  }, 120_000);
});
