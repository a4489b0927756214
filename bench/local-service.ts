/**
 * Runs `npm start`'s entry point in a child process, as a supplier's machine would reach it:
 * the bench's own HTTP client then does not share the service's event loop.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { freePort } from '../local/free-port.js';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');


export interface RunningService {
  apiUrl: string;
  dataDir: string;
  /** CPU time the service process has used so far (all its threads, user + system), in ms; undefined off Linux. */
  cpuMs(): number | undefined;
  stop(): Promise<void>;
}

/** A process's CPU time from /proc (utime + stime, in clock ticks of 10 ms). */
function cpuMsOf(pid: number | undefined): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

export async function startServiceProcess(): Promise<RunningService> {
  const dataDir = mkdtempSync(join(tmpdir(), 'segur-bench-'));
  const port = await freePort();
  const s3Port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [...(process.env.BENCH_SERVICE_NODE_OPTIONS?.split(' ') ?? []), '--import', 'tsx', join(ROOT, 'local/start.ts')], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), S3_PORT: String(s3Port), SEGUR_DATA_DIR: dataDir, POWERTOOLS_LOG_LEVEL: 'SILENT' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((ready, fail) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Ctrl+C')) ready();
    });
    child.once('exit', (code) => fail(new Error(`the local service stopped (${code}): ${out}`)));
  });
  return {
    apiUrl: `http://127.0.0.1:${port}/api`,
    dataDir,
    cpuMs: () => cpuMsOf(child.pid),
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
