/**
 * A cdk-nag finding acknowledged on a construct (and so on everything under it), with the reason a
 * reviewer reads: CDK's own Validations API, which cdk-nag's packs honour. `id` is a rule
 * (`AwsSolutions-S1`) or one finding of it (`AwsSolutions-IAM5[Resource::*]`).
 */
import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

export function acknowledge(scope: IConstruct, ...findings: { id: string; reason: string }[]): void {
  Validations.of(scope).acknowledge(...findings);
}
