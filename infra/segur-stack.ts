import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { CorsHttpMethod, HttpApi, HttpMethod, HttpNoneAuthorizer, type CfnStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LambdaDestination } from 'aws-cdk-lib/aws-s3-notifications';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { CONFIG_VARIABLES } from '../shared/config.js';
import { PUBLIC_ROUTES, ROUTE_KEYS } from '../functions/api/route-keys.js';
import { SUPPLIER_INDEX } from '../shared/adapters/aws/table-indexes.js';
import { ARCHIVE_PREFIX, EXPORT_PREFIX, IMPORT_PREFIX, UPLOAD_PREFIX } from '../shared/app/object-keys.js';
import { IMPORT_INDEX } from '../shared/adapters/aws/table-indexes.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * How long a failure queue's message stays hidden after its consumer reported it back (its work
 * still held under a live lease): longer than the longest lease (import-lifecycle.ts, 150 s).
 */
const FAILURE_RETRY_DELAY = Duration.minutes(3);

/** Metadata key naming a function's handler file, so the local stack runs the same code. */
export const ENTRY_METADATA = 'segur:entry';

export interface SegurStackProps extends StackProps {
  /** Origins allowed to call the API and upload from a browser (the web page's). */
  webOrigins?: string[];
}

/** The whole service on AWS: buckets, tables, functions, the HTTP API and its sign-in. */
export class SegurStack extends Stack {
  constructor(scope: Construct, id: string, props: SegurStackProps = {}) {
    super(scope, id, props);
    const webOrigins = props.webOrigins ?? ['*'];

    // Uploads land here and trigger the functions; nothing is kept long.
    const uploads = new s3.Bucket(this, 'Uploads', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      cors: [{ allowedMethods: [s3.HttpMethods.POST], allowedOrigins: webOrigins, allowedHeaders: ['*'], maxAge: 3000 }],
      lifecycleRules: [{ expiration: Duration.days(30), abortIncompleteMultipartUploadAfter: Duration.days(1) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // What the service keeps: files as simulated, return files. Never a trigger.
    const documents = new s3.Bucket(this, 'Documents', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      // large CSV exports are fetched once through a short-lived link: not kept
      lifecycleRules: [{ prefix: EXPORT_PREFIX, expiration: Duration.days(1), noncurrentVersionExpiration: Duration.days(1) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const table = (name: string, partitionKey: dynamodb.Attribute, sortKey?: dynamodb.Attribute) =>
      new dynamodb.Table(this, name, {
        partitionKey,
        ...(sortKey ? { sortKey } : {}),
        billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        encryption: dynamodb.TableEncryption.AWS_MANAGED,
        deletionProtection: true,
        removalPolicy: RemovalPolicy.RETAIN,
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
      POWERTOOLS_SERVICE_NAME: 'segur-depot',
      NODE_OPTIONS: '--enable-source-maps',
    };
    const fn = (name: string, entry: string, memorySize: number, extra: Partial<lambda.FunctionOptions> = {}) => {
      const f = new NodejsFunction(this, name, {
        entry: path.join(ROOT, entry),
        projectRoot: ROOT,
        depsLockFilePath: path.join(ROOT, 'package-lock.json'),
        handler: 'handler',
        runtime: lambda.Runtime.NODEJS_22_X,
        architecture: lambda.Architecture.ARM_64,
        memorySize,
        timeout: Duration.seconds(30),
        environment,
        bundling: { minify: true, sourceMap: true, target: 'node22', format: OutputFormat.CJS },
        logGroup: new logs.LogGroup(this, `${name}Logs`, { retention: logs.RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN }),
        ...extra,
      });
      (f.node.defaultChild as lambda.CfnFunction).addMetadata(ENTRY_METADATA, entry);
      return f;
    };

    const api = fn('ApiFunction', 'functions/api/handler.ts', 512);
    // S3 invokes these asynchronously: two retries, then the event goes to its failure queue,
    // whose consumer (`failures`, below) records the failure for good (SPEC §6).
    const failureQueues: sqs.Queue[] = [];
    const eventFunction = (name: string, entry: string, memorySize: number, timeout: Duration) => {
      const failures = new sqs.Queue(this, `${name}Failures`, {
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
        // a message whose work is still held under a live lease comes back once the lease is over
        visibilityTimeout: FAILURE_RETRY_DELAY,
      });
      failureQueues.push(failures);
      new CfnOutput(this, `${name}FailuresQueue`, { value: failures.queueUrl });
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
    const allow = (f: lambda.IFunction, actions: string[], resources: string[]) =>
      f.addToRolePolicy(new iam.PolicyStatement({ actions, resources }));
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

    allow(unzip, ['dynamodb:GetItem', 'dynamodb:UpdateItem'], [archives.tableArn]);
    allow(unzip, ['dynamodb:BatchGetItem', 'dynamodb:UpdateItem'], [demandes.tableArn]);
    // reads its import, and takes then gives back its permit there (Finish and archives never cross)
    allow(unzip, ['dynamodb:GetItem', 'dynamodb:UpdateItem'], [imports.tableArn]);
    allow(unzip, ['s3:GetObject'], [uploads.arnForObjects(`${ARCHIVE_PREFIX}*`)]);
    allow(unzip, ['s3:PutObject'], [documents.arnForObjects(`${ARCHIVE_PREFIX}*`)]);

    // the failure queues' consumer: the lease and state of the import or archive an event names (its consumption of the queues is granted with them)
    allow(failures, ['dynamodb:GetItem', 'dynamodb:UpdateItem'], [imports.tableArn, archives.tableArn]);

    uploads.addEventNotification(s3.EventType.OBJECT_CREATED, new LambdaDestination(simulate), { prefix: UPLOAD_PREFIX, suffix: '.json' });
    uploads.addEventNotification(s3.EventType.OBJECT_CREATED, new LambdaDestination(commit), { prefix: IMPORT_PREFIX, suffix: '.json' });
    uploads.addEventNotification(s3.EventType.OBJECT_CREATED, new LambdaDestination(unzip), { prefix: ARCHIVE_PREFIX, suffix: '.zip' });

    // Suppliers sign in with Cognito; each user carries its SIRET, which it can never change.
    const userPool = new cognito.UserPool(this, 'Fournisseurs', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      customAttributes: { siret: new cognito.StringAttribute({ minLen: 14, maxLen: 14, mutable: false }) },
      passwordPolicy: { minLength: 12, requireDigits: true, requireLowercase: true, requireUppercase: true, requireSymbols: true },
      mfa: cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { sms: false, otp: true },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const client = userPool.addClient('Web', {
      authFlows: { userSrp: true },
      // no hosted sign-in: the page signs in with SRP, so no OAuth flow (and never the implicit one)
      disableOAuth: true,
      generateSecret: false,
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(1),
      readAttributes: new cognito.ClientAttributes().withStandardAttributes({ email: true }).withCustomAttributes('siret'),
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ email: true }),
    });
    const authorizer = new HttpJwtAuthorizer('JetonFournisseur', `https://cognito-idp.${this.region}.amazonaws.com/${userPool.userPoolId}`, {
      jwtAudience: [client.userPoolClientId],
    });

    const httpApi = new HttpApi(this, 'HttpApi', {
      corsPreflight: {
        allowOrigins: webOrigins,
        allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST],
        allowHeaders: ['authorization', 'content-type'],
        maxAge: Duration.hours(1),
      },
    });
    const integration = new HttpLambdaIntegration('ApiIntegration', api);
    for (const routeKey of ROUTE_KEYS) {
      const [method, routePath] = routeKey.split(' ') as [keyof typeof HttpMethod, string];
      httpApi.addRoutes({
        path: routePath,
        methods: [HttpMethod[method]],
        integration,
        authorizer: PUBLIC_ROUTES.includes(routeKey) ? new HttpNoneAuthorizer() : authorizer,
      });
    }
    const stage = httpApi.defaultStage!.node.defaultChild as CfnStage;
    stage.defaultRouteSettings = { throttlingBurstLimit: 200, throttlingRateLimit: 100 };
    const accessLogs = new logs.LogGroup(this, 'ApiAccessLogs', { retention: logs.RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN });
    stage.accessLogSettings = {
      destinationArn: accessLogs.logGroupArn,
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

    new CfnOutput(this, 'ApiUrl', { value: httpApi.apiEndpoint });
    new CfnOutput(this, 'UserPoolId', { value: userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: client.userPoolClientId });
    new CfnOutput(this, 'ReferentielTable', { value: referentiel.tableName });
  }
}
