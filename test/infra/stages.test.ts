/**
 * Stages (`-c segur:stage=dev|prod`): prod keeps the data and protects it, and will not synthesize
 * without the alert e-mail and the portal's own domain with its certificate; dev (the default)
 * goes whole with `cdk destroy` (asserted on the dev synthesis, portal-and-alarms.test.ts). The
 * prod stack is made as infra/app.ts makes it, from the context; one prod synthesis for the file,
 * which also checks the runbook's stack outputs (README, « Pour les exploitants »).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { REDRIVE_USAGE } from '../../cli/redrive-command.js';
import { segurStack } from '../../infra/segur-app.js';
import type { SegurStack } from '../../infra/segur-stack.js';
import { CONTEXT, readStage } from '../../infra/stage.js';
import { type Json, render } from './helpers.js';

const CERTIFICATE = 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d';
const PROD = {
  [CONTEXT.stage]: 'prod',
  [CONTEXT.alertEmail]: 'exploitation@example.fr',
  [CONTEXT.domainName]: 'depot.example.fr',
  [CONTEXT.certificateArn]: CERTIFICATE,
  [CONTEXT.webOrigins]: 'https://integrateur.example.fr',
};
const PORTAL = 'https://depot.example.fr';
let stack: SegurStack;
let template: Json;
let resources: Record<string, Json>;
let outdir: string;
const ofType = (type: string): [string, Json][] => Object.entries(resources).filter(([, r]) => r.Type === type);
const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

beforeAll(() => {
  const app = new App({ context: { ...PROD, 'aws:cdk:bundling-stacks': [] } });
  stack = segurStack(app, { CDK_DEFAULT_REGION: 'us-east-1' });
  template = Template.fromStack(stack).toJSON();
  resources = template.Resources as Record<string, Json>;
  outdir = app.outdir;
});

describe('reading the stage', () => {
  it('is dev without context, prod when asked, and nothing else', () => {
    expect(readStage({}).name).toBe('dev');
    expect(readStage(PROD).name).toBe('prod');
    expect(() => readStage({ [CONTEXT.stage]: 'staging' })).toThrow('« staging » inconnu ; dev ou prod attendu');
  });

  it('the region is eu-west-3 unless segur:region names another', () => {
    expect(readStage({}).region).toBe('eu-west-3');
    expect(readStage({ [CONTEXT.region]: 'eu-central-1' }).region).toBe('eu-central-1');
    expect(() => readStage({ [CONTEXT.region]: 'paris' })).toThrow("segur:region : « paris » n'est pas une région AWS");
  });

  it('prod without the alert e-mail or the portal domain fails, saying what to give; extra web origins are optional', () => {
    const { [CONTEXT.alertEmail]: _email, ...withoutEmail } = PROD;
    expect(() => readStage(withoutEmail)).toThrow('Le stage prod exige -c segur:alertEmail=<adresse>');
    const { [CONTEXT.domainName]: _name, [CONTEXT.certificateArn]: _certificate, ...withoutDomain } = PROD;
    expect(() => readStage(withoutDomain)).toThrow(
      'Le stage prod exige -c segur:domainName=<domaine du portail> et -c segur:certificateArn=<certificat ACM en us-east-1>',
    );
    const { [CONTEXT.webOrigins]: _origins, ...withoutOrigins } = PROD;
    expect(readStage(withoutOrigins).webOrigins).toEqual([]);
  });

  it('the domain and its certificate go together: a host name, a certificate of us-east-1 (CloudFront)', () => {
    expect(readStage({ [CONTEXT.domainName]: 'depot.example.fr', [CONTEXT.certificateArn]: CERTIFICATE }).domain).toEqual({ name: 'depot.example.fr', certificateArn: CERTIFICATE });
    expect(readStage({}).domain).toBeUndefined();
    expect(() => readStage({ [CONTEXT.domainName]: 'depot.example.fr' })).toThrow('segur:domainName va avec -c segur:certificateArn=');
    expect(() => readStage({ [CONTEXT.certificateArn]: CERTIFICATE })).toThrow('segur:certificateArn va avec -c segur:domainName=');
    expect(() => readStage({ [CONTEXT.domainName]: 'https://depot.example.fr', [CONTEXT.certificateArn]: CERTIFICATE })).toThrow("n'est pas un nom de domaine");
    expect(() => readStage({ [CONTEXT.domainName]: 'depot.example.fr', [CONTEXT.certificateArn]: CERTIFICATE.replace('us-east-1', 'eu-west-3') })).toThrow(
      "n'est pas un certificat ACM de la région us-east-1",
    );
  });

  it('web origins are origins: several, comma-separated; never a wildcard nor a path', () => {
    expect(readStage({ [CONTEXT.webOrigins]: 'https://a.example.fr, http://localhost:3000' }).webOrigins).toEqual(['https://a.example.fr', 'http://localhost:3000']);
    expect(() => readStage({ [CONTEXT.webOrigins]: '*' })).toThrow("n'est pas une origine");
    expect(() => readStage({ [CONTEXT.webOrigins]: 'https://*.example.fr' })).toThrow("n'est pas une origine");
    expect(() => readStage({ [CONTEXT.webOrigins]: 'https://a.example.fr/portail' })).toThrow("n'est pas une origine");
  });
});

describe('prod', () => {
  it('is the stack SegurDepot, in eu-west-3 whatever the CLI\'s default region', () => {
    expect(stack.stackName).toBe('SegurDepot');
    expect(stack.region).toBe('eu-west-3');
  });

  it('retains and protects the six tables (point-in-time recovery on)', () => {
    const tables = ofType('AWS::DynamoDB::Table');
    expect(tables).toHaveLength(6);
    for (const [id, t] of tables) {
      expect(t.DeletionPolicy, id).toBe('Retain');
      expect(t.UpdateReplacePolicy, id).toBe('Retain');
      expect(t.Properties.DeletionProtectionEnabled, id).toBe(true);
      expect(t.Properties.PointInTimeRecoverySpecification, id).toEqual({ PointInTimeRecoveryEnabled: true });
    }
  });

  it('retains every bucket, log group and the user pool (protected too), and empties no bucket', () => {
    for (const type of ['AWS::S3::Bucket', 'AWS::Logs::LogGroup', 'AWS::Cognito::UserPool']) {
      const found = ofType(type);
      expect(found.length, type).toBeGreaterThan(0);
      for (const [id, r] of found) expect(r.DeletionPolicy, id).toBe('Retain');
    }
    expect(ofType('AWS::S3::Bucket')).toHaveLength(4);
    expect(ofType('AWS::Cognito::UserPool')[0]![1].Properties.DeletionProtection).toBe('ACTIVE');
    expect(ofType('Custom::S3AutoDeleteObjects')).toEqual([]);
  });

  it('every function logs to a retained log group of the stack; no role has a managed policy', () => {
    const groups = new Map(ofType('AWS::Logs::LogGroup'));
    for (const [id, f] of ofType('AWS::Lambda::Function')) expect(groups.get(f.Properties.LoggingConfig?.LogGroup?.Ref)?.DeletionPolicy, id).toBe('Retain');
    for (const [id, r] of ofType('AWS::IAM::Role')) expect(r.Properties.ManagedPolicyArns, id).toBeUndefined();
  });

  it('serves the portal on its own domain, with its certificate and TLS 1.2 (2021) at least', () => {
    const [, distribution] = ofType('AWS::CloudFront::Distribution')[0]!;
    const config = distribution.Properties.DistributionConfig;
    expect(config.Aliases).toEqual(['depot.example.fr']);
    expect(config.ViewerCertificate).toEqual({ AcmCertificateArn: CERTIFICATE, MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' });
  });

  it('the portal origin is the domain: CORS, sign-in callbacks and logout, config.json; the extra web origin besides', () => {
    const [, api] = ofType('AWS::ApiGatewayV2::Api')[0]!;
    expect(api.Properties.CorsConfiguration.AllowOrigins.map(render)).toEqual([PORTAL, 'https://integrateur.example.fr']);
    const [uploadsId] = ofType('AWS::S3::Bucket').find(([id]) => id.startsWith('Uploads'))!;
    expect(resources[uploadsId].Properties.CorsConfiguration.CorsRules.flatMap((r: Json) => r.AllowedOrigins)).toEqual([PORTAL, 'https://integrateur.example.fr']);
    const [, client] = ofType('AWS::Cognito::UserPoolClient')[0]!;
    expect(client.Properties.CallbackURLs).toEqual([`${PORTAL}/`, 'https://integrateur.example.fr/']);
    expect(client.Properties.LogoutURLs).toEqual([`${PORTAL}/`, 'https://integrateur.example.fr/']);
    const entry = ofType('Custom::CDKBucketDeployment').map(([, d]) => d.Properties).find((d) => d.Include !== undefined);
    const staged = readFileSync(join(outdir, `asset.${entry.SourceObjectKeys[1].replace(/\.zip$/, '')}`, 'config.json'), 'utf8');
    const config = JSON.parse(staged.replace(/<<marker:[^>]+>>/g, 'x'));
    expect(config.oidc).toMatchObject({ redirectUri: `${PORTAL}/`, postLogoutRedirectUri: `${PORTAL}/` });
  });

  it('sends the alarms to the alert e-mail', () => {
    const subscriptions = ofType('AWS::SNS::Subscription').map(([, s]) => s.Properties);
    expect(subscriptions).toEqual([expect.objectContaining({ Protocol: 'email', Endpoint: 'exploitation@example.fr' })]);
  });

  it('cdk-nag: the AwsSolutions pack finds nothing left unacknowledged', () => {
    const report = new AwsSolutionsChecks().validateScope(stack);
    expect(report.violations.map((v) => `${v.ruleName} ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
  });
});

describe("the operators' runbook (README) reads the stack's outputs", () => {
  const outputs = () => template.Outputs as Record<string, Json>;
  /** The README's operators' part: from « Pour les exploitants » to the next level-2 heading. */
  const runbook = () => README.slice(README.indexOf('## Pour les exploitants'), README.indexOf('\n## ', README.indexOf('## Pour les exploitants') + 1));

  it('reads outputs with describe-stacks (never describe-stack-resources, which lists 100 resources at most)', () => {
    expect(runbook()).toContain(
      `sortie() { aws cloudformation describe-stacks --stack-name "$PILE" --query "Stacks[0].Outputs[?OutputKey=='$1'].OutputValue" --output text; }`,
    );
    expect(README).not.toContain('describe-stack-resources');
  });

  it('every output the runbook reads exists, and every output of the stack is listed', () => {
    const read = [...runbook().matchAll(/\bsortie ([A-Za-z]+)/g)].map((m) => m[1]!);
    expect(read.length).toBeGreaterThan(3);
    for (const name of read) expect(outputs(), name).toHaveProperty(name);
    const listed = runbook().slice(runbook().indexOf('Sorties de la pile'));
    for (const name of Object.keys(outputs())) expect(listed, name).toContain(`\`${name}\``);
  });

  it("the queues' and functions' outputs are what the redrive needs: queue URLs, function names", () => {
    for (const step of ['Simulate', 'Commit', 'Unzip']) {
      expect(render(outputs()[`${step}FailuresQueueUrl`].Value)).toMatch(new RegExp(`^${step}Failures[0-9A-F]{8}$`));
      expect(render(outputs()[`${step}FailuresDlqUrl`].Value)).toMatch(new RegExp(`^${step}FailuresDlq[0-9A-F]{8}$`));
      expect(render(outputs()[`${step}FunctionName`].Value)).toMatch(new RegExp(`^${step}Function[0-9A-F]{8}$`));
    }
  });

  it('the redrive commands of the runbook use only the options of segur redrive', () => {
    const commands = runbook().split('\n').filter((line) => line.includes('segur -- redrive'));
    expect(commands.length).toBeGreaterThan(0);
    const options = commands.flatMap((line) => line.match(/--[a-z-]+/g) ?? []).filter((o) => o !== '--silent');
    expect(options.length).toBeGreaterThan(0);
    for (const option of options) expect(REDRIVE_USAGE, option).toContain(option);
  });
});
