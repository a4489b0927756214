/**
 * The stage of a deployment, from the CDK context (`-c segur:stage=dev|prod`, default dev), and
 * what it decides: the region, whether the data outlives the stack, the portal's own domain, and
 * what prod cannot do without.
 */
import { RemovalPolicy } from 'aws-cdk-lib';

export type StageName = 'dev' | 'prod';

/** The context keys the operator sets with `-c key=value`. */
export const CONTEXT = {
  stage: 'segur:stage',
  region: 'segur:region',
  alertEmail: 'segur:alertEmail',
  domainName: 'segur:domainName',
  certificateArn: 'segur:certificateArn',
  webOrigins: 'segur:webOrigins',
  authDomainPrefix: 'segur:authDomainPrefix',
} as const;

/** Where the stack goes unless `-c segur:region=` says otherwise (never the CLI's default region). */
export const DEFAULT_REGION = 'eu-west-3';

export interface Stage {
  name: StageName;
  /** The stack's region: `segur:region`, else eu-west-3. */
  region: string;
  /** prod keeps tables, buckets, log groups and the user pool when the stack goes; dev removes them all. */
  removalPolicy: RemovalPolicy;
  /** dev: buckets are emptied on `cdk destroy`, so that it removes the stack whole. */
  autoDeleteObjects: boolean;
  /** prod: tables cannot be deleted (DeletionProtection) until an operator lifts it. */
  deletionProtection: boolean;
  /** Where alarms are sent (required in prod). */
  alertEmail?: string;
  /**
   * The portal's own domain and its ACM certificate (in us-east-1, as CloudFront requires), both or
   * neither (required in prod): the portal's origin is then `https://<domainName>`, else the
   * distribution's `*.cloudfront.net`.
   */
  domain?: { name: string; certificateArn: string };
  /** Origins allowed besides the portal's (an integrator's test page…); never `*`. */
  webOrigins: string[];
  /** The prefix of the managed login domain (`<prefix>.auth.<region>.amazoncognito.com`); derived when absent. */
  authDomainPrefix?: string;
}

/** What the context gives, as `cdk -c` passes it (strings) or as a test passes it. */
export type StageContext = Partial<Record<(typeof CONTEXT)[keyof typeof CONTEXT], unknown>>;

const list = (value: unknown): string[] =>
  (Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(',') : []).map((s) => s.trim()).filter((s) => s.length > 0);
const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);

/** The stage the context names; throws (in French, for the operator) on a wrong value, or when prod lacks what it requires. */
export function readStage(context: StageContext): Stage {
  const name = context[CONTEXT.stage] ?? 'dev';
  if (name !== 'dev' && name !== 'prod') throw new Error(`${CONTEXT.stage} : « ${String(name)} » inconnu ; dev ou prod attendu`);
  const region = text(context[CONTEXT.region]) ?? DEFAULT_REGION;
  if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) throw new Error(`${CONTEXT.region} : « ${region} » n'est pas une région AWS (par exemple eu-west-3)`);
  const alertEmail = text(context[CONTEXT.alertEmail]);
  const webOrigins = list(context[CONTEXT.webOrigins]);
  for (const origin of webOrigins) {
    if (!/^https?:\/\/[^/\s*]+$/.test(origin)) throw new Error(`${CONTEXT.webOrigins} : « ${origin} » n'est pas une origine (https://hôte[:port], sans chemin ni joker)`);
  }
  const domain = readDomain(text(context[CONTEXT.domainName]), text(context[CONTEXT.certificateArn]));
  const prefix = text(context[CONTEXT.authDomainPrefix]);
  if (name === 'prod') {
    const missing = [
      ...(alertEmail ? [] : [`-c ${CONTEXT.alertEmail}=<adresse>`]),
      ...(domain ? [] : [`-c ${CONTEXT.domainName}=<domaine du portail> et -c ${CONTEXT.certificateArn}=<certificat ACM en us-east-1>`]),
    ];
    if (missing.length > 0) throw new Error(`Le stage prod exige ${missing.join(' et ')}`);
  }
  const prod = name === 'prod';
  return {
    name,
    region,
    removalPolicy: prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    autoDeleteObjects: !prod,
    deletionProtection: prod,
    ...(alertEmail ? { alertEmail } : {}),
    ...(domain ? { domain } : {}),
    webOrigins,
    ...(prefix ? { authDomainPrefix: prefix } : {}),
  };
}

/** The portal's domain and its certificate: both or neither; a host name, and a certificate CloudFront can use (us-east-1). */
function readDomain(name: string | undefined, certificateArn: string | undefined): Stage['domain'] {
  if (name === undefined && certificateArn === undefined) return undefined;
  if (name === undefined) throw new Error(`${CONTEXT.certificateArn} va avec -c ${CONTEXT.domainName}=<domaine du portail>`);
  if (certificateArn === undefined) throw new Error(`${CONTEXT.domainName} va avec -c ${CONTEXT.certificateArn}=<certificat ACM en us-east-1>`);
  if (!/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(name)) {
    throw new Error(`${CONTEXT.domainName} : « ${name} » n'est pas un nom de domaine (depot.exemple.gouv.fr, sans https:// ni chemin, en minuscules)`);
  }
  if (!/^arn:aws:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]+$/.test(certificateArn)) {
    throw new Error(`${CONTEXT.certificateArn} : « ${certificateArn} » n'est pas un certificat ACM de la région us-east-1 (CloudFront n'accepte que ceux-là)`);
  }
  return { name, certificateArn };
}
