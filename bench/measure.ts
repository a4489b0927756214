/** Small timing helpers for `npm run bench`: medians and percentiles over repeated runs, goals. */

export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export function median(samples: readonly number[]): number {
  return percentile(samples, 50);
}

/** Runs fn repeatedly (after a warm-up) and returns each run's duration in milliseconds. */
export function timeRuns(fn: () => unknown, runs: number, warmup = Math.ceil(runs / 5)): number[] {
  for (let i = 0; i < warmup; i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) samples.push(timeOnce(fn));
  return samples;
}

/** One run's duration in milliseconds. */
export function timeOnce(fn: () => unknown): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** A full collection when the process runs with --expose-gc (`npm run bench` does): each round starts from the same heap. */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

export function ms(value: number): string {
  return `${value.toFixed(3)} ms`;
}

export function mib(bytes: number): string {
  return `${(bytes / 1048576).toFixed(1)} MiB`;
}

/** A figure next to its goal (an upper bound): `objectif ≤ 800 ms : atteint` or `… : NON atteint`. */
export function goal(value: number, atMost: number, unit = ''): string {
  return `objectif ≤ ${atMost}${unit} : ${value <= atMost ? 'atteint' : 'NON atteint'}`;
}

/** One of issue 8's goals as a part measured it, for the recap at the end of `npm run bench`. */
export interface GoalResult {
  what: string;
  value: number;
  atMost: number;
  unit: string;
}

export function goalLine(g: GoalResult): string {
  const shown = g.unit === '' ? g.value.toFixed(2) : `${g.value.toFixed(0)}${g.unit}`;
  return `  ${g.what} : ${shown} — ${goal(g.value, g.atMost, g.unit)}`;
}
