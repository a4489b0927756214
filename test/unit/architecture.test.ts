/**
 * The shape of the code stays as designed (issue 8): the module graph points inward only
 * (.dependency-cruiser.cjs: domain ← ports ← app ← adapters / handlers, no cycle), and handlers
 * stay a screen long.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const HANDLER_MAX_LINES = 60;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('the shape of the code', () => {
  it('has no arrow pointing outward and no cycle (dependency-cruiser)', async () => {
    const bin = join(ROOT, 'node_modules/.bin/depcruise');
    const args = ['-c', '.dependency-cruiser.cjs', '--output-type', 'json', 'shared', 'functions', 'local', 'cli', 'infra', 'web'];
    const { stdout } = await promisify(execFile)(bin, args, { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 }).catch((e: { stdout: string }) => e);
    const { summary } = JSON.parse(stdout) as { summary: { totalCruised: number; violations: { rule: { name: string }; from: string; to: string }[] } };
    expect(summary.totalCruised).toBeGreaterThan(100);
    expect(summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`)).toEqual([]);
  });

  it(`keeps every file under functions/ within ${HANDLER_MAX_LINES} lines`, () => {
    const long = filesUnder(join(ROOT, 'functions'))
      .map((path) => ({ path: relative(ROOT, path), lines: readFileSync(path, 'utf8').split('\n').length - 1 }))
      .filter((f) => f.lines > HANDLER_MAX_LINES);
    expect(long).toEqual([]);
  });
});
