/**
 * The suppliers' portal on AWS: `web/`, the DSFR (at `/dsfr/`) and the OpenID client library
 * (oidc-client-ts's browser build, at `/vendor/oidc-client-ts/`) in a private bucket, served by
 * CloudFront through origin access control, on the portal's own domain when the stage gives one,
 * with a `config.json` written at deploy time (the API's URL, the sign-in settings), security
 * headers on every response, and cache rules that never keep an old page with new modules for long.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Duration, Fn, Stack, Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { contentSecurityPolicy } from '../shared/http/page-security.js';
import { acknowledge } from './acknowledge.js';
import { privateBucket } from './private-bucket.js';
import type { Stage } from './stage.js';

/** What the page reads at start (`./config.json`); web/auth.js reads the `oidc` block. */
export interface PortalConfig {
  apiUrl: string;
  oidc: {
    authority: string;
    clientId: string;
    redirectUri: string;
    postLogoutRedirectUri: string;
    scope: string;
    /** Where sign-out goes when the provider's discovery names no end_session_endpoint (Cognito). */
    logoutEndpoint?: string;
    /** Added to the sign-in request. */
    extraQueryParams?: Record<string, string>;
  };
}

/**
 * What Cognito's managed login needs besides its discovery: its discovery document has no
 * end_session_endpoint, so sign-out goes to `https://<domain>/logout` (the page adds client_id and
 * logout_uri), and its pages are asked in French (`lang=fr`).
 */
export function managedLoginSettings(loginOrigin: string): Pick<PortalConfig['oidc'], 'logoutEndpoint' | 'extraQueryParams'> {
  return { logoutEndpoint: Fn.join('', [loginOrigin, '/logout']), extraQueryParams: { lang: 'fr' } };
}

export interface PortalProps {
  root: string;
  stage: Stage;
  logs: s3.IBucket;
  /** Origins the page's scripts may call besides its own: the API, the buckets, Cognito. */
  connectOrigins: string[];
  /** Where forms may go besides the page: the managed login. */
  formOrigins: string[];
}

/**
 * Cache-Control of the deployed files. The page's modules are not fingerprinted (no build step):
 * the entry points (index.html, config.json) are revalidated at every load, the rest is kept a
 * few minutes then revalidated, so that a deploy never mixes old and new modules for longer.
 */
export const CACHE_CONTROL = {
  entry: [s3deploy.CacheControl.noCache()],
  files: [s3deploy.CacheControl.setPublic(), s3deploy.CacheControl.maxAge(Duration.minutes(5)), s3deploy.CacheControl.mustRevalidate()],
};
/** The files revalidated at every load: what names the modules, and the deploy-time configuration. */
const ENTRY_FILES = ['index.html', 'config.json'];

export class Portal extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  /** `https://<domain>`, the page's origin: the stage's domain, else the distribution's `*.cloudfront.net`. */
  readonly origin: string;
  /** `https://<domain>/`, where sign-in comes back to and sign-out ends. */
  readonly url: string;
  private readonly props: PortalProps;

  constructor(scope: Construct, id: string, props: PortalProps) {
    super(scope, id);
    this.props = props;
    this.bucket = privateBucket(this, 'Pages', props.stage, props.logs, 'pages/');
    const headers = new cloudfront.ResponseHeadersPolicy(this, 'Entetes', {
      comment: 'Portail Ségur : CSP sans unsafe-inline, HSTS, pas de cadre, pas de référent',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: contentSecurityPolicy(props.connectOrigins, props.formOrigins), override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(730), includeSubdomains: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
      },
    });
    const domain = props.stage.domain;
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'Portail des fournisseurs — Ségur numérique',
      // the portal's own domain (a DNS record to the distribution is the operator's, README)
      ...(domain
        ? {
            domainNames: [domain.name],
            certificate: acm.Certificate.fromCertificateArn(this, 'Certificat', domain.certificateArn),
            minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        responseHeadersPolicy: headers,
      },
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: props.logs,
      logFilePrefix: 'cloudfront/',
    });
    this.origin = domain ? `https://${domain.name}` : Fn.join('', ['https://', this.distribution.distributionDomainName]);
    this.url = domain ? `${this.origin}/` : Fn.join('', [this.origin, '/']);
    acknowledge(this.distribution,
      { id: 'AwsSolutions-CFR1', reason: 'Les éditeurs de logiciels déposent depuis où ils travaillent : aucune restriction géographique ne les distingue' },
      {
        id: 'AwsSolutions-CFR2',
        reason: "La distribution ne sert que des fichiers statiques publics ; l'API a sa propre limitation de débit et l'authentification. Un WAF (web ACL en us-east-1, ~6 $/mois) reste possible",
      },
    );
    if (!domain) {
      acknowledge(this.distribution, {
        id: 'AwsSolutions-CFR4',
        reason: 'Sans -c segur:domainName (dev) : domaine *.cloudfront.net, où CloudFront impose son propre certificat et sa politique TLS ; avec un domaine, TLSv1.2_2021',
      });
    }
  }

  /** Deploys the page, the DSFR, the OpenID client library and the runtime configuration, then invalidates the distribution's cache. */
  deploy(config: PortalConfig): void {
    const { root } = this.props;
    const role = new iam.Role(this, 'DeploiementRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    const logGroup = new logs.LogGroup(this, 'DeploiementLogs', { retention: logs.RetentionDays.ONE_MONTH, removalPolicy: this.props.stage.removalPolicy });
    logGroup.grantWrite(role);
    const common = { destinationBucket: this.bucket, role, logGroup, memoryLimit: 512, cacheControl: CACHE_CONTROL.files };
    const dsfr = new s3deploy.BucketDeployment(this, 'DeploiementDsfr', {
      ...common,
      sources: [s3deploy.Source.asset(path.join(root, 'node_modules/@gouvfr/dsfr/dist'), { exclude: DSFR_UNUSED })],
      destinationKeyPrefix: 'dsfr/',
    });
    // web/auth.js loads it from ./vendor/oidc-client-ts/ (CSP script-src 'self'), as the local stack serves it
    const oidcClient = new s3deploy.BucketDeployment(this, 'DeploiementClientOidc', {
      ...common,
      sources: [s3deploy.Source.asset(path.join(root, 'node_modules/oidc-client-ts/dist/browser'), { exclude: ['*.map'] })],
      destinationKeyPrefix: 'vendor/oidc-client-ts/',
    });
    const page = new s3deploy.BucketDeployment(this, 'DeploiementPage', {
      ...common,
      sources: [s3deploy.Source.asset(path.join(root, 'web'), { exclude: ENTRY_FILES })],
      // the entry files and the other deployments' folders are not this one's: not pruned by it
      exclude: [...ENTRY_FILES, 'dsfr/*', 'vendor/*'],
    });
    // last, once every module it names is in place: the entry files, then the cache invalidated
    const entry = new s3deploy.BucketDeployment(this, 'DeploiementEntree', {
      ...common,
      sources: [s3deploy.Source.data('index.html', readFileSync(path.join(root, 'web/index.html'), 'utf8')), s3deploy.Source.jsonData('config.json', config)],
      exclude: ['*'],
      include: ENTRY_FILES,
      cacheControl: CACHE_CONTROL.entry,
      distribution: this.distribution,
      distributionPaths: ['/*'],
    });
    entry.node.addDependency(page, dsfr, oidcClient);
    // CDK's grants to its deployment function: read its asset archives, replace the pages bucket's
    // content object by object, invalidate the cache (an action with no resource-level permission)
    const stack = Stack.of(this);
    const qualifier = (this.node.tryGetContext('@aws-cdk/core:bootstrapQualifier') as string | undefined) ?? 'hnb659fds';
    const pages = stack.resolve((this.bucket.node.defaultChild as s3.CfnBucket).logicalId) as string;
    // the assets bucket is named by the stack's account and region when they are known (as the CLI deploys)
    const concrete = (value: string, unknown: string) => (Token.isUnresolved(value) ? unknown : value);
    const findings = [
      ...['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*'].map((a) => `Action::${a}`),
      `Resource::arn:<AWS::Partition>:s3:::cdk-${qualifier}-assets-${concrete(stack.account, '<AWS::AccountId>')}-${concrete(stack.region, '<AWS::Region>')}/*`,
      `Resource::<${pages}.Arn>/*`,
      'Resource::*',
    ];
    acknowledge(
      role,
      ...findings.map((f) => ({
        id: `AwsSolutions-IAM5[${f}]`,
        reason: "Rôle du déploiement des pages par CDK (BucketDeployment) : lire ses archives d'actifs, remplacer tout le contenu du compartiment des pages, invalider le cache CloudFront (action sans ressource)",
      })),
    );
    // the deployments' function: one per stack, CDK's own (Python), under the stack
    for (const handler of stack.node.children.filter((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'))) {
      acknowledge(handler,
        { id: 'AwsSolutions-L1', reason: "Fonction de déploiement fournie par CDK (BucketDeployment, en Python) : son environnement d'exécution est celui que CDK choisit" },
      );
    }
  }
}

/** What the page does not use of the DSFR's dist (86 MB): source maps, unminified and per-component builds. */
const DSFR_UNUSED = [
  '**/*.map',
  'component',
  'core',
  'analytics',
  'legacy',
  'scheme',
  'dsfr',
  'example',
  '*.legacy*',
  '*.nomodule.js',
  '*.module.js',
  '*.main.*',
  '*.print.*',
  'dsfr.css',
  'utility/*',
  '!utility/utility.min.css',
  'README.md',
];
