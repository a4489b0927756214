/**
 * The simulator against the engine's own JSON round trip of the same bytes (goal: ratio ≤ 2 at 200
 * lines). Measured so that two runs agree: the two are interleaved call by call (each pair in
 * alternating order, so neither always inherits the other's garbage), over many rounds that each
 * start from a collected heap, after a warm-up long enough for the optimizing compiler.
 */
import { serializeReturnFile } from '../shared/domain/return-file.js';
import { simulate } from '../shared/domain/simulate.js';
import { bytesOf, settingsFor, validFile } from '../test/fixtures/deposit-files.js';
import { collectGarbage, goal, median, mib, ms, percentile, timeOnce, type GoalResult } from './measure.js';

const SIZES = [1, 50, 200];
const ROUNDS = 30;
const PAIRS_PER_ROUND = 16;
const WARMUP = 300;
/** Issue 8: simulate + serialize at most twice JSON.parse + JSON.stringify (indented) of the same bytes, at 200 lines. */
const GOAL_RATIO = 2;
const GOAL_SIZE = 200;

export function benchSimulation(): GoalResult[] {
  const goals: GoalResult[] = [];
  console.log(`simulation (octets du fichier → octets du fichier de retour), ${ROUNDS} tours de ${PAIRS_PER_ROUND} paires alternées, tas nettoyé à chaque tour`);
  console.log('  base : Buffer → texte → JSON.parse → JSON.stringify (indenté de 2, comme le fichier de retour) → Buffer');
  const settings = settingsFor('DPI');
  for (const size of SIZES) {
    const bytes = bytesOf(validFile(size, 'DPI'));
    const ours = () => serializeReturnFile(simulate(bytes, settings));
    const base = () => Buffer.from(JSON.stringify(JSON.parse(bytes.toString('utf8')), null, 2));
    const compact = () => Buffer.from(JSON.stringify(JSON.parse(bytes.toString('utf8'))));
    for (let i = 0; i < WARMUP; i++) {
      ours();
      base();
      compact();
    }
    const o: number[] = [];
    const b: number[] = [];
    const c: number[] = [];
    const roundRatios: number[] = [];
    const pairRatios: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      collectGarbage();
      const ro: number[] = [];
      const rb: number[] = [];
      for (let pair = 0; pair < PAIRS_PER_ROUND; pair++) {
        if (pair % 2 === 0) {
          ro.push(timeOnce(ours));
          rb.push(timeOnce(base));
          c.push(timeOnce(compact));
        } else {
          c.push(timeOnce(compact));
          rb.push(timeOnce(base));
          ro.push(timeOnce(ours));
        }
      }
      o.push(...ro);
      b.push(...rb);
      ro.forEach((t, k) => pairRatios.push(t / rb[k]!));
      roundRatios.push(median(ro) / median(rb));
    }
    const ratio = median(o) / median(b);
    if (size === GOAL_SIZE) goals.push({ what: `simulation de ${size} demandes, ratio à JSON.parse + JSON.stringify`, value: ratio, atMost: GOAL_RATIO, unit: '' });
    console.log(
      `  ${String(size).padStart(3)} demandes (${(bytes.length / 1024).toFixed(0)} Kio) : simulate ${ms(median(o))}, ` +
        `JSON.parse+stringify ${ms(median(b))} (sans indentation ${ms(median(c))}, ratio ${(median(o) / median(c)).toFixed(2)}), ` +
        `ratio ${ratio.toFixed(2)} (tours : ${percentile(roundRatios, 10).toFixed(2)}–${percentile(roundRatios, 90).toFixed(2)}, p10–p90 ; paires : médiane ${median(pairRatios).toFixed(2)})` +
        (size === GOAL_SIZE ? ` — ${goal(ratio, GOAL_RATIO)}` : ''),
    );
  }
  collectGarbage();
  const before = process.memoryUsage().heapUsed;
  const big = bytesOf(validFile(200, 'DPI'));
  const kept = serializeReturnFile(simulate(big, settings));
  const after = process.memoryUsage().heapUsed;
  console.log(`  tas : ${mib(after)} utilisés après une simulation de 200 demandes (${mib(after - before)} de plus qu'avant ; retour de ${(kept.length / 1024).toFixed(0)} Kio)`);
  return goals;
}
