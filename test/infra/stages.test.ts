/**
 * Stages (`-c segur:stage=dev|prod`): prod keeps the data and protects it, and will not synthesize
 * without the alert e-mail and the web origin; dev (the default) goes whole with `cdk destroy`
 * (asserted on the dev synthesis, portal-and-alarms.test.ts). One prod synthesis for the file.
 */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { SegurStack } from '../../infra/segur-stack.js';
import { CONTEXT, readStage } from '../../infra/stage.js';
import { type Json, render } from './helpers.js';

const PROD = { [CONTEXT.stage]: 'prod', [CONTEXT.alertEmail]: 'exploitation@example.fr', [CONTEXT.webOrigins]: 'https://depot.example.fr' };
let stack: SegurStack;
let resources: Record<string, Json>;
const ofType = (type: string): [string, Json][] => Object.entries(resources).filter(([, r]) => r.Type === type);

beforeAll(() => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  stack = new SegurStack(app, 'SegurProd', { stage: readStage(PROD) });
  resources = Template.fromStack(stack).toJSON().Resources as Record<string, Json>;
});

describe('reading the stage', () => {
  it('is dev without context, prod when asked, and nothing else', () => {
    expect(readStage({}).name).toBe('dev');
    expect(readStage(PROD).name).toBe('prod');
    expect(() => readStage({ [CONTEXT.stage]: 'staging' })).toThrow('« staging » inconnu ; dev ou prod attendu');
  });

  it('prod without the alert e-mail or the web origin fails, saying what to give', () => {
    expect(() => readStage({ [CONTEXT.stage]: 'prod', [CONTEXT.webOrigins]: 'https://depot.example.fr' })).toThrow('Le stage prod exige -c segur:alertEmail=<adresse>');
    expect(() => readStage({ [CONTEXT.stage]: 'prod', [CONTEXT.alertEmail]: 'a@example.fr' })).toThrow('Le stage prod exige -c segur:webOrigins=https://<origine>');
  });

  it('web origins are origins: several, comma-separated; never a wildcard nor a path', () => {
    expect(readStage({ [CONTEXT.webOrigins]: 'https://a.example.fr, http://localhost:3000' }).webOrigins).toEqual(['https://a.example.fr', 'http://localhost:3000']);
    expect(() => readStage({ [CONTEXT.webOrigins]: '*' })).toThrow("n'est pas une origine");
    expect(() => readStage({ [CONTEXT.webOrigins]: 'https://*.example.fr' })).toThrow("n'est pas une origine");
    expect(() => readStage({ [CONTEXT.webOrigins]: 'https://a.example.fr/portail' })).toThrow("n'est pas une origine");
  });
});

describe('prod', () => {
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

  it('sends the alarms to the alert e-mail, and allows the given web origin besides the portal', () => {
    const subscriptions = ofType('AWS::SNS::Subscription').map(([, s]) => s.Properties);
    expect(subscriptions).toEqual([expect.objectContaining({ Protocol: 'email', Endpoint: 'exploitation@example.fr' })]);
    const distribution = ofType('AWS::CloudFront::Distribution')[0]![0];
    const portal = `https://${distribution}.DomainName`;
    const [, api] = ofType('AWS::ApiGatewayV2::Api')[0]!;
    expect(api.Properties.CorsConfiguration.AllowOrigins.map(render)).toEqual([portal, 'https://depot.example.fr']);
    const [, client] = ofType('AWS::Cognito::UserPoolClient')[0]!;
    expect(client.Properties.CallbackURLs.map(render)).toEqual([`${portal}/`, 'https://depot.example.fr/']);
  });

  it('cdk-nag: the AwsSolutions pack finds nothing left unacknowledged', () => {
    const report = new AwsSolutionsChecks().validateScope(stack);
    expect(report.violations.map((v) => `${v.ruleName} ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
  });
});
