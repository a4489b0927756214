/**
 * Seeded randomness (mulberry32), so that a failing chaos run can be replayed with its `--seed`.
 * Each consumer (the kill schedule, each flow by its number) draws from a stream of its own,
 * derived from the seed and its name: what one draws does not depend on how the others interleave.
 * (Timing still varies from run to run: a replay repeats the choices, not the exact moments.)
 */
import { randomInt } from 'node:crypto';

export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  pick<T>(values: readonly T[]): T;
  chance(p: number): boolean;
  /** `n` random bytes (incompressible content for documents). */
  bytes(n: number): Buffer;
}

/** A fresh seed for a run that was given none (printed, to replay it). */
export function newSeed(): number {
  return randomInt(1, 2 ** 31 - 1);
}

/** The stream named `name` of the run seeded `seed`. */
export function seededRandom(seed: number, name = ''): Random {
  let state = (seed ^ hash(name)) >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (values) => values[Math.floor(next() * values.length)]!,
    chance: (p) => next() < p,
    bytes(n) {
      const out = Buffer.alloc(n);
      for (let i = 0; i < n; i++) out[i] = Math.floor(next() * 256);
      return out;
    },
  };
}

/** FNV-1a of a name. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}
