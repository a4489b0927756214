/**
 * The chaos run (issue 9, "Figures to give"; SPEC §6 "Nothing stays in progress", §7): the local
 * service in a child process on a fresh data folder; supplier flows driven over HTTP, several at a
 * time; `kills` times, at a random moment of a phase drawn at random (simulation, import, unpacking),
 * kill -9 of the service — its imports' states read through the API just before, to tell which
 * work the kill hit — then the service started again on the same folder and ports, the clients
 * carrying on as clients do. After the last restart, no flow starts a new step; each sees its
 * current one through (within two leases at most: SPEC §6), then the count. Loopback only;
 * bounded in kills and in time.
 */
import { setMaxListeners } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueLocalToken } from '../../local/local-token.js';
import { ARCHIVE_LEASE, COMMIT_LEASE, SIMULATION_LEASE } from '../../shared/domain/import-lifecycle.js';
import { takeCensus, waitUntilSettled, type Census, type Figure } from './census.js';
import { LocalBuckets, SupplierClient, newClientStats, sleep, type ClientStats } from './client.js';
import { SUPPLIERS, newFlow, runFlow, type ClientPhase, type Flow } from './flow.js';
import { newSeed, seededRandom } from './random.js';
import { freePort } from '../../local/free-port.js';
import { ServiceProcess } from './service.js';

/** The phases a kill aims at, and the client's phase that shows the service is at it. */
export const TARGETS = { simulation: 'simulation', import: 'import', 'dépaquetage': 'depaquetage' } as const satisfies Record<string, ClientPhase>;
export type Target = keyof typeof TARGETS;
const HIT_PHASES = ['simulation', 'import', 'dépaquetage', 'fin'] as const;
type HitPhase = (typeof HIT_PHASES)[number];

/** SPEC §6: after the last restart, every import settles within two leases (the longest one). */
export const TWO_LEASES_MS = 2 * Math.max(SIMULATION_LEASE.durationMs, ARCHIVE_LEASE.durationMs, COMMIT_LEASE.durationMs);

export interface ChaosOptions {
  /** kill -9 of the service, this many times (fewer if `durationMs` runs out first). */
  kills: number;
  /** Seed of every random choice (printed: the run can be replayed). Random when absent. */
  seed?: number;
  log?: (line: string) => void;
  /** Bound on the part of the run where kills happen (default: 20 s per kill, 3 min at least). */
  durationMs?: number;
  /** After the last restart, how long flows may take to finish before the count (default: two leases). */
  settleMs?: number;
  /** Flows at a time (default 4). */
  concurrency?: number;
  /** Lines per file (default 50 to 200). */
  lines?: [number, number];
  /** Stops the run (Ctrl+C): it cleans up and rejects. */
  signal?: AbortSignal;
}

export interface KillRecord {
  number: number;
  /** ms since the run started. */
  at: number;
  /** The phase drawn. */
  target: Target;
  /** The phase aimed at: the one drawn, or another if no flow was at it in time; undefined if none was. */
  aimed: Target | undefined;
  /** What was under way, read through the API just before the kill. */
  hits: Record<HitPhase, string[]>;
  restartMs: number;
}

export interface ChaosReport {
  seed: number;
  killsAsked: number;
  kills: KillRecord[];
  flows: Flow[];
  census: Census;
  figures: Figure[];
  client: ClientStats;
  /** How long each phase took, as the clients saw it (ms). */
  phaseTimes: Record<Target, number[]>;
  /** Lines of the service's failure log (echecs-traitements.log): events whose retries were all spent. */
  failureLog: string[];
  durations: { totalMs: number; killsMs: number; settleMs: number; censusMs: number };
  ok: boolean;
  /** The report, in French, one line per item. */
  lines: string[];
}

/** How long a kill waits for the phase drawn, then for any of the three. */
const PREFERRED_WAIT_MS = 4_000;
const MAX_TARGET_WAIT_MS = 8_000;
/** The calm after each start, before the next kill is looked for (ms, drawn between the two). */
const CALM_MS = [500, 3_000] as const;
/** A kill lands at most this far into its phase (long phases: their beginning, where most writes are, is enough). */
const MAX_KILL_OFFSET_MS = 2_000;
const OBSERVE_TIMEOUT_MS = 3_000;
/** First guesses of how long each phase lasts, until the run has measured them. */
const FIRST_GUESS_MS: Record<Target, number> = { simulation: 150, import: 1_000, 'dépaquetage': 600 };

export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const seed = options.seed ?? newSeed();
  const log = options.log ?? (() => {});
  const concurrency = options.concurrency ?? 4;
  const [minLines, maxLines] = options.lines ?? [50, 200];
  const durationMs = options.durationMs ?? Math.max(180_000, options.kills * 20_000);
  const settleMs = options.settleMs ?? TWO_LEASES_MS;
  const t0 = performance.now();
  const since = () => performance.now() - t0;
  log(`graine ${seed} (pour rejouer : npm run chaos -- --kills ${options.kills} --seed ${seed})`);

  const dataDir = mkdtempSync(join(tmpdir(), 'segur-chaos-'));
  const port = await freePort();
  let s3Port = await freePort();
  while (s3Port === port) s3Port = await freePort();
  // the local stack says so when it could not take up the previous process's work (local/stack.ts)
  const resumeFailures: string[] = [];
  const service = new ServiceProcess({
    dataDir,
    port,
    s3Port,
    onStderr: (line) => {
      if (line.includes('reprise des traitements interrompus impossible') || line.includes('reprise impossible de')) resumeFailures.push(line);
    },
    // a crash of the service (counted): started again, as after a kill
    onUnexpectedExit: (what) => {
      log(what);
      if (!run.signal.aborted) service.start().catch((error: unknown) => log(`redémarrage impossible : ${(error as Error).message}`));
    },
  });
  const lastResort = () => service.killNow();
  process.on('exit', lastResort);
  const run = new AbortController();
  const onOuterAbort = () => run.abort(options.signal!.reason);
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });
  const flowsStop = new AbortController();
  const flowsSignal = AbortSignal.any([run.signal, flowsStop.signal]);
  // every request, sleep and wait of the flows listens to these (not a leak: they end with the run)
  setMaxListeners(1_000, run.signal, flowsStop.signal, flowsSignal);
  const stats = newClientStats();
  const flows: Flow[] = [];
  const running = new Set<Promise<void>>();
  let buckets: LocalBuckets | undefined;
  let failureLog: string[] = [];
  const phaseTimes: Record<Target, number[]> = { simulation: [], import: [], 'dépaquetage': [] };

  try {
    const firstStart = await service.start();
    log(`service démarré sur ${service.apiUrl} (S3 local : 127.0.0.1:${s3Port}, données : ${dataDir}) en ${seconds(firstStart)}`);
    buckets = new LocalBuckets(service, service.publishedEnvironment());
    const clients = await Promise.all(SUPPLIERS.map(async (s) => new SupplierClient(service, s.siret, await issueLocalToken(dataDir, s.siret), stats)));

    // ---- flows, `concurrency` at a time, while kills go on
    const onPhase = (_flow: Flow, from: ClientPhase, ms: number) => {
      const target = (Object.keys(TARGETS) as Target[]).find((t) => TARGETS[t] === from);
      if (target) phaseTimes[target].push(ms);
    };
    // a phase's typical length (the median of those seen: kills stretch a few of them)
    const typicalOf = (t: Target) => (phaseTimes[t].length > 0 ? median(phaseTimes[t]) : FIRST_GUESS_MS[t]);
    let spawning = true;
    let nextLine = 1;
    const spawn = () => {
      const index = flows.length + 1;
      const rng = seededRandom(seed, `parcours ${index}`);
      const supplier = SUPPLIERS[(index - 1) % SUPPLIERS.length]!;
      const flow = newFlow(index, supplier, rng.int(minLines, maxLines), nextLine);
      nextLine += flow.lines;
      flows.push(flow);
      const client = clients[SUPPLIERS.indexOf(supplier)]!;
      // the first flows start a little apart, so that they are not all at the same step
      const start = index <= concurrency ? sleep(rng.int(0, 2_500), flowsSignal) : Promise.resolve();
      const done: Promise<void> = start
        .then(() => runFlow(flow, { client, buckets: buckets!, rng, signal: flowsSignal, onPhase, windingDown: () => !spawning }))
        .catch((error: unknown) => {
          flow.phase = 'fini';
          if (flowsSignal.aborted) flow.outcome ??= `interrompu (${flow.current ? `import ${flow.current}` : 'sans import'})`;
          else {
            flow.outcome = 'anomalie';
            flow.anomalies.push(`parcours ${flow.index} : ${(error as Error)?.message ?? String(error)}`);
          }
        })
        .finally(() => {
          running.delete(done);
          if (spawning && !flowsSignal.aborted) spawn();
        });
      running.add(done);
    };
    for (let i = 0; i < concurrency; i++) spawn();

    // ---- the kills
    const killsRng = seededRandom(seed, 'kills');
    const kills: KillRecord[] = [];
    const killsDeadline = performance.now() + durationMs;
    let startedAt = performance.now();
    for (let number = 1; number <= options.kills; number++) {
      if (performance.now() > killsDeadline) {
        log(`limite de temps atteinte (${seconds(durationMs)}) : ${kills.length} kill(s) sur ${options.kills}`);
        break;
      }
      const target = killsRng.pick(Object.keys(TARGETS) as Target[]);
      const delayShare = killsRng.next();
      // a calm while after each start, so that work taken up can also finish (else long unpackings never would)
      await sleep(killsRng.int(CALM_MS[0], CALM_MS[1]), run.signal);
      const offsetOf = (t: Target) => delayShare * Math.min(typicalOf(t), MAX_KILL_OFFSET_MS);
      const aimed = await killMoment(flows, target, offsetOf, startedAt, PREFERRED_WAIT_MS, Math.min(MAX_TARGET_WAIT_MS, killsDeadline - performance.now()), run.signal);
      const hits = await observe(flows, clients, run.signal);
      const at = since();
      await service.kill();
      const restartMs = await service.start();
      startedAt = performance.now();
      const record: KillRecord = { number, at, target, aimed, hits, restartMs };
      kills.push(record);
      log(describeKill(record, options.kills));
    }
    spawning = false;
    const killsMs = since();

    // ---- after the last restart: each flow sees its current step through, within two leases
    const settleStart = performance.now();
    const timer = setTimeout(() => flowsStop.abort(new Error('two leases passed')), settleMs);
    log(`${kills.length} kill(s) faits ; plus de nouvelle étape : les ${running.size} parcours en cours finissent la leur (au plus ${seconds(settleMs)})`);
    while (running.size > 0) await Promise.race([...running]);
    clearTimeout(timer);
    // and the work no client watches any more (a flow that stopped on an anomaly), in the same bound
    await waitUntilSettled(clients, buckets, settleStart + settleMs, run.signal);
    const settledMs = performance.now() - settleStart;

    // ---- the count
    const censusStart = performance.now();
    const census = await takeCensus(clients, buckets, flows, run.signal);
    const censusMs = performance.now() - censusStart;
    failureLog = readFailureLog(dataDir);
    const unexpected: Figure = { label: 'arrêts inattendus du service', value: service.unexpectedExits.length, details: service.unexpectedExits.slice(0, 8) };
    const anomalies = flows.flatMap((f) => f.anomalies);
    const supplierSide: Figure = { label: 'réponses inattendues pour un fournisseur', value: anomalies.length, details: anomalies.slice(0, 8) };
    const resumeFailed: Figure = { label: 'reprises au démarrage en échec', value: resumeFailures.length, details: resumeFailures.slice(0, 8) };
    const figures = [...census.figures, supplierSide, resumeFailed, unexpected];
    const report: ChaosReport = {
      seed,
      killsAsked: options.kills,
      kills,
      flows,
      census,
      figures,
      client: stats,
      phaseTimes,
      failureLog,
      durations: { totalMs: since(), killsMs, settleMs: settledMs, censusMs },
      ok: figures.every((f) => f.value === 0),
      lines: [],
    };
    report.lines = describeReport(report, service.stderrTail);
    return report;
  } finally {
    run.abort(new Error('chaos run over'));
    await Promise.allSettled([...running]);
    options.signal?.removeEventListener('abort', onOuterAbort);
    await service.stop().catch(() => undefined);
    process.off('exit', lastResort);
    buckets?.destroy();
    if (process.env.SEGUR_CHAOS_KEEP === '1') log(`données gardées (SEGUR_CHAOS_KEEP=1) : ${dataDir}`);
    else rmSync(dataDir, { recursive: true, force: true, maxRetries: 3 });
  }
}

/**
 * Waits for the moment of a kill: `offsetOf(phase)` into the phase of a flow that is at it (a flow
 * that leaves the phase sooner is given up for the next one). The phase aimed at first; after
 * `preferredWaitMs` without it, any of the three that a flow is at. Returns the phase the kill
 * aims at, or undefined when no flow was at any before `timeoutMs`: the kill then lands wherever
 * the run is.
 */
async function killMoment(
  flows: readonly Flow[],
  preferred: Target,
  offsetOf: (target: Target) => number,
  serviceStart: number,
  preferredWaitMs: number,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<Target | undefined> {
  const start = performance.now();
  const all = Object.keys(TARGETS) as Target[];
  let chosen: { flow: Flow; since: number; target: Target } | undefined;
  for (;;) {
    const now = performance.now();
    const accepted = now - start < preferredWaitMs ? [preferred] : [preferred, ...all.filter((t) => t !== preferred)];
    if (!chosen || chosen.flow.phase !== TARGETS[chosen.target] || chosen.flow.phaseSince !== chosen.since) {
      chosen = undefined;
      for (const target of accepted) {
        const flow = flows.find((f) => f.phase === TARGETS[target]);
        if (flow) {
          chosen = { flow, since: flow.phaseSince, target };
          break;
        }
      }
    }
    // work a restart took up starts again then: the offset counts from the later of the two
    if (chosen && now >= Math.max(chosen.since, serviceStart) + offsetOf(chosen.target)) return chosen.target;
    if (now - start >= timeoutMs) return chosen?.target;
    await sleep(5, signal);
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** What the service is at, read through the API (each flow's import, and its archives while it sends some). */
async function observe(flows: readonly Flow[], clients: readonly SupplierClient[], outer: AbortSignal): Promise<Record<HitPhase, string[]>> {
  const hits: Record<HitPhase, string[]> = { simulation: [], import: [], 'dépaquetage': [], fin: [] };
  const signal = AbortSignal.any([outer, AbortSignal.timeout(OBSERVE_TIMEOUT_MS)]);
  const active = flows.filter((f) => f.current !== undefined && f.phase !== 'fini' && f.phase !== 'depot');
  await Promise.all(
    active.map(async (flow) => {
      const client = clients.find((c) => c.siret === flow.siret)!;
      const id = flow.current!;
      try {
        const [record, attachments] = await Promise.all([
          client.request('GET', `/imports/${id}`, signal),
          ['envoi-archive', 'depaquetage', 'fin'].includes(flow.phase) ? client.request('GET', `/imports/${id}/pieces-jointes`, signal) : undefined,
        ]);
        const statut = record.body?.statut as string;
        if (statut === 'SIMULATION_EN_COURS' || (statut === 'EN_ATTENTE_FICHIER' && flow.uploaded.has(id))) hits.simulation.push(`import ${id} ${statut}`);
        if (statut === 'IMPORT_EN_COURS' && !record.body.erreurTechnique) hits.import.push(`import ${id}`);
        for (const archive of (attachments?.body?.archives ?? []) as { identifiant: number; statut: string }[]) {
          const sent = flow.archives.find((a) => a.identifiant === archive.identifiant);
          if (archive.statut === 'EN_COURS' || (archive.statut === 'EN_ATTENTE' && sent?.uploaded)) hits['dépaquetage'].push(`archive ${archive.identifiant} (import ${id}) ${archive.statut}`);
        }
        if (flow.finishing) hits.fin.push(`import ${id}`);
      } catch {
        if (outer.aborted) throw outer.reason;
      }
    }),
  );
  return hits;
}

function readFailureLog(dataDir: string): string[] {
  try {
    return readFileSync(join(dataDir, 'echecs-traitements.log'), 'utf8').split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

const number = (n: number, digits = 1) => n.toLocaleString('fr-FR', { minimumFractionDigits: digits, maximumFractionDigits: digits });
export const seconds = (ms: number) => `${number(ms / 1000)} s`;

function describeKill(k: KillRecord, of: number): string {
  const hit = HIT_PHASES.filter((p) => k.hits[p].length > 0).map((p) => `${p} ×${k.hits[p].length} (${k.hits[p].join(', ')})`);
  return (
    `kill ${k.number}/${of} à ${seconds(k.at)} — visé : ${k.aimed ?? `${k.target}, aucune phase vue à temps`}${k.aimed && k.aimed !== k.target ? ` (${k.target} pas vu à temps)` : ''} — ` +
    `touché : ${hit.length > 0 ? hit.join(' ; ') : 'aucun traitement en cours'} — relancé en ${seconds(k.restartMs)}`
  );
}

function describeReport(r: ChaosReport, stderrTail: readonly string[]): string[] {
  const lines: string[] = [];
  const counts = (record: Record<string, number>) =>
    Object.entries(record)
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k} ${v}`)
      .join(', ') || 'aucun';
  lines.push(`Chaos du service de dépôt local (127.0.0.1) — graine ${r.seed}`);
  lines.push(
    `durée : ${seconds(r.durations.totalMs)} (kills ${seconds(r.durations.killsMs)}, fin des parcours après le dernier redémarrage ${seconds(r.durations.settleMs)}, décompte ${seconds(r.durations.censusMs)})`,
  );
  lines.push(`kill -9 : ${r.kills.length} sur ${r.killsAsked} demandés`);
  for (const k of r.kills) lines.push(`  ${describeKill(k, r.killsAsked)}`);
  const byPhase = HIT_PHASES.map((p) => `${p} ${r.kills.filter((k) => k.hits[p].length > 0).length}`);
  const none = r.kills.filter((k) => HIT_PHASES.every((p) => k.hits[p].length === 0)).length;
  lines.push(`phases touchées (un kill peut en toucher plusieurs) : ${byPhase.join(', ')}, aucune ${none}`);
  const byTarget = (Object.keys(TARGETS) as Target[]).map((t) => {
    const aimed = r.kills.filter((k) => k.aimed === t);
    return `${t} ${aimed.filter((k) => k.hits[t].length > 0).length}/${aimed.length}`;
  });
  lines.push(`phase visée effectivement touchée : ${byTarget.join(', ')}`);
  const outcomes: Record<string, number> = {};
  for (const f of r.flows) outcomes[f.outcome ?? 'en cours'] = (outcomes[f.outcome ?? 'en cours'] ?? 0) + 1;
  const lineCount = r.flows.reduce((n, f) => n + f.lines, 0);
  const medians = (Object.keys(TARGETS) as Target[]).map((t) => {
    const times = r.phaseTimes[t];
    return `${t} ${times.length > 0 ? seconds(median(times)) : '—'} (${times.length})`;
  });
  lines.push(`durée médiane des phases vue des clients : ${medians.join(', ')}`);
  lines.push(`parcours lancés : ${r.flows.length} (${lineCount} lignes) — ${counts(outcomes)}`);
  lines.push(
    `reprises côté fournisseur : ${sum(r.flows, (f) => f.redeposits)} dépôt(s) refait(s) après ERREUR_TECHNIQUE, ` +
      `${sum(r.flows, (f) => f.relaunchedImports)} POST /importer renvoyé(s) après erreurTechnique, ${sum(r.flows, (f) => f.resentArchives)} archive(s) renvoyée(s), ` +
      `${r.client.networkRetries} requête(s) renvoyée(s) faute de service, ${r.client.serverErrors} réponse(s) 5xx`,
  );
  for (const sample of r.client.serverErrorSamples) lines.push(`  5xx : ${sample}`);
  lines.push(`imports : ${r.census.imports} (${counts(r.census.importsByState)}), dont ${r.census.neverUploaded} jamais téléversé(s) (réponse de POST /imports perdue)`);
  lines.push(`demandes : ${r.census.requests} ; archives : ${counts(r.census.archivesByVerdict)}`);
  lines.push(`échecs définitifs enregistrés par le service : ${r.failureLog.length}${r.census.termineWithoutSnapshot ? ` ; imports TERMINE sans relevé : ${r.census.termineWithoutSnapshot}` : ''}`);
  lines.push('Chiffres :');
  for (const f of r.figures) {
    lines.push(`${f.label} : ${f.value}`);
    for (const d of f.details) lines.push(`  - ${d}`);
  }
  for (const f of r.census.notes) {
    lines.push(`à noter (pas compté comme faute) — ${f.label} : ${f.value}`);
    for (const d of f.details.slice(0, 3)) lines.push(`  - ${d}`);
  }
  if (!r.ok && stderrTail.length > 0) {
    lines.push('dernières lignes du service (stderr) :');
    for (const l of stderrTail.slice(-15)) lines.push(`  ${l}`);
  }
  lines.push(r.ok ? 'Résultat : tous les chiffres sont à 0.' : 'Résultat : ÉCHEC — au moins un chiffre n’est pas 0.');
  return lines;
}

const sum = <T>(xs: readonly T[], f: (x: T) => number) => xs.reduce((n, x) => n + f(x), 0);
