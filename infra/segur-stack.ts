import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Aws, CfnOutput, Duration, Fn, Stack, type StackProps } from 'aws-cdk-lib';
import { CorsHttpMethod, HttpApi, HttpMethod, HttpNoneAuthorizer, type CfnStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LambdaDestination } from 'aws-cdk-lib/aws-s3-notifications';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { acknowledge } from './acknowledge.js';
import { logCdkFunctions, notificationsHandler } from './cdk-functions.js';
import { CONFIG_VARIABLES } from '../shared/config.js';
import { PUBLIC_ROUTES, ROUTE_KEYS } from '../functions/api/route-keys.js';
import { SUPPLIER_INDEX } from '../shared/adapters/aws/table-indexes.js';
import { ARCHIVE_PREFIX, EXPORT_PREFIX, IMPORT_PREFIX, UPLOAD_PREFIX } from '../shared/app/object-keys.js';
import { IMPORT_INDEX } from '../shared/adapters/aws/table-indexes.js';
import { Monitoring } from './monitoring.js';
import { managedLoginSettings, Portal } from './portal.js';
import { privateBucket } from './private-bucket.js';
import { serviceFunction } from './service-function.js';
import { SIGN_IN_SCOPES, supplierPool, webClient } from './sign-in.js';
import { readStage, type Stage } from './stage.js';

export { ENTRY_METADATA } from './service-function.js';

/**
 * Object keys are granted by prefix (`depots/*`, `retours/*`…): each key carries the supplier and the
 * import, made as deposits come. A function has only its step's actions, on its step's prefixes:
 * each such grant is acknowledged (cdk-nag IAM5) on the function's role, by its exact resource.
 */
function acknowledgeObjectPrefixes(f: lambda.IFunction, resources: string[]): void {
  for (const resource of resources) {
    const resolved = Stack.of(f).resolve(resource) as { 'Fn::Join'?: [string, unknown[]] };
    const [arn, suffix] = resolved['Fn::Join']?.[1] ?? [];
    const bucket = (arn as { 'Fn::GetAtt'?: [string, string] } | undefined)?.['Fn::GetAtt']?.[0];
    if (!bucket || typeof suffix !== 'string' || !/^\/[a-z-]+\/\*$/.test(suffix)) continue;
    acknowledge(f.role!, {
      id: `AwsSolutions-IAM5[Resource::<${bucket}.Arn>${suffix}]`,
      reason: `Clés d'objets sous ${suffix.slice(1)} : chaque clé porte le SIRET et l'import, créés au fil des dépôts ; la fonction n'y a que les actions de son étape`,
    });
  }
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * How long a failure queue's message stays hidden after its consumer reported it back (its work
 * still held under a live lease): longer than the longest lease (import-lifecycle.ts, 150 s).
 */
const FAILURE_RETRY_DELAY = Duration.minutes(3);
/** A failure queue's message its consumer could not settle this many times goes to the queue's own dead-letter queue (alarmed). */
const FAILURE_MAX_RECEIVES = 10;

export interface SegurStackProps extends StackProps {
  /** The deployment's stage and its settings (infra/stage.ts); dev when absent. */
  stage?: Stage;
}

/** The whole service on AWS: the portal, buckets, tables, functions, the HTTP API, its sign-in, alarms. */
export class SegurStack extends Stack {
  constructor(scope: Construct, id: string, props: SegurStackProps = {}) {
    super(scope, id, props);
    const stage = props.stage ?? readStage({});

    // Access logs of the buckets and of CloudFront. CloudFront's standard logs are written with
    // ACLs, hence object writer ownership here (and here only).
    const accessLogs = new s3.Bucket(this, 'Journaux', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.OBJECT_WRITER,
      lifecycleRules: [{ expiration: Duration.days(365) }],
      removalPolicy: stage.removalPolicy,
      autoDeleteObjects: stage.autoDeleteObjects,
    });
    acknowledge(accessLogs,
      { id: 'AwsSolutions-S1', reason: "C'est le compartiment des journaux d'accès : le journaliser dans lui-même bouclerait" },
    );

    // Sign-in first: the portal's headers name its managed login domain.
    const pool = supplierPool(this, stage);
    const region = Aws.REGION;
    const portal = new Portal(this, 'Portail', {
      root: ROOT,
      stage,
      logs: accessLogs,
      // The API and the buckets by their regional host, not by name: they allow the portal's origin
      // (CORS), so naming them here would make the distribution and them depend on each other.
      connectOrigins: [
        Fn.join('', ['https://*.execute-api.', region, '.amazonaws.com']),
        Fn.join('', ['https://*.s3.', region, '.amazonaws.com']),
        Fn.join('', ['https://cognito-idp.', region, '.amazonaws.com']),
        pool.loginOrigin,
      ],
      formOrigins: [pool.loginOrigin],
    });
    const webOrigins = [portal.origin, ...stage.webOrigins];
    const client = webClient(this, pool, [portal.url, ...stage.webOrigins.map((o) => `${o}/`)]);

    // Uploads land here and trigger the functions; nothing is kept long. CDK's function that sets
    // its notifications at deploy time gets a role and a log group of the stack (cdk-functions.ts).
    const notifications = notificationsHandler(this, stage);
    const uploads = privateBucket(this, 'Uploads', stage, accessLogs, 'televersements/', {
      notificationsHandlerRole: notifications.role,
      cors: [{ allowedMethods: [s3.HttpMethods.POST], allowedOrigins: webOrigins, allowedHeaders: ['*'], maxAge: 3000 }],
      lifecycleRules: [{ expiration: Duration.days(30), abortIncompleteMultipartUploadAfter: Duration.days(1) }],
    });
    // What the service keeps: files as simulated, return files, attachments, exports. Never a trigger.
    const documents = privateBucket(this, 'Documents', stage, accessLogs, 'documents/', {
      versioned: true,
      // large CSV exports are fetched once through a short-lived link: not kept
      lifecycleRules: [{ prefix: EXPORT_PREFIX, expiration: Duration.days(1), noncurrentVersionExpiration: Duration.days(1) }],
    });

    const table = (name: string, partitionKey: dynamodb.Attribute, sortKey?: dynamodb.Attribute) =>
      new dynamodb.Table(this, name, {
        partitionKey,
        ...(sortKey ? { sortKey } : {}),
        billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        encryption: dynamodb.TableEncryption.AWS_MANAGED,
        deletionProtection: stage.deletionProtection,
        removalPolicy: stage.removalPolicy,
      });
    const S = dynamodb.AttributeType.STRING;
    const N = dynamodb.AttributeType.NUMBER;
    const imports = table('Imports', { name: 'identifiant', type: N });
    imports.addGlobalSecondaryIndex({ indexName: SUPPLIER_INDEX, partitionKey: { name: 'siret', type: S }, sortKey: { name: 'cle', type: S } });
    const referentiel = table('Referentiel', { name: 'siret', type: S }, { name: 'cle', type: S });
    const sequences = table('Sequences', { name: 'nom', type: S });
    const demandes = table('Demandes', { name: 'numeroDossier', type: S });
    demandes.addGlobalSecondaryIndex({ indexName: SUPPLIER_INDEX, partitionKey: { name: 'siret', type: S }, sortKey: { name: 'cle', type: S } });
    demandes.addGlobalSecondaryIndex({ indexName: IMPORT_INDEX, partitionKey: { name: 'identifiantImport', type: N }, sortKey: { name: 'numLigne', type: N } });
    // the import checks' uniqueness keys (IMP-01, IMP-02), written with conditions
    const unicites = table('Unicites', { name: 'cle', type: S });
    const archives = table('Archives', { name: 'identifiantImport', type: N }, { name: 'identifiant', type: N });

    const environment: Record<string, string> = {
      [CONFIG_VARIABLES.importsTable]: imports.tableName,
      [CONFIG_VARIABLES.referentielTable]: referentiel.tableName,
      [CONFIG_VARIABLES.sequencesTable]: sequences.tableName,
      [CONFIG_VARIABLES.demandesTable]: demandes.tableName,
      [CONFIG_VARIABLES.unicitesTable]: unicites.tableName,
      [CONFIG_VARIABLES.archivesTable]: archives.tableName,
      [CONFIG_VARIABLES.uploadsBucket]: uploads.bucketName,
      [CONFIG_VARIABLES.documentsBucket]: documents.bucketName,
    };
    const fn = (name: string, entry: string, memorySize: number, extra: Partial<lambda.FunctionOptions> = {}) =>
      serviceFunction(this, name, entry, { root: ROOT, stage, environment, memorySize, ...(extra.timeout ? { timeout: extra.timeout } : {}), extra });

    const api = fn('ApiFunction', 'functions/api/handler.ts', 512);
    // S3 invokes these asynchronously: two retries, then the event goes to its failure queue,
    // whose consumer (`failures`, below) records the failure for good (SPEC §6).
    const failureQueues: sqs.Queue[] = [];
    const abandonedQueues: sqs.Queue[] = [];
    const eventFunction = (name: string, entry: string, memorySize: number, timeout: Duration) => {
      // what the failures function could not settle after many receives: an operator's (alarmed)
      const abandoned = new sqs.Queue(this, `${name}FailuresDlq`, {
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
      });
      acknowledge(abandoned,
        { id: 'AwsSolutions-SQS3', reason: "File de dernier recours d'une file d'échecs : un exploitant la lit et la rejoue (alarme dès un message)" },
      );
      const failures = new sqs.Queue(this, `${name}Failures`, {
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
        // a message whose work is still held under a live lease comes back once the lease is over
        visibilityTimeout: FAILURE_RETRY_DELAY,
        deadLetterQueue: { queue: abandoned, maxReceiveCount: FAILURE_MAX_RECEIVES },
      });
      abandonedQueues.push(abandoned);
      failureQueues.push(failures);
      // the runbook reads them (README, « Rejouer une file d'échecs »)
      new CfnOutput(this, `${name}FailuresQueueUrl`, { value: failures.queueUrl, description: `La file d'échecs de ${name}` });
      new CfnOutput(this, `${name}FailuresDlqUrl`, { value: abandoned.queueUrl, description: `La file de dernier recours de ${name}` });
      return fn(`${name}Function`, entry, memorySize, { deadLetterQueue: failures, retryAttempts: 2, maxEventAge: Duration.hours(6), timeout });
    };
    const simulate = eventFunction('Simulate', 'functions/simulate/handler.ts', 1024, Duration.seconds(30));
    const commit = eventFunction('Commit', 'functions/commit/handler.ts', 1024, Duration.minutes(2));
    // A 20 MB archive is read into memory (a ZIP needs random access), and accepted files are held
    // until the whole archive is judged (an archive-level refusal stores nothing).
    const unzip = eventFunction('Unzip', 'functions/unzip/handler.ts', 2048, Duration.minutes(2));
    // Nothing stays in progress (SPEC §6): an event whose retries are exhausted (three failures,
    // three timeouts) reaches this consumer of the failure queues, which gives its work up through
    // the lease rules: ERREUR_TECHNIQUE, REFUSEE ERREUR_TECHNIQUE, or `erreurTechnique` on an import.
    const failures = fn('FailuresFunction', 'functions/failures/handler.ts', 256);
    for (const queue of failureQueues) {
      failures.addEventSource(new SqsEventSource(queue, { batchSize: 10, reportBatchItemFailures: true }));
    }

    // Least privilege: each function gets exactly the calls and the keys it uses.
    const allow = (f: lambda.IFunction, actions: string[], resources: string[]) => {
      f.addToRolePolicy(new iam.PolicyStatement({ actions, resources }));
      acknowledgeObjectPrefixes(f, resources);
    };
    allow(api, ['dynamodb:GetItem', 'dynamodb:PutItem'], [imports.tableArn]);
    allow(api, ['dynamodb:Query'], [`${imports.tableArn}/index/${SUPPLIER_INDEX}`]);
    allow(api, ['dynamodb:UpdateItem'], [sequences.tableArn]);
    allow(api, ['dynamodb:GetItem'], [referentiel.tableArn]);
    allow(api, ['s3:PutObject'], [uploads.arnForObjects(`${UPLOAD_PREFIX}*`)]);
    allow(api, ['s3:GetObject'], [documents.arnForObjects('fichiers/*'), documents.arnForObjects('retours/*')]);
    // GET /exports/*: an export too large for a response is written under exports/, then read through a presigned link
    allow(api, ['s3:PutObject', 's3:GetObject'], [documents.arnForObjects(`${EXPORT_PREFIX}*`)]);
    // POST /imports/{id}/importer: the state change, then a server-side copy of the simulated file under imports/
    allow(api, ['dynamodb:UpdateItem'], [imports.tableArn]);
    allow(api, ['s3:PutObject'], [uploads.arnForObjects(`${IMPORT_PREFIX}*`)]);
    allow(api, ['s3:GetObject'], [uploads.arnForObjects(`${IMPORT_PREFIX}*`)]);
    allow(api, ['dynamodb:GetItem'], [demandes.tableArn]);
    allow(api, ['dynamodb:Query'], [`${demandes.tableArn}/index/${SUPPLIER_INDEX}`]);
    // attachments and Finish
    allow(api, ['dynamodb:Query'], [archives.tableArn]);
    allow(api, ['dynamodb:BatchGetItem'], [demandes.tableArn]);
    allow(api, ['dynamodb:PutItem'], [archives.tableArn]);
    allow(api, ['dynamodb:UpdateItem'], [demandes.tableArn]);
    allow(api, ['s3:PutObject'], [uploads.arnForObjects(`${ARCHIVE_PREFIX}*`)]);

    allow(simulate, ['dynamodb:GetItem', 'dynamodb:UpdateItem'], [imports.tableArn]);
    allow(simulate, ['dynamodb:GetItem'], [referentiel.tableArn]);
    allow(simulate, ['s3:GetObject'], [uploads.arnForObjects(`${UPLOAD_PREFIX}*`)]);
    allow(simulate, ['s3:PutObject'], [documents.arnForObjects('fichiers/*'), documents.arnForObjects('retours/*')]);
    // AVT-03: the import's verdict forecast from stored data, reads only
    allow(simulate, ['dynamodb:BatchGetItem'], [unicites.tableArn]);
    allow(simulate, ['dynamodb:GetItem'], [demandes.tableArn]);

    allow(commit, ['dynamodb:GetItem', 'dynamodb:UpdateItem'], [imports.tableArn]);
    allow(commit, ['dynamodb:GetItem'], [referentiel.tableArn]);
    allow(commit, ['dynamodb:UpdateItem'], [sequences.tableArn]);
    allow(commit, ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem'], [unicites.tableArn]);
    allow(commit, ['dynamodb:GetItem', 'dynamodb:PutItem'], [demandes.tableArn]);
    allow(commit, ['s3:GetObject'], [uploads.arnForObjects(`${IMPORT_PREFIX}*`)]);
    allow(commit, ['s3:PutObject'], [documents.arnForObjects('retours/*')]);

    // an archive that ends refused empties its own folder of documents (pieces/<siret>/<import>/<archive>/)
    const emptyArchiveFolders = (f: lambda.IFunction) => {
      f.addToRolePolicy(
        new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [documents.bucketArn], conditions: { StringLike: { 's3:prefix': [`${ARCHIVE_PREFIX}*`] } } }),
      );
      allow(f, ['s3:DeleteObject'], [documents.arnForObjects(`${ARCHIVE_PREFIX}*`)]);
    };

    allow(unzip, ['dynamodb:GetItem', 'dynamodb:UpdateItem'], [archives.tableArn]);
    allow(unzip, ['dynamodb:BatchGetItem'], [demandes.tableArn]);
    // reads its import, and takes then gives back its permit there (Finish and archives never cross)
    allow(unzip, ['dynamodb:GetItem', 'dynamodb:UpdateItem'], [imports.tableArn]);
    allow(unzip, ['s3:GetObject'], [uploads.arnForObjects(`${ARCHIVE_PREFIX}*`)]);
    allow(unzip, ['s3:PutObject'], [documents.arnForObjects(`${ARCHIVE_PREFIX}*`)]);
    emptyArchiveFolders(unzip);

    // the failure queues' consumer: the lease and state of the import or archive an event names (its consumption of the queues is granted with them)
    allow(failures, ['dynamodb:GetItem', 'dynamodb:UpdateItem'], [imports.tableArn, archives.tableArn]);
    emptyArchiveFolders(failures);

    uploads.addEventNotification(s3.EventType.OBJECT_CREATED, new LambdaDestination(simulate), { prefix: UPLOAD_PREFIX, suffix: '.json' });
    uploads.addEventNotification(s3.EventType.OBJECT_CREATED, new LambdaDestination(commit), { prefix: IMPORT_PREFIX, suffix: '.json' });
    uploads.addEventNotification(s3.EventType.OBJECT_CREATED, new LambdaDestination(unzip), { prefix: ARCHIVE_PREFIX, suffix: '.zip' });
    logCdkFunctions(this, stage, notifications);

    // The page sends the ID token: issued by the pool for the web client (its `aud`), it carries `custom:siret`.
    const authorizer = new HttpJwtAuthorizer('JetonFournisseur', pool.issuer, { jwtAudience: [client.userPoolClientId] });

    const httpApi = new HttpApi(this, 'HttpApi', {
      corsPreflight: {
        allowOrigins: webOrigins,
        allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST],
        allowHeaders: ['authorization', 'content-type'],
        // the page names a downloaded file (return file, exports) as the API does
        exposeHeaders: ['content-disposition'],
        maxAge: Duration.hours(1),
      },
    });
    const integration = new HttpLambdaIntegration('ApiIntegration', api);
    for (const routeKey of ROUTE_KEYS) {
      const [method, routePath] = routeKey.split(' ') as [keyof typeof HttpMethod, string];
      const open = PUBLIC_ROUTES.includes(routeKey);
      const [route] = httpApi.addRoutes({ path: routePath, methods: [HttpMethod[method]], integration, authorizer: open ? new HttpNoneAuthorizer() : authorizer });
      if (open) {
        acknowledge(route!,
          { id: 'AwsSolutions-APIG4', reason: `${routeKey} est public par contrat (SPEC §8) : schémas et documentation, les mêmes pour tous, sans donnée de fournisseur` },
        );
      }
    }
    const apiStage = httpApi.defaultStage!.node.defaultChild as CfnStage;
    apiStage.defaultRouteSettings = { throttlingBurstLimit: 200, throttlingRateLimit: 100 };
    const apiAccessLogs = new logs.LogGroup(this, 'ApiAccessLogs', { retention: logs.RetentionDays.ONE_YEAR, removalPolicy: stage.removalPolicy });
    apiStage.accessLogSettings = {
      destinationArn: apiAccessLogs.logGroupArn,
      format: JSON.stringify({
        requestId: '$context.requestId',
        ip: '$context.identity.sourceIp',
        time: '$context.requestTime',
        route: '$context.routeKey',
        status: '$context.status',
        latency: '$context.responseLatency',
        error: '$context.authorizer.error',
      }),
    };

    // The page's runtime configuration: it signs in against the pool and calls the API.
    portal.deploy({
      apiUrl: httpApi.apiEndpoint,
      oidc: {
        authority: pool.issuer,
        clientId: client.userPoolClientId,
        redirectUri: portal.url,
        postLogoutRedirectUri: portal.url,
        scope: SIGN_IN_SCOPES.join(' '),
        ...managedLoginSettings(pool.loginOrigin),
      },
    });

    new Monitoring(this, 'Surveillance', {
      stage,
      httpApi,
      functions: { api, simulate, commit, unzip, failures },
      asyncFunctions: [simulate, commit, unzip],
      failureQueues,
      deadLetterQueues: abandonedQueues,
    });

    // What operators read (README, « Pour les exploitants ») with
    // `aws cloudformation describe-stacks --query "Stacks[0].Outputs[?OutputKey=='…'].OutputValue"`:
    // the keys are the ids below, stable.
    const output = (key: string, value: string, description: string) => new CfnOutput(this, key, { value, description });
    output('PortalUrl', portal.url, 'Le portail des fournisseurs');
    output('PortalDistributionDomain', portal.distribution.distributionDomainName, "La cible de l'enregistrement DNS du domaine du portail");
    output('ApiUrl', httpApi.apiEndpoint, "L'API");
    output('UserPoolId', pool.userPool.userPoolId, 'Le groupe des utilisateurs fournisseurs');
    output('UserPoolClientId', client.userPoolClientId, 'Le client du portail');
    output('SignInDomain', pool.loginOrigin, 'La connexion gérée de Cognito');
    const tables = { imports, referentiel, sequences, demandes, unicites, archives };
    for (const [name, t] of Object.entries(tables)) output(`${name[0]!.toUpperCase()}${name.slice(1)}Table`, t.tableName, `La table ${name}`);
    output('UploadsBucket', uploads.bucketName, 'Le compartiment de téléversement');
    output('DocumentsBucket', documents.bucketName, 'Le compartiment des documents');
    for (const [name, f] of Object.entries({ Api: api, Simulate: simulate, Commit: commit, Unzip: unzip, Failures: failures })) {
      output(`${name}FunctionName`, f.functionName, `La fonction ${name.toLowerCase()}`);
    }
    output('Stage', stage.name, 'Le stage de la pile');
  }
}
