/**
 * The stack the CDK CLI deploys: its stage read from the context (infra/stage.ts), its region the
 * stage's (`-c segur:region=`, else eu-west-3), never the CLI's CDK_DEFAULT_REGION (which the CLI
 * always sets, from the profile or us-east-1); its account the CLI's credentials'.
 */
import type { App } from 'aws-cdk-lib';
import { SegurStack } from './segur-stack.js';
import { CONTEXT, readStage } from './stage.js';

/** The stack's name by stage. */
export const STACK_NAMES = { prod: 'SegurDepot', dev: 'SegurDepotDev' } as const;

export function segurStack(app: App, environment: Record<string, string | undefined> = process.env): SegurStack {
  const stage = readStage(Object.fromEntries(Object.values(CONTEXT).map((key) => [key, app.node.tryGetContext(key)])));
  return new SegurStack(app, STACK_NAMES[stage.name], {
    env: { account: environment.CDK_DEFAULT_ACCOUNT, region: stage.region },
    stage,
  });
}
