/**
 * The CDK app: `npx cdk deploy -c segur:stage=prod -c segur:alertEmail=… -c segur:domainName=… -c segur:certificateArn=…`
 * (`npm run synth` writes the dev template, offline). The stage and its settings: infra/stage.ts;
 * the stack's name, region and account: infra/segur-app.ts.
 */
import { App } from 'aws-cdk-lib';
import { segurStack } from './segur-app.js';

segurStack(new App());
