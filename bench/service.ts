/**
 * The service on the local stack (issue 3): from an accepted upload to the simulation's state,
 * 100 uploads of a 200-line file, 4 at a time (goal: p95 ≤ 250 ms), then one at a time; and
 * GET /imports/{id}. The first uploads of a fresh `npm start` (loading the function, compiling its
 * paths) are run first and shown apart. Beside the times, the service's own CPU per upload.
 */
import { issueLocalToken } from '../local/local-token.js';
import { serializeReturnFile } from '../shared/domain/return-file.js';
import { simulate } from '../shared/domain/simulate.js';
import { bytesOf, DPI_SIRET, settingsFor, validFile } from '../test/fixtures/deposit-files.js';
import { startServiceProcess } from './local-service.js';
import { goal, median, ms, percentile, timeRuns, type GoalResult } from './measure.js';

const UPLOADS = 100;
/** A tight client: every poll is a real GET /imports/{id} that the service must answer too. */
const POLL_MS = Number(process.env.BENCH_POLL_MS ?? 20);
/** The issue's measure (4 at a time), and one at a time: what one supplier sees when the machine is not saturated. */
const CONCURRENCIES = [4, 1];
/** Issue 8: upload → verdict, 4 at a time, p95 at most. */
const GOAL_P95_MS = 250;
const GOAL_CONCURRENCY = 4;
/** Uploads before the measure, not counted: the cold start of the service. */
const WARMUP_UPLOADS = 8;
const FINAL = new Set(['SIMULATION_VALIDE', 'SIMULATION_EN_ERREUR', 'FORMAT_INVALIDE', 'ERREUR_TECHNIQUE']);

type Api = (path: string, init?: RequestInit) => Promise<Response>;

interface Created {
  identifiant: number;
  televersement: { url: string; champs: Record<string, string> };
}

async function createImports(api: Api, count: number): Promise<Created[]> {
  const created: Created[] = [];
  for (let i = 0; i < count; i++) {
    const res = await api('/imports', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ numeroAns: 'MJCDPI0001', typeDemande: 'AVANCE', tauxTva: 20, nomFichier: `bench-${i}.json` }),
    });
    created.push((await res.json()) as Created);
  }
  return created;
}

/** Uploads each import's file, `concurrency` at a time; the time from the accepted upload to the simulation's state. */
async function uploadAll(api: Api, created: Created[], file: Buffer, concurrency: number): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < created.length) {
      const item = created[next++]!;
      const form = new FormData();
      for (const [k, v] of Object.entries(item.televersement.champs)) form.append(k, v);
      form.append('file', new Blob([file]), 'depot.json');
      const upload = await fetch(item.televersement.url, { method: 'POST', body: form });
      if (!upload.ok) throw new Error(`upload refused: ${upload.status}`);
      const accepted = performance.now();
      for (;;) {
        const body = (await (await api(`/imports/${item.identifiant}`)).json()) as { statut: string };
        if (FINAL.has(body.statut)) break;
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
      latencies.push(performance.now() - accepted);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return latencies;
}

export async function benchService(): Promise<GoalResult[]> {
  const goals: GoalResult[] = [];
  const stack = await startServiceProcess();
  try {
    const token = await issueLocalToken(stack.dataDir, DPI_SIRET);
    const auth = { authorization: `Bearer ${token}` };
    const api: Api = (path, init = {}) => fetch(`${stack.apiUrl}${path}`, { ...init, headers: { ...auth, ...(init.headers ?? {}) } });
    const file = bytesOf(validFile(200));

    const settings = settingsFor('DPI');
    const pure = median(timeRuns(() => serializeReturnFile(simulate(file, settings)), 50));
    console.log(`service local, npm start dans un processus à part (${UPLOADS} dépôts d'un fichier de 200 demandes, état relu toutes les ${POLL_MS} ms)`);

    const cold = await uploadAll(api, await createImports(api, WARMUP_UPLOADS), file, 1);
    console.log(`  à froid, les ${WARMUP_UPLOADS} premiers dépôts du service, un à la fois : ${cold.map((d) => d.toFixed(0)).join(', ')} ms`);
    let created: Created[] = [];
    for (const concurrency of CONCURRENCIES) {
      created = await createImports(api, UPLOADS);
      const cpuBefore = stack.cpuMs();
      const latencies = await uploadAll(api, created, file, concurrency);
      const cpuAfter = stack.cpuMs();
      const p95 = percentile(latencies, 95);
      if (concurrency === GOAL_CONCURRENCY) goals.push({ what: `dépôt → verdict, ${concurrency} à la fois, p95`, value: p95, atMost: GOAL_P95_MS, unit: ' ms' });
      console.log(
        `  ${concurrency} à la fois, téléversement accepté → état de simulation : p50 ${ms(percentile(latencies, 50))}, p95 ${ms(p95)} ` +
          `(simulate() seul : ${ms(pure)}, ratio p50 ${(percentile(latencies, 50) / pure).toFixed(1)})` +
          (concurrency === GOAL_CONCURRENCY ? ` — ${goal(p95, GOAL_P95_MS, ' ms')}` : '') +
          (cpuBefore !== undefined && cpuAfter !== undefined ? ` ; CPU du service par dépôt : ${((cpuAfter - cpuBefore) / UPLOADS).toFixed(0)} ms` : ''),
      );
    }

    const id = created[0]!.identifiant;
    const gets: number[] = [];
    const schemas: number[] = [];
    for (let i = 0; i < 200; i++) {
      let t = performance.now();
      await (await api(`/imports/${id}`)).arrayBuffer();
      gets.push(performance.now() - t);
      t = performance.now();
      await (await fetch(`${stack.apiUrl}/schemas/DPI`)).arrayBuffer();
      schemas.push(performance.now() - t);
    }
    console.log(
      `  GET /imports/{id} : médiane ${ms(median(gets))} (GET /schemas/DPI, sans jeton ni base : ${ms(median(schemas))}, ratio ${(median(gets) / median(schemas)).toFixed(2)})`,
    );
  } finally {
    await stack.stop();
  }
  return goals;
}
