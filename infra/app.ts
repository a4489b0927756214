/** The CDK app: `npx cdk deploy` (or `npm run synth` to only write the template). */
import { App } from 'aws-cdk-lib';
import { SegurStack } from './segur-stack.js';

const app = new App();
const origins = app.node.tryGetContext('segur:webOrigins') as string | undefined;
new SegurStack(app, 'SegurDepot', {
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION ?? 'eu-west-3' },
  ...(origins ? { webOrigins: origins.split(',') } : {}),
});
