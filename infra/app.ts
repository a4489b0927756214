/**
 * The CDK app: `npx cdk deploy -c segur:stage=prod -c segur:alertEmail=… -c segur:webOrigins=…`
 * (`npm run synth` writes the dev template, offline). The stage and its settings: infra/stage.ts.
 */
import { App } from 'aws-cdk-lib';
import { SegurStack } from './segur-stack.js';
import { CONTEXT, readStage } from './stage.js';

const app = new App();
const stage = readStage(Object.fromEntries(Object.values(CONTEXT).map((key) => [key, app.node.tryGetContext(key)])));
new SegurStack(app, stage.name === 'prod' ? 'SegurDepot' : 'SegurDepotDev', {
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION ?? 'eu-west-3' },
  stage,
});
