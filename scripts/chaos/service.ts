/**
 * `npm start`'s entry point in a child process, on a data folder and ports of its own, that the
 * chaos run kills (SIGKILL: nothing of it runs after) and starts again on the same folder and
 * ports, as an operator would after a crash. Loopback only: the service listens on 127.0.0.1.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
/** What `local/start.ts` prints last once it listens (after it took up the previous process's work). */
const READY = 'Ctrl+C';
const START_TIMEOUT_MS = 120_000;
const KEPT_LINES = 200;


export interface ServiceOptions {
  dataDir: string;
  port: number;
  s3Port: number;
  /** Each line the service writes on its standard error (failures it records, warnings). */
  onStderr?: (line: string) => void;
  /** The service stopped without being killed (a crash). */
  onUnexpectedExit?: (what: string) => void;
}

export class ServiceProcess {
  readonly apiUrl: string;
  /** Increases at each start: a request failed in an older generation is retried in the new one. */
  generation = 0;
  /** Exits the chaos run did not cause (a crash of the service). */
  readonly unexpectedExits: string[] = [];
  /** The last lines of standard error, for a report. */
  readonly stderrTail: string[] = [];
  private child: ChildProcess | undefined;
  private up = false;
  private waiters: (() => void)[] = [];
  private killing = false;
  private starting: Promise<number> | undefined;

  constructor(private readonly options: ServiceOptions) {
    this.apiUrl = `http://127.0.0.1:${options.port}/api`;
  }

  get dataDir(): string {
    return this.options.dataDir;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  isUp(): boolean {
    return this.up;
  }

  /** Resolves once the service answers (at once when it does now); rejects when `signal` aborts. */
  whenUp(signal?: AbortSignal): Promise<void> {
    if (this.up) return Promise.resolve();
    return new Promise((resolveUp, reject) => {
      const onAbort = () => reject(signal!.reason);
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(() => {
        signal?.removeEventListener('abort', onAbort);
        resolveUp();
      });
    });
  }

  /** Starts the service and waits until it listens; returns how long that took (ms). A start under way is waited for. */
  start(): Promise<number> {
    if (this.starting) return this.starting;
    if (this.child) return Promise.reject(new Error('chaos: the service is already running'));
    this.starting = this.spawnAndWait().finally(() => (this.starting = undefined));
    return this.starting;
  }

  private async spawnAndWait(): Promise<number> {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'local/start.ts')], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(this.options.port),
        S3_PORT: String(this.options.s3Port),
        SEGUR_DATA_DIR: this.options.dataDir,
        POWERTOOLS_LOG_LEVEL: 'SILENT',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    let stderrRest = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      const lines = (stderrRest + chunk.toString()).split('\n');
      stderrRest = lines.pop()!;
      for (const line of lines) this.keepStderr(line);
    });
    child.once('exit', (code, signal) => {
      if (stderrRest) this.keepStderr(stderrRest);
      this.up = false;
      this.child = undefined;
      if (!this.killing) {
        const what = `le service s'est arrêté de lui-même (code ${code}, signal ${signal})`;
        this.unexpectedExits.push(what);
        this.options.onUnexpectedExit?.(what);
      }
    });
    await new Promise<void>((ready, fail) => {
      let out = '';
      const timer = setTimeout(() => fail(new Error(`chaos: the service did not start within ${START_TIMEOUT_MS} ms: ${out}`)), START_TIMEOUT_MS);
      const onExit = (code: number | null) => {
        clearTimeout(timer);
        fail(new Error(`chaos: the service stopped while starting (${code}): ${out}\n${this.stderrTail.slice(-20).join('\n')}`));
      };
      child.once('exit', onExit);
      child.stdout!.on('data', (chunk: Buffer) => {
        if (out.includes(READY)) return;
        out += chunk.toString();
        if (out.includes(READY)) {
          clearTimeout(timer);
          child.off('exit', onExit);
          ready();
        }
      });
    });
    this.generation++;
    this.up = true;
    for (const wake of this.waiters.splice(0)) wake();
    return performance.now() - started;
  }

  /** kill -9: the service stops at once, whatever it was doing. */
  async kill(): Promise<void> {
    await this.starting?.catch(() => undefined);
    const child = this.child;
    if (!child) return;
    this.up = false;
    this.killing = true;
    try {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    } finally {
      this.killing = false;
    }
  }

  /** Stops the service for good (SIGKILL: the run is over, its data folder is removed next). */
  async stop(): Promise<void> {
    await this.kill();
  }

  /** Synchronous last resort (process exit): the child must not outlive the run. */
  killNow(): void {
    this.killing = true;
    this.child?.kill('SIGKILL');
  }

  /** The environment the running service published for commands (local/services.ts publishServices). */
  publishedEnvironment(): Record<string, string> {
    const file = join(this.options.dataDir, 'services.json');
    if (!existsSync(file)) throw new Error(`chaos: ${file} is missing: the service has not published its services`);
    return (JSON.parse(readFileSync(file, 'utf8')) as { environment: Record<string, string> }).environment;
  }

  private keepStderr(line: string): void {
    if (!line.trim()) return;
    this.stderrTail.push(line);
    if (this.stderrTail.length > KEPT_LINES) this.stderrTail.shift();
    this.options.onStderr?.(line);
  }
}
