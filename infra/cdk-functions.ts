/**
 * The functions CDK adds to the stack for itself: the handler that sets the uploads bucket's
 * notifications at deploy time and, in dev, the provider that empties the buckets on `cdk destroy`
 * (BucketDeployment's function is given its role and log group in portal.ts). CDK would give each
 * a role with the AWS-managed AWSLambdaBasicExecutionRole and Lambda's implicit log group
 * (`/aws/lambda/<function>`, never expiring, left behind by `cdk destroy`). Here each logs to a log
 * group of the stack (kept a month, removed or retained as the stage says), and its role may write
 * there only, besides what CDK grants it for its work (s3:PutBucketNotification on the uploads
 * bucket; the buckets' policies let the provider empty them).
 */
import { CfnResource, CustomResourceProviderBase, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Stage } from './stage.js';

/** The id under the stack of CDK's singleton bucket notifications handler (aws-s3, NotificationsResourceHandler). */
const NOTIFICATIONS_HANDLER_PREFIX = 'BucketNotificationsHandler';
/** The id under the stack of CDK's provider emptying buckets (aws-s3, `autoDeleteObjects`). */
const AUTO_DELETE_PROVIDER = 'Custom::S3AutoDeleteObjectsCustomResourceProvider';
const BASIC_EXECUTION_POLICY = 'service-role/AWSLambdaBasicExecutionRole';

/**
 * A role that takes no managed policy: CDK's notifications handler adds AWSLambdaBasicExecutionRole
 * to the role it is given, which is left out here (the role writes to its own log group instead);
 * any other managed policy is a mistake, refused.
 */
class RoleWithoutManagedPolicy extends iam.Role {
  override addManagedPolicy(policy: iam.IManagedPolicy): void {
    if (!JSON.stringify(Stack.of(this).resolve(policy.managedPolicyArn)).includes(BASIC_EXECUTION_POLICY)) {
      throw new Error(`${this.node.path} : ce rôle ne prend aucune politique gérée (${String(policy.managedPolicyArn)})`);
    }
  }
}

const logGroup = (stack: Stack, id: string, stage: Stage) =>
  new logs.LogGroup(stack, id, { retention: logs.RetentionDays.ONE_MONTH, removalPolicy: stage.removalPolicy });

/** Sends a function's logs to the log group (Lambda's LoggingConfig) instead of its implicit `/aws/lambda/<function>`. */
function logTo(fn: CfnResource, group: logs.LogGroup): void {
  fn.addPropertyOverride('LoggingConfig', { LogGroup: group.logGroupName });
}

export interface NotificationsHandler {
  /** For the bucket's `notificationsHandlerRole`. */
  role: iam.Role;
  logGroup: logs.LogGroup;
}

/** The notifications handler's role and log group, made before the bucket whose notifications it sets. */
export function notificationsHandler(stack: Stack, stage: Stage): NotificationsHandler {
  const group = logGroup(stack, 'BucketNotificationsLogs', stage);
  const role = new RoleWithoutManagedPolicy(stack, 'BucketNotificationsRole', {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: 'Rôle de la fonction de CDK qui pose les notifications du compartiment de téléversement : ses journaux et cette seule action',
  });
  group.grantWrite(role);
  return { role, logGroup: group };
}

/**
 * Once the buckets and their notifications exist: the notifications handler logs to its log group;
 * the emptying provider (dev) to one of its own, its role without the managed policy CDK gives it
 * (a role CDK writes as a raw resource: changed on the template, with the same effect).
 */
export function logCdkFunctions(stack: Stack, stage: Stage, notifications: NotificationsHandler): void {
  const handlers = stack.node.children.filter((c) => c.node.id.startsWith(NOTIFICATIONS_HANDLER_PREFIX));
  if (handlers.length !== 1) throw new Error(`${NOTIFICATIONS_HANDLER_PREFIX}… : une fonction attendue, ${handlers.length} trouvée(s)`);
  logTo(handlers[0]!.node.findChild('Resource') as CfnResource, notifications.logGroup);

  const provider = stack.node.tryFindChild(AUTO_DELETE_PROVIDER);
  if (provider === undefined) return; // prod: no bucket is emptied
  if (!(provider instanceof CustomResourceProviderBase)) throw new Error(`${AUTO_DELETE_PROVIDER} : fournisseur de CDK attendu`);
  const group = logGroup(stack, 'AutoDeleteObjectsLogs', stage);
  provider.addToRolePolicy({ Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: group.logGroupArn });
  (provider.node.findChild('Role') as CfnResource).addPropertyDeletionOverride('ManagedPolicyArns');
  logTo(provider.node.findChild('Handler') as CfnResource, group);
}
