/**
 * `npm run chaos [-- --kills N] [--seed S] [--duree SECONDES] [--reprise SECONDES] [--parcours N]`
 * (issue 9, "Figures to give"): kill -9 of `npm start` N times (default 10) at random moments of
 * simulation, import and unpacking while suppliers' flows run over HTTP, restart on the same data,
 * then the count — imports not settled, duplicate requests, lost dossier numbers, documents changed
 * after TERMINE (and a few more invariants of SPEC §6–7). Prints the figures in French; exit status
 * 1 if any is not 0, 64 on bad usage. Loopback only; the service runs on a temporary data folder,
 * removed at the end, Ctrl+C included. See scripts/chaos/run.ts.
 *
 * --duree bounds the part where kills happen (default 20 s per kill, 3 min at least); --reprise
 * bounds the wait for the running flows after the last restart (default two leases, SPEC §6).
 */
import '../local/sdk-warning.js';
import { parseArgs } from 'node:util';
import { runChaos, seconds, TWO_LEASES_MS } from './chaos/run.js';

const USAGE = 'usage : npm run chaos -- [--kills N] [--seed S] [--duree SECONDES] [--reprise SECONDES] [--parcours N]';

function positive(name: string, text: string | undefined, fallback: number | undefined, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (text === undefined) return fallback;
  if (!/^[0-9]+$/.test(text) || Number(text) < 1 || Number(text) > max) {
    console.error(`--${name} doit être un entier de 1 à ${max} ; reçu « ${text} »\n${USAGE}`);
    process.exit(64);
  }
  return Number(text);
}

let values: Record<string, string | undefined>;
try {
  ({ values } = parseArgs({
    options: { kills: { type: 'string' }, seed: { type: 'string' }, duree: { type: 'string' }, reprise: { type: 'string' }, parcours: { type: 'string' } },
    strict: true,
  }) as { values: Record<string, string | undefined> });
} catch (error) {
  console.error(`${(error as Error).message}\n${USAGE}`);
  process.exit(64);
}

const kills = positive('kills', values.kills, 10, 1_000)!;
const seed = positive('seed', values.seed, undefined, 2 ** 31 - 1);
const duree = positive('duree', values.duree, undefined);
const reprise = positive('reprise', values.reprise, undefined);
const parcours = positive('parcours', values.parcours, undefined, 32);

const stop = new AbortController();
let interrupted = 0;
process.on('SIGINT', () => {
  interrupted++;
  if (interrupted > 1) process.exit(130); // the 'exit' hook still kills the service
  console.error('interruption : arrêt du service et nettoyage…');
  stop.abort(new Error('interrompu (Ctrl+C)'));
});
process.on('SIGTERM', () => stop.abort(new Error('interrompu (SIGTERM)')));

const log = (line: string) => console.log(line);
log(
  `chaos : ${kills} kill(s) -9, limite ${seconds(duree ? duree * 1000 : Math.max(180_000, kills * 20_000))} pour les kills, ` +
    `puis au plus ${seconds(reprise ? reprise * 1000 : TWO_LEASES_MS)} pour finir (deux baux)`,
);
try {
  const report = await runChaos({
    kills,
    log,
    signal: stop.signal,
    ...(seed !== undefined ? { seed } : {}),
    ...(duree !== undefined ? { durationMs: duree * 1000 } : {}),
    ...(reprise !== undefined ? { settleMs: reprise * 1000 } : {}),
    ...(parcours !== undefined ? { concurrency: parcours } : {}),
  });
  log('');
  for (const line of report.lines) log(line);
  process.exitCode = report.ok ? 0 : 1;
} catch (error) {
  console.error(stop.signal.aborted ? `chaos interrompu : service arrêté, données temporaires supprimées` : `chaos : ${(error as Error)?.stack ?? String(error)}`);
  process.exitCode = stop.signal.aborted ? 130 : 2;
}
