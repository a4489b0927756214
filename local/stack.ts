/**
 * The whole service on one machine: the emulators, the functions run from their sources, S3
 * events dispatched to them, the HTTP API under /api. Same handlers and configuration as AWS:
 * everything is read from the synthesized CDK template. Nothing stays in progress (SPEC §6): an
 * event whose retries are exhausted goes to the failure handler, as the failure queues do on AWS;
 * and at each start, the work a previous process left in progress is taken up.
 */
import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SQSEvent } from 'aws-lambda';
import { createAwsClients } from '../shared/adapters/aws/clients.js';
import { createAwsStores } from '../shared/adapters/aws/stores.js';
import { resumeInterruptedWork, type Resumption } from '../shared/app/recovery/resume-interrupted-work.js';
import { systemRuntime } from '../shared/app/runtime.js';
import { config } from '../shared/config.js';
import { createDispatcher, localLambdaContext, objectCreatedRecord, type Dispatcher, type EventHandler } from './dispatcher.js';
import { LOCAL_REGION } from './emulators.js';
import { API_PREFIX, createApiAdapter, type ApiHandler } from './http-adapter.js';
import { issueLocalToken } from './local-token.js';
import { assertLoopbackHost } from './loopback.js';
import { createLocalSignIn, type LocalSignIn } from './oidc/local-sign-in.js';
import { createWebFiles, pageSecurityHeaders } from './web-files.js';
import { publishServices, startLocalServices } from './services.js';

export const ROOT = resolve(import.meta.dirname, '..');

export interface LocalStackOptions {
  /** Where objects and tables live (default `.local-data/`). */
  dataDir: string;
  /** HTTP port of the API (0: any free port). */
  port: number;
  /** Port of the local S3 that browsers upload to (0: any free port). */
  s3Port: number;
  /** Where the API and the local S3 listen: a loopback address only (default 127.0.0.1). */
  host?: string;
  /** POWERTOOLS_LOG_LEVEL for the functions (default INFO). */
  logLevel?: string;
}

export interface LocalStack {
  url: string;
  apiUrl: string;
  s3Url: string;
  /** The local OpenID provider's issuer (`<url>/oidc`) and the page's client id there. */
  oidc: { issuer: string; clientId: string };
  dataDir: string;
  dispatcher: Dispatcher;
  /** True when this start created the tables (and loaded the demo reference data). */
  firstStart: boolean;
  /** What this start took up of the work a previous process left (SPEC §6), its events delivered again. */
  resumed: Resumption;
  /** Resolves once every S3 event emitted so far has been delivered and handled. */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

/** The data folder: $SEGUR_DATA_DIR, or `.local-data/` at the project's root. */
export function defaultDataDir(): string {
  return resolve(process.env.SEGUR_DATA_DIR ?? join(ROOT, '.local-data'));
}

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const host = options.host ?? '127.0.0.1';
  assertLoopbackHost(host);
  // The functions find the emulators through the SDK's own variables, and their configuration
  // through the environment the template gives them (the same for every function).
  const services = await startLocalServices(options.dataDir, options.s3Port, host, options.logLevel ?? 'INFO');
  const { model, emulators, firstStart } = services;

  const modules = new Map<string, Promise<{ handler: unknown }>>();
  const handlerOf = async <T>(functionId: string): Promise<T> => {
    const fn = model.functions.get(functionId);
    if (!fn) throw new Error(`local stack: unknown function ${functionId}`);
    if (!modules.has(functionId)) modules.set(functionId, import(pathToFileURL(join(ROOT, fn.entry)).href));
    return (await modules.get(functionId)!).handler as T;
  };

  const failures = join(options.dataDir, 'echecs-traitements.log');
  const uploadsBucket = config().uploadsBucket;
  const logFailure = (functionId: string, key: string, what: unknown) =>
    appendFileSync(failures, `${new Date().toISOString()} ${functionId} ${key} ${(what as Error)?.stack ?? String(what)}\n`);
  // As on AWS, an event whose retries are exhausted reaches the failure handler (there, the
  // consumer of the failure queues), which records the failure for good (SPEC §6).
  const failureHandler = [...model.functions.values()].find((f) => f.entry === FAILURE_HANDLER_ENTRY);
  const givingUp = new Set<Promise<void>>();
  const giveUp = (key: string) => {
    if (!failureHandler) return;
    const run: Promise<void> = handlerOf<FailureHandler>(failureHandler.id)
      .then((handle) => handle(failureQueueEvent(uploadsBucket, key), localLambdaContext(failureHandler.id)))
      .then((out) => {
        if (out.batchItemFailures.length > 0) logFailure(failureHandler.id, key, 'pas encore abandonné : un bail est en cours');
      })
      .catch((error: unknown) => logFailure(failureHandler.id, key, error))
      .finally(() => givingUp.delete(run));
    givingUp.add(run);
  };
  const dispatcher = createDispatcher(model.notifications, (id) => handlerOf<EventHandler>(id), LOCAL_REGION, (functionId, key, error) => {
    logFailure(functionId, key, error);
    console.error(`échec définitif du traitement de ${key} (voir ${failures})`);
    giveUp(key);
  }, () => emulators.flush());
  emulators.onEvent((records) => dispatcher.dispatch(records));

  // The previous process may have stopped mid-way (kill -9, a crash): its leases died with it.
  // They are given back and the events of the work it left in progress are delivered again.
  const resumed = await resumeWork().catch((error: unknown): Resumption => {
    console.error(`reprise des traitements interrompus impossible : ${(error as Error)?.message ?? String(error)}`);
    return { redeliver: [], released: 0, gaveUp: 0 };
  });
  for (const failure of resumed.failed ?? []) console.error(`reprise impossible de ${failure}`);
  dispatcher.dispatch(resumed.redeliver.map((object) => objectCreatedRecord(uploadsBucket, object)));
  // The API opens once that work is done: no Finish can slip in between an unpacking the previous
  // process left and its taking up, whose lease was just given back (SPEC §7).
  await dispatcher.idle();

  // The OpenID provider's issuer is the server's own origin: known once it listens, before it serves.
  let ready!: (signIn: LocalSignIn) => void;
  const signInReady = new Promise<LocalSignIn>((r) => (ready = r));
  const web = createWebFiles(ROOT, (siret) => issueLocalToken(options.dataDir, siret));
  let api: ReturnType<typeof createApiAdapter> | undefined;
  let pageHeaders: Record<string, string> = {};
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? host}`);
    const done = signInReady.then((signIn) => {
      if (url.pathname === API_PREFIX || url.pathname.startsWith(`${API_PREFIX}/`)) return api!(req, res, url);
      for (const [name, value] of Object.entries(pageHeaders)) res.setHeader(name, value); // the page's files and the provider's pages
      return signIn.serves(url.pathname) ? signIn.handle(req, res, url) : web(req, res, url);
    });
    done.catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolveListen) => server.listen(options.port, host, resolveListen));
  const url = `http://${host}:${(server.address() as AddressInfo).port}`;
  const signIn = await createLocalSignIn(options.dataDir, url, `${url}${API_PREFIX}`);
  api = createApiAdapter(model.routes, (id) => handlerOf<ApiHandler>(id), signIn.verify);
  pageHeaders = pageSecurityHeaders({ apiUrl: `${url}${API_PREFIX}`, s3Url: emulators.s3Url, issuer: signIn.issuer });
  ready(signIn);
  const unpublish = publishServices(options.dataDir, services.environment);

  return {
    url,
    apiUrl: `${url}${API_PREFIX}`,
    s3Url: emulators.s3Url,
    oidc: { issuer: signIn.issuer, clientId: signIn.clientId },
    dataDir: options.dataDir,
    dispatcher,
    firstStart,
    resumed,
    async settle() {
      await emulators.flush();
      await dispatcher.idle();
      await Promise.allSettled([...givingUp]);
    },
    async stop() {
      unpublish();
      await new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections?.();
      await dispatcher.idle();
      await Promise.allSettled([...givingUp]);
      await emulators.stop();
    },
  };
}

/** The failure queues' consumer on AWS (infra/segur-stack.ts), run here by the dispatcher's last failure. */
const FAILURE_HANDLER_ENTRY = 'functions/failures/handler.ts';
type FailureHandler = (event: SQSEvent, context: unknown) => Promise<{ batchItemFailures: unknown[] }>;

/** What the previous process left in progress, taken up (shared/app/recovery), with clients of this start's emulators. */
async function resumeWork(): Promise<Resumption> {
  const clients = createAwsClients();
  try {
    return await resumeInterruptedWork(createAwsStores(config(), clients), systemRuntime);
  } finally {
    clients.dynamo.destroy();
    clients.s3.destroy();
  }
}

/** What a failure queue hands its consumer on AWS: a message whose body is the S3 event that failed (`key` as the event had it, encoded). */
function failureQueueEvent(bucket: string, encodedKey: string): SQSEvent {
  const record = objectCreatedRecord(bucket, { key: encodedKey, size: 0 });
  const body = JSON.stringify({ Records: [record] });
  return {
    Records: [
      {
        messageId: randomUUID(),
        receiptHandle: 'local',
        body,
        attributes: { ApproximateReceiveCount: '1', SentTimestamp: String(Date.now()), SenderId: 'local', ApproximateFirstReceiveTimestamp: String(Date.now()) },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: `arn:aws:sqs:${LOCAL_REGION}:000000000000:echecs`,
        awsRegion: LOCAL_REGION,
      },
    ],
  };
}
