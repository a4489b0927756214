/**
 * The dev stack as `npm run synth` writes it (issue 11), made as infra/app.ts makes it (no
 * context): its region, the portal on CloudFront, its deploy-time configuration and cache rules,
 * the suppliers' sign-in, alarms and dashboard, CDK's own functions, and cdk-nag's AwsSolutions
 * pack with nothing left unacknowledged. One synthesis for the whole file.
 */
import { App, type CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { THRESHOLDS } from '../../infra/monitoring.js';
import { segurStack } from '../../infra/segur-app.js';
import type { SegurStack } from '../../infra/segur-stack.js';
import { METRIC } from '../../shared/observability/metrics.js';
import { type Json, render, statementsOfRole, grantsOf } from './helpers.js';

let stack: SegurStack;
let resources: Record<string, Json>;
let outdir: string;

function logicalIdOf(constructPath: string): string {
  let node: IConstruct = stack;
  for (const part of constructPath.split('/')) node = node.node.findChild(part);
  return stack.resolve(((node.node.defaultChild ?? node) as CfnElement).logicalId) as string;
}
const ofType = (type: string): [string, Json][] => Object.entries(resources).filter(([, r]) => r.Type === type);
const only = (type: string): [string, Json] => {
  const found = ofType(type);
  expect(found, type).toHaveLength(1);
  return found[0]!;
};
/** A Fn::Join rendered, tokens as `<LogicalId.Attribute>` or `${AWS::Region}`. */
const joined = (value: Json) => render(value);

beforeAll(() => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  // as the CDK CLI runs infra/app.ts: it always sets CDK_DEFAULT_REGION (the profile's, or us-east-1)
  stack = segurStack(app, { CDK_DEFAULT_REGION: 'us-east-1', CDK_DEFAULT_ACCOUNT: '123456789012' });
  resources = Template.fromStack(stack).toJSON().Resources as Record<string, Json>;
  outdir = app.outdir;
});

/** The folder CDK staged for a deployment's source (`<hash>.zip` in the template). */
const stagedSource = (objectKey: string) => join(outdir, `asset.${objectKey.replace(/\.zip$/, '')}`);
/** The deployment of index.html and config.json (the only one with an include filter). */
const entryDeployment = () => {
  const found = ofType('Custom::CDKBucketDeployment').map(([, d]) => d.Properties).filter((d) => d.Include !== undefined);
  expect(found).toHaveLength(1);
  return found[0];
};

describe('the stack the CLI deploys without context', () => {
  it('is the dev stack, in eu-west-3 whatever the CLI\'s default region', () => {
    expect(stack.stackName).toBe('SegurDepotDev');
    expect(stack.region).toBe('eu-west-3');
    expect(stack.account).toBe('123456789012');
  });
});

describe('the portal on CloudFront', () => {
  it('serves a private bucket through origin access control, HTTPS only, index.html at /, its access logged', () => {
    const [, distribution] = only('AWS::CloudFront::Distribution');
    const config = distribution.Properties.DistributionConfig;
    const pages = logicalIdOf('Portail/Pages');
    expect(config.Origins).toHaveLength(1);
    expect(config.Origins[0].DomainName).toEqual({ 'Fn::GetAtt': [pages, 'RegionalDomainName'] });
    expect(config.Origins[0].OriginAccessControlId).toEqual({ 'Fn::GetAtt': [expect.any(String), 'Id'] });
    expect(config.Origins[0].S3OriginConfig.OriginAccessIdentity).toBe('');
    const [, oac] = only('AWS::CloudFront::OriginAccessControl');
    expect(oac.Properties.OriginAccessControlConfig).toMatchObject({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' });
    expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(config.DefaultRootObject).toBe('index.html');
    expect(config.Logging.Bucket).toEqual({ 'Fn::GetAtt': [logicalIdOf('Journaux'), 'RegionalDomainName'] });
    const bucket = resources[pages].Properties;
    expect(bucket.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    expect(bucket.LoggingConfiguration.DestinationBucketName).toEqual({ Ref: logicalIdOf('Journaux') });
    // only CloudFront reads the pages, and only over TLS
    const policy = ofType('AWS::S3::BucketPolicy').find(([, p]) => p.Properties.Bucket.Ref === pages)![1];
    const statements = policy.Properties.PolicyDocument.Statement as Json[];
    expect(statements.find((s) => s.Effect === 'Deny' && s.Condition?.Bool?.['aws:SecureTransport'] === 'false')).toBeDefined();
    const allowed = statements.filter((s) => s.Effect === 'Allow');
    const reads = allowed.filter((s) => s.Principal?.Service === 'cloudfront.amazonaws.com');
    expect(reads).toHaveLength(1);
    expect(reads[0].Action).toBe('s3:GetObject');
    expect(render(reads[0].Condition.StringEquals['AWS:SourceArn'])).toContain(`:distribution/${ofType('AWS::CloudFront::Distribution')[0]![0]}`);
    // besides, in dev only: CDK's emptying of the bucket when the stack is destroyed
    for (const s of allowed.filter((x) => x !== reads[0])) expect(render(s.Principal.AWS)).toMatch(/^CustomS3AutoDeleteObjects/);
  });

  it('answers with a CSP without unsafe-inline, HSTS, nosniff, no framing and no referrer', () => {
    const [, policy] = only('AWS::CloudFront::ResponseHeadersPolicy');
    const headers = policy.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    const csp = joined(headers.ContentSecurityPolicy.ContentSecurityPolicy);
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    const directives = Object.fromEntries(csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
    expect(directives['default-src']).toEqual(["'self'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['style-src']).toEqual(["'self'"]);
    expect(directives['img-src']).toEqual(["'self'", 'data:']);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    expect(directives['base-uri']).toEqual(["'self'"]);
    const login = 'https://segur-depot-dev-${AWS::AccountId}.auth.${AWS::Region}.amazoncognito.com';
    expect(directives['form-action']).toEqual(["'self'", login]);
    expect(directives['connect-src']).toEqual([
      "'self'",
      'https://*.execute-api.${AWS::Region}.amazonaws.com',
      'https://*.s3.${AWS::Region}.amazonaws.com',
      'https://cognito-idp.${AWS::Region}.amazonaws.com',
      login,
    ]);
    expect(headers.StrictTransportSecurity).toMatchObject({ AccessControlMaxAgeSec: 730 * 24 * 3600, IncludeSubdomains: true, Override: true });
    expect(headers.ContentTypeOptions).toEqual({ Override: true });
    expect(headers.FrameOptions).toEqual({ FrameOption: 'DENY', Override: true });
    expect(headers.ReferrerPolicy).toEqual({ ReferrerPolicy: 'no-referrer', Override: true });
    const [, distribution] = only('AWS::CloudFront::Distribution');
    expect(distribution.Properties.DistributionConfig.DefaultCacheBehavior.ResponseHeadersPolicyId).toEqual({ Ref: ofType('AWS::CloudFront::ResponseHeadersPolicy')[0]![0] });
  });

  it('deploys web/, the DSFR under dsfr/, oidc-client-ts under vendor/, then index.html and a config.json naming the API and the sign-in, then invalidates the cache', () => {
    const deployments = ofType('Custom::CDKBucketDeployment').map(([, d]) => d.Properties);
    expect(deployments).toHaveLength(4);
    const pages = { Ref: logicalIdOf('Portail/Pages') };
    for (const d of deployments) expect(d.DestinationBucketName).toEqual(pages);
    expect(deployments.find((d) => d.DestinationBucketKeyPrefix === 'dsfr/')).toBeDefined();
    const modules = deployments.find((d) => d.DestinationBucketKeyPrefix === undefined && d.Include === undefined);
    const page = entryDeployment();
    // the modules' deployment prunes what it does not deploy, except the entry files and the other deployments' folders
    expect(modules.Exclude).toEqual(['index.html', 'config.json', 'dsfr/*', 'vendor/*']);
    expect(readdirSync(stagedSource(modules.SourceObjectKeys[0]))).toEqual(expect.arrayContaining(['app.js', 'auth.js', 'config.js']));
    expect(readdirSync(stagedSource(modules.SourceObjectKeys[0]))).not.toContain('index.html');
    expect(modules.DistributionPaths).toBeUndefined();
    // the entry files' deployment touches only them, and invalidates the cache
    expect(page.Exclude).toEqual(['*']);
    expect(page.Include).toEqual(['index.html', 'config.json']);
    expect(page.DistributionPaths).toEqual(['/*']);
    expect(page.SourceObjectKeys).toHaveLength(2);
    expect(readFileSync(join(stagedSource(page.SourceObjectKeys[0]), 'index.html'), 'utf8')).toBe(readFileSync(new URL('../../web/index.html', import.meta.url), 'utf8'));
    // the configuration's values are filled in at deploy time (markers), from the stack's own resources
    const markers = page.SourceMarkers[1] as Record<string, Json>;
    const values = Object.values(markers).map(render);
    const api = ofType('AWS::ApiGatewayV2::Api')[0]![0];
    const client = logicalIdOf('Fournisseurs/Web');
    const distribution = ofType('AWS::CloudFront::Distribution')[0]![0];
    expect(values).toEqual(
      expect.arrayContaining([
        `${api}.ApiEndpoint`,
        client,
        `https://cognito-idp.\${AWS::Region}.amazonaws.com/${logicalIdOf('Fournisseurs')}`,
        `https://${distribution}.DomainName/`,
      ]),
    );
  });

  it('index.html and config.json are revalidated at every load, after every module is in place; the rest is kept 5 minutes then revalidated', () => {
    const deployments = ofType('Custom::CDKBucketDeployment');
    const [entryId, entry] = deployments.find(([, d]) => d.Properties.Include !== undefined)!;
    expect(entry.Properties.SystemMetadata).toEqual({ 'cache-control': 'no-cache' });
    for (const [id, d] of deployments.filter(([other]) => other !== entryId)) {
      expect(d.Properties.SystemMetadata, id).toEqual({ 'cache-control': 'public, max-age=300, must-revalidate' });
      expect(entry.DependsOn, id).toContain(id);
    }
  });

  it("config.json's oidc block: Cognito's logout endpoint (its discovery has none) and the managed login in French", () => {
    const page = entryDeployment();
    const markers = page.SourceMarkers[1] as Record<string, Json>;
    const staged = readFileSync(join(stagedSource(page.SourceObjectKeys[1]), 'config.json'), 'utf8');
    const config = JSON.parse(staged.replace(/<<marker:[^>]+>>/g, (marker) => render(markers[marker])));
    const loginOrigin = 'https://segur-depot-dev-${AWS::AccountId}.auth.${AWS::Region}.amazoncognito.com';
    expect(config.oidc).toEqual({
      authority: `https://cognito-idp.\${AWS::Region}.amazonaws.com/${logicalIdOf('Fournisseurs')}`,
      clientId: logicalIdOf('Fournisseurs/Web'),
      redirectUri: `https://${ofType('AWS::CloudFront::Distribution')[0]![0]}.DomainName/`,
      postLogoutRedirectUri: `https://${ofType('AWS::CloudFront::Distribution')[0]![0]}.DomainName/`,
      scope: 'openid email',
      logoutEndpoint: `${loginOrigin}/logout`,
      extraQueryParams: { lang: 'fr' },
    });
    // what web/auth.js does with them: logout_uri for the logout endpoint, the extra parameters on sign-in
    const auth = readFileSync(new URL('../../web/auth.js', import.meta.url), 'utf8');
    expect(auth).toContain('metadataSeed: { end_session_endpoint: settings.logoutEndpoint }');
    expect(auth).toContain('extraQueryParams: { logout_uri: users.settings.post_logout_redirect_uri }');
    expect(auth).toContain('extraQueryParams: settings.extraQueryParams');
  });

  it('deploys the browser build of oidc-client-ts under vendor/oidc-client-ts/, where web/auth.js loads it, without its source maps', () => {
    const vendor = ofType('Custom::CDKBucketDeployment').map(([, d]) => d.Properties).find((d) => d.DestinationBucketKeyPrefix === 'vendor/oidc-client-ts/');
    expect(vendor).toBeDefined();
    const staged = stagedSource(vendor.SourceObjectKeys[0]);
    expect(existsSync(join(staged, 'oidc-client-ts.min.js'))).toBe(true);
    expect(readdirSync(staged).filter((name) => name.endsWith('.map'))).toEqual([]);
    expect(readFileSync(new URL('../../web/auth.js', import.meta.url), 'utf8')).toContain("'./vendor/oidc-client-ts/oidc-client-ts.min.js'");
  });
});

describe('the suppliers sign in with Cognito managed login', () => {
  it('MFA is required, by authenticator app only; the pool is on the Plus plan with threat protection enforced', () => {
    const p = resources[logicalIdOf('Fournisseurs')].Properties;
    expect(p.MfaConfiguration).toBe('ON');
    expect(p.EnabledMfas).toEqual(['SOFTWARE_TOKEN_MFA']);
    expect(p.UserPoolTier).toBe('PLUS');
    expect(p.UserPoolAddOns).toEqual({ AdvancedSecurityMode: 'ENFORCED' });
  });

  it('the web client: authorization code only, no secret, back to the distribution, short-lived tokens', () => {
    const p = resources[logicalIdOf('Fournisseurs/Web')].Properties;
    expect(p.AllowedOAuthFlows).toEqual(['code']);
    expect(p.AllowedOAuthFlowsUserPoolClient).toBe(true);
    expect(p.AllowedOAuthScopes.sort()).toEqual(['email', 'openid']);
    expect(p.GenerateSecret === undefined || p.GenerateSecret === false).toBe(true);
    expect(p.ExplicitAuthFlows).toEqual(['ALLOW_REFRESH_TOKEN_AUTH']);
    expect(p.SupportedIdentityProviders).toEqual(['COGNITO']);
    const distribution = ofType('AWS::CloudFront::Distribution')[0]![0];
    expect(p.CallbackURLs.map(render)).toEqual([`https://${distribution}.DomainName/`]);
    expect(p.LogoutURLs.map(render)).toEqual([`https://${distribution}.DomainName/`]);
    expect(p.IdTokenValidity).toBe(60);
    expect(p.AccessTokenValidity).toBe(60);
    expect(p.RefreshTokenValidity).toBeLessThanOrEqual(12 * 60);
    expect(p.ReadAttributes).toContain('custom:siret');
  });

  it('a managed login domain with its style, and the API trusts the ID token the page sends (aud = the client)', () => {
    const [, domain] = only('AWS::Cognito::UserPoolDomain');
    expect(domain.Properties.ManagedLoginVersion).toBe(2);
    expect(render(domain.Properties.Domain)).toBe('segur-depot-dev-${AWS::AccountId}');
    const [, style] = only('AWS::Cognito::ManagedLoginBranding');
    expect(style.Properties).toMatchObject({ UseCognitoProvidedValues: true, ClientId: { Ref: logicalIdOf('Fournisseurs/Web') } });
    const [, authorizer] = only('AWS::ApiGatewayV2::Authorizer');
    expect(authorizer.Properties.JwtConfiguration.Audience).toEqual([{ Ref: logicalIdOf('Fournisseurs/Web') }]);
  });

  it('the API and the uploads bucket allow the portal origin, and no other by default', () => {
    const distribution = ofType('AWS::CloudFront::Distribution')[0]![0];
    const origin = `https://${distribution}.DomainName`;
    const [, api] = only('AWS::ApiGatewayV2::Api');
    expect(api.Properties.CorsConfiguration.AllowOrigins.map(render)).toEqual([origin]);
    // the page reads the file name of a download
    expect(api.Properties.CorsConfiguration.ExposeHeaders).toEqual(['content-disposition']);
    const rules = resources[logicalIdOf('Uploads')].Properties.CorsConfiguration.CorsRules as Json[];
    expect(rules.flatMap((r) => r.AllowedOrigins).map(render)).toEqual([origin]);
  });
});

describe('alarms and dashboard', () => {
  const alarms = () => ofType('AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
  const topic = () => only('AWS::SNS::Topic')[0];

  it('every alarm notifies the alert topic', () => {
    expect(alarms().length).toBeGreaterThan(0);
    for (const a of alarms()) expect(a.AlarmActions, a.AlarmDescription).toEqual([{ Ref: topic() }]);
    // no subscription in dev without -c segur:alertEmail
    expect(ofType('AWS::SNS::Subscription')).toEqual([]);
  });

  it('the three failure queues alarm on a single message sent (their consumer takes it within seconds); their dead-letter queues on a single message held', () => {
    const queueOf = (a: Json) => render(a.Dimensions.find((d: Json) => d.Name === 'QueueName').Value);
    const sent = alarms().filter((a) => a.MetricName === 'NumberOfMessagesSent');
    expect(sent.map(queueOf).sort()).toEqual(['CommitFailures', 'SimulateFailures', 'UnzipFailures'].map((q) => `${logicalIdOf(q)}.QueueName`));
    for (const a of sent) expect(a).toMatchObject({ Namespace: 'AWS/SQS', Statistic: 'Sum', Period: 60, Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', EvaluationPeriods: 1 });
    const held = alarms().filter((a) => a.MetricName === 'ApproximateNumberOfMessagesVisible');
    expect(held.map(queueOf).sort()).toEqual(['CommitFailuresDlq', 'SimulateFailuresDlq', 'UnzipFailuresDlq'].map((q) => `${logicalIdOf(q)}.QueueName`));
    for (const a of held) expect(a).toMatchObject({ Namespace: 'AWS/SQS', Statistic: 'Maximum', Period: 60, Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', EvaluationPeriods: 1 });
  });

  it("each of the five functions alarms on its errors and its throttles; the three S3-invoked ones on their events' age", () => {
    for (const metric of ['Errors', 'Throttles']) {
      const found = alarms().filter((a) => a.Namespace === 'AWS/Lambda' && a.MetricName === metric);
      expect(found, metric).toHaveLength(5);
      for (const a of found) expect(a).toMatchObject({ Threshold: 0, Statistic: 'Sum', Period: 300 });
    }
    const age = alarms().filter((a) => a.MetricName === 'AsyncEventAge');
    expect(age).toHaveLength(3);
    for (const a of age) expect(a).toMatchObject({ Threshold: THRESHOLDS.asyncEventAgeMs, Statistic: 'Maximum' });
  });

  it("the API's 5xx rate and p95 latency, and every ERREUR_TECHNIQUE recorded", () => {
    const rate = alarms().find((a) => a.Metrics?.some((m: Json) => m.Expression?.includes('erreurs / requetes')));
    expect(rate).toMatchObject({ Threshold: THRESHOLDS.api5xxPercent, ComparisonOperator: 'GreaterThanThreshold' });
    // a rate only once there is traffic: one error in two requests at night wakes nobody
    expect(THRESHOLDS.api5xxMinRequests).toBe(20);
    expect(rate.Metrics.find((m: Json) => m.Expression).Expression).toBe('IF(requetes >= 20, 100 * erreurs / requetes, 0)');
    const used = Object.fromEntries(rate.Metrics.filter((m: Json) => m.MetricStat).map((m: Json) => [m.Id, m.MetricStat]));
    expect(used.erreurs).toMatchObject({ Metric: { Namespace: 'AWS/ApiGateway', MetricName: '5xx' }, Stat: 'Sum', Period: 300 });
    expect(used.requetes).toMatchObject({ Metric: { Namespace: 'AWS/ApiGateway', MetricName: 'Count' }, Stat: 'Sum', Period: 300 });
    const latency = alarms().find((a) => a.Metrics?.[0]?.MetricStat?.Metric?.MetricName === 'Latency');
    expect(latency).toMatchObject({ Threshold: THRESHOLDS.apiP95LatencyMs, EvaluationPeriods: 3 });
    expect(latency.Metrics[0].MetricStat).toMatchObject({ Metric: { Namespace: 'AWS/ApiGateway' }, Stat: 'p95', Period: 300 });
    const technical = alarms().find((a) => a.Metrics?.[0]?.MetricStat?.Metric?.MetricName === METRIC.technicalErrors);
    expect(technical).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
    expect(technical.Metrics[0].MetricStat).toMatchObject({ Metric: { Namespace: 'Segur', Dimensions: [{ Name: 'service', Value: 'segur-depot' }] }, Stat: 'Sum' });
    expect(alarms()).toHaveLength(6 + 10 + 3 + 3);
  });

  it('a dashboard shows the alarms and the business counts', () => {
    const [, dashboard] = only('AWS::CloudWatch::Dashboard');
    const body = render(dashboard.Properties.DashboardBody);
    for (const name of Object.values(METRIC)) expect(body, name).toContain(name);
    expect(body).toContain('"type":"alarm"');
    expect(body).toContain('ApproximateNumberOfMessagesVisible');
    expect(body).toContain('NumberOfMessagesSent');
  });
});

describe("CDK's own functions (bucket notifications, buckets emptied on destroy, page deployment)", () => {
  it('every function of the template logs to a log group of the stack, kept a while, removed with the dev stack', () => {
    const functions = ofType('AWS::Lambda::Function');
    expect(functions.length).toBe(5 + 3);
    const groups = new Map(ofType('AWS::Logs::LogGroup'));
    for (const [id, f] of functions) {
      const group = groups.get(f.Properties.LoggingConfig?.LogGroup?.Ref);
      expect(group, id).toBeDefined();
      expect(group.Properties.RetentionInDays, id).toBeGreaterThan(0);
      expect(group.DeletionPolicy, id).toBe('Delete');
    }
  });

  it('no role of the template has a managed policy', () => {
    const roles = ofType('AWS::IAM::Role');
    expect(roles.length).toBeGreaterThan(5);
    for (const [id, r] of roles) expect(r.Properties.ManagedPolicyArns, id).toBeUndefined();
  });

  it("the notifications handler's role: writing to its own log group, setting the uploads bucket's notifications, nothing else", () => {
    const [handlerId, handler] = ofType('AWS::Lambda::Function').find(([id]) => id.startsWith('BucketNotificationsHandler'))!;
    const role = handler.Properties.Role['Fn::GetAtt'][0];
    const group = handler.Properties.LoggingConfig.LogGroup.Ref;
    expect(grantsOf(statementsOfRole(Template.fromStack(stack), role)), handlerId).toEqual({
      'logs:CreateLogStream': [`${group}.Arn`],
      'logs:PutLogEvents': [`${group}.Arn`],
      's3:PutBucketNotification': [`${logicalIdOf('Uploads')}.Arn`],
    });
  });

  it("the provider emptying the buckets (dev): its role writes to its own log group only (the buckets' policies let it empty them)", () => {
    const [id, handler] = ofType('AWS::Lambda::Function').find(([fid]) => fid.startsWith('CustomS3AutoDeleteObjectsCustomResourceProvider'))!;
    const role = resources[handler.Properties.Role['Fn::GetAtt'][0]];
    const group = handler.Properties.LoggingConfig.LogGroup.Ref;
    expect(role.Properties.Policies, id).toEqual([
      { PolicyName: 'Inline', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: { 'Fn::GetAtt': [group, 'Arn'] } }] } },
    ]);
  });
});

describe('the dev stage (the default) goes whole with cdk destroy', () => {
  it('tables unprotected and deleted, buckets emptied then deleted, log groups and user pool deleted', () => {
    for (const [id, t] of ofType('AWS::DynamoDB::Table')) {
      expect(t.DeletionPolicy, id).toBe('Delete');
      expect(t.Properties.DeletionProtectionEnabled, id).toBe(false);
    }
    const buckets = ofType('AWS::S3::Bucket');
    expect(buckets).toHaveLength(4);
    const emptied = ofType('Custom::S3AutoDeleteObjects').map(([, c]) => c.Properties.BucketName.Ref);
    for (const [id, b] of buckets) {
      expect(b.DeletionPolicy, id).toBe('Delete');
      expect(emptied, id).toContain(id);
    }
    for (const type of ['AWS::Logs::LogGroup', 'AWS::Cognito::UserPool']) {
      for (const [id, r] of ofType(type)) expect(r.DeletionPolicy, id).toBe('Delete');
    }
  });
});

describe('cdk-nag', () => {
  it('the AwsSolutions pack finds nothing left unacknowledged, and every acknowledgement gives its reason', () => {
    const report = new AwsSolutionsChecks().validateScope(stack);
    expect(report.violations.map((v) => `${v.ruleName} ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
    const acknowledged = stack.node
      .findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules').flatMap((m) => Object.entries(m.data as Record<string, Json>)));
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const [rule, ack] of acknowledged) expect(String(ack.reason ?? ack).length, rule).toBeGreaterThan(40);
  });
});
