/** The simulator against the engine's own JSON round trip of the same bytes (issue: ratio ≤ 3 at 200 lines). */
import { serializeReturnFile } from '../shared/domain/return-file.js';
import { simulate } from '../shared/domain/simulate.js';
import { bytesOf, settingsFor, validFile } from '../test/fixtures/deposit-files.js';
import { median, mib, ms, timeRuns } from './measure.js';

const SIZES = [1, 50, 200];
const RUNS = 400;

export function benchSimulation(): void {
  console.log('simulation (octets du fichier → octets du fichier de retour), médianes sur %d passages', RUNS);
  console.log('  base : Buffer → texte → JSON.parse → JSON.stringify (indenté de 2, comme le fichier de retour) → Buffer');
  const settings = settingsFor('DPI');
  for (const size of SIZES) {
    const bytes = bytesOf(validFile(size, 'DPI'));
    // Interleave the two so that both see the same machine state.
    const ours: number[] = [];
    const base: number[] = [];
    const compact: number[] = [];
    for (let round = 0; round < 4; round++) {
      ours.push(...timeRuns(() => serializeReturnFile(simulate(bytes, settings)), RUNS / 4));
      base.push(...timeRuns(() => Buffer.from(JSON.stringify(JSON.parse(bytes.toString('utf8')), null, 2)), RUNS / 4));
      compact.push(...timeRuns(() => Buffer.from(JSON.stringify(JSON.parse(bytes.toString('utf8')))), RUNS / 4));
    }
    const o = median(ours);
    const b = median(base);
    const c = median(compact);
    console.log(
      `  ${String(size).padStart(3)} demandes (${(bytes.length / 1024).toFixed(0)} Kio) : simulate ${ms(o)}, ` +
        `JSON.parse+stringify ${ms(b)} (sans indentation ${ms(c)}, ratio ${(o / c).toFixed(2)}), ratio ${(o / b).toFixed(2)}`,
    );
  }
  global.gc?.();
  const before = process.memoryUsage().heapUsed;
  const big = bytesOf(validFile(200, 'DPI'));
  const kept = serializeReturnFile(simulate(big, settings));
  const after = process.memoryUsage().heapUsed;
  console.log(`  tas : ${mib(after)} utilisés après une simulation de 200 demandes (${mib(after - before)} de plus qu'avant ; retour de ${(kept.length / 1024).toFixed(0)} Kio)`);
}
