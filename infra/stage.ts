/**
 * The stage of a deployment, from the CDK context (`-c segur:stage=dev|prod`, default dev), and
 * what it decides: whether the data outlives the stack, and what prod cannot do without.
 */
import { RemovalPolicy } from 'aws-cdk-lib';

export type StageName = 'dev' | 'prod';

/** The context keys the operator sets with `-c key=value`. */
export const CONTEXT = {
  stage: 'segur:stage',
  alertEmail: 'segur:alertEmail',
  webOrigins: 'segur:webOrigins',
  authDomainPrefix: 'segur:authDomainPrefix',
} as const;

export interface Stage {
  name: StageName;
  /** prod keeps tables, buckets, log groups and the user pool when the stack goes; dev removes them all. */
  removalPolicy: RemovalPolicy;
  /** dev: buckets are emptied on `cdk destroy`, so that it removes the stack whole. */
  autoDeleteObjects: boolean;
  /** prod: tables cannot be deleted (DeletionProtection) until an operator lifts it. */
  deletionProtection: boolean;
  /** Where alarms are sent (required in prod). */
  alertEmail?: string;
  /** Origins allowed besides the portal's CloudFront origin (required in prod; never `*` unless given). */
  webOrigins: string[];
  /** The prefix of the managed login domain (`<prefix>.auth.<region>.amazoncognito.com`); derived when absent. */
  authDomainPrefix?: string;
}

/** What the context gives, as `cdk -c` passes it (strings) or as a test passes it. */
export type StageContext = Partial<Record<(typeof CONTEXT)[keyof typeof CONTEXT], unknown>>;

const list = (value: unknown): string[] =>
  (Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(',') : []).map((s) => s.trim()).filter((s) => s.length > 0);

/** The stage the context names; throws (in French, for the operator) when prod lacks what it requires. */
export function readStage(context: StageContext): Stage {
  const name = context[CONTEXT.stage] ?? 'dev';
  if (name !== 'dev' && name !== 'prod') throw new Error(`${CONTEXT.stage} : « ${String(name)} » inconnu ; dev ou prod attendu`);
  const alertEmail = typeof context[CONTEXT.alertEmail] === 'string' && context[CONTEXT.alertEmail] !== '' ? (context[CONTEXT.alertEmail] as string) : undefined;
  const webOrigins = list(context[CONTEXT.webOrigins]);
  for (const origin of webOrigins) {
    if (!/^https?:\/\/[^/\s*]+$/.test(origin)) throw new Error(`${CONTEXT.webOrigins} : « ${origin} » n'est pas une origine (https://hôte[:port], sans chemin ni joker)`);
  }
  const prefix = context[CONTEXT.authDomainPrefix];
  if (name === 'prod') {
    const missing = [...(alertEmail ? [] : [`-c ${CONTEXT.alertEmail}=<adresse>`]), ...(webOrigins.length > 0 ? [] : [`-c ${CONTEXT.webOrigins}=https://<origine>`])];
    if (missing.length > 0) throw new Error(`Le stage prod exige ${missing.join(' et ')}`);
  }
  const prod = name === 'prod';
  return {
    name,
    removalPolicy: prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    autoDeleteObjects: !prod,
    deletionProtection: prod,
    ...(alertEmail ? { alertEmail } : {}),
    webOrigins,
    ...(typeof prefix === 'string' && prefix !== '' ? { authDomainPrefix: prefix } : {}),
  };
}
