/**
 * The whole service on one machine: the emulators, the functions run from their sources, S3
 * events dispatched to them, the HTTP API under /api. Same handlers and configuration as AWS:
 * everything is read from the synthesized CDK template.
 */
import { appendFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createDispatcher, type Dispatcher, type EventHandler } from './dispatcher.js';
import { LOCAL_REGION } from './emulators.js';
import { API_PREFIX, createApiAdapter, type ApiHandler } from './http-adapter.js';
import { issueLocalToken, localTokenVerifier } from './local-token.js';
import { assertLoopbackHost } from './loopback.js';
import { createWebFiles } from './web-files.js';
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
  dataDir: string;
  dispatcher: Dispatcher;
  /** True when this start created the tables (and loaded the demo reference data). */
  firstStart: boolean;
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
  const dispatcher = createDispatcher(model.notifications, (id) => handlerOf<EventHandler>(id), LOCAL_REGION, (functionId, key, error) => {
    const line = `${new Date().toISOString()} ${functionId} ${key} ${(error as Error)?.stack ?? String(error)}\n`;
    appendFileSync(failures, line);
    console.error(`échec définitif du traitement de ${key} (voir ${failures})`);
  }, () => emulators.flush());
  emulators.onEvent((records) => dispatcher.dispatch(records));

  const api = createApiAdapter(model.routes, (id) => handlerOf<ApiHandler>(id), await localTokenVerifier(options.dataDir));
  const web = createWebFiles(ROOT, (siret) => issueLocalToken(options.dataDir, siret));
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? host}`);
    const done = url.pathname === API_PREFIX || url.pathname.startsWith(`${API_PREFIX}/`) ? api(req, res, url) : web(req, res, url);
    done.catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolveListen) => server.listen(options.port, host, resolveListen));
  const url = `http://${host}:${(server.address() as AddressInfo).port}`;
  const unpublish = publishServices(options.dataDir, services.environment);

  return {
    url,
    apiUrl: `${url}${API_PREFIX}`,
    s3Url: emulators.s3Url,
    dataDir: options.dataDir,
    dispatcher,
    firstStart,
    async settle() {
      await emulators.flush();
      await dispatcher.idle();
    },
    async stop() {
      unpublish();
      await new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections?.();
      await dispatcher.idle();
      await emulators.stop();
    },
  };
}
