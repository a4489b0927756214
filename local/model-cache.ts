/**
 * The local model, synthesized once and kept under `node_modules/.cache/segur/`: synthesizing the
 * CDK app takes 7–11 s, reading the kept model a millisecond. The file is named by a hash of what
 * the model depends on (the sources the CDK app imports, transitively, this reader, and the lock
 * file), so any change to them builds a new one. Written whole then renamed, so that processes
 * starting together never read half a file.
 *
 * The synthesis runs in a process of its own: one that has already loaded some of these sources
 * (a test file, `npm start`) could mix their older versions with newer ones read from disk, and
 * keep a wrong model under the new hash. The model is kept only when the hash is the same after
 * the synthesis as before it. (That process also spares the caller the CDK's memory.)
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { readModel, synthesizeTemplate, type LocalFunction, type LocalModel } from './template.js';

const ROOT = resolve(import.meta.dirname, '..');
const SELF = resolve(import.meta.filename);
const PRINT = '--print';
export const MODEL_CACHE_DIR = join(ROOT, 'node_modules', '.cache', 'segur');

/** What the model is made from: the CDK app and its stack, and the code that reads the template. */
const MODEL_ROOTS = ['infra/app.ts', 'infra/segur-stack.ts', 'local/template.ts', 'local/model-cache.ts'];
/** Bumped when the cached file's shape changes. */
const FORMAT = 1;

type StoredModel = Omit<LocalModel, 'functions'> & { functions: [string, LocalFunction][] };

/** The model of the current sources: from the cache, or synthesized (in a process of its own) then cached. */
export async function loadLocalModel(): Promise<LocalModel> {
  return readCachedModel(modelCacheFile()) ?? (await synthesizeApart()) ?? (await synthesizeHere());
}

/** Where the model of the current sources is (or will be) kept. */
export function modelCacheFile(key = modelKey()): string {
  return join(MODEL_CACHE_DIR, `modele-local-${key}.json`);
}

/** Synthesizes in this process; keeps the model if no source changed meanwhile. */
async function synthesizeHere(): Promise<LocalModel> {
  const key = modelKey();
  const model = readModel(await synthesizeTemplate());
  if (modelKey() === key) writeCachedModel(modelCacheFile(key), model);
  return model;
}

/** Synthesizes in a new process (this file run with tsx); undefined when that cannot run here. */
async function synthesizeApart(): Promise<LocalModel | undefined> {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', SELF, PRINT], {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    return fromStored(JSON.parse(stdout) as StoredModel);
  } catch {
    return undefined; // no tsx (an install without devDependencies): synthesize here
  }
}

/** A hash of every file the model depends on, by path and content. */
export function modelKey(): string {
  const hash = createHash('sha256').update(`format ${FORMAT}\n`);
  for (const file of [...sourceClosure(MODEL_ROOTS.map((f) => join(ROOT, f))), join(ROOT, 'package-lock.json')]) {
    hash.update(`${relative(ROOT, file)}\n`);
    hash.update(existsSync(file) ? readFileSync(file) : '(absent)');
    hash.update('\n');
  }
  return hash.digest('hex').slice(0, 32);
}

// `from '…'`, `import '…'`, `import('…')` with a relative specifier (comments may add a false
// positive, which only makes the key depend on one more file).
const RELATIVE_IMPORT = /\b(?:from|import)\s*\(?\s*['"](\.\.?\/[^'"]+)['"]/g;

/** The files `roots` import, following relative imports transitively, sorted; roots included. */
export function sourceClosure(roots: string[]): string[] {
  const seen = new Set<string>();
  const pending = [...roots];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    if (!existsSync(file) || !/\.[mc]?[jt]sx?$/.test(file)) continue;
    for (const match of readFileSync(file, 'utf8').matchAll(RELATIVE_IMPORT)) {
      pending.push(resolveSource(resolve(dirname(file), match[1]!)));
    }
  }
  return [...seen].sort();
}

/** A specifier as written (`./x.js`) to the file on disk (`./x.ts` under NodeNext resolution). */
function resolveSource(path: string): string {
  const candidates = [path];
  if (/\.js$/.test(path)) candidates.unshift(path.replace(/\.js$/, '.ts'), path.replace(/\.js$/, '.tsx'));
  else if (/\.mjs$/.test(path)) candidates.unshift(path.replace(/\.mjs$/, '.mts'));
  else if (/\.cjs$/.test(path)) candidates.unshift(path.replace(/\.cjs$/, '.cts'));
  else if (!/\.\w+$/.test(path)) candidates.push(`${path}.ts`, `${path}.js`, join(path, 'index.ts'), join(path, 'index.js'));
  return candidates.find((c) => existsSync(c)) ?? path;
}

function readCachedModel(file: string): LocalModel | undefined {
  try {
    return fromStored(JSON.parse(readFileSync(file, 'utf8')) as StoredModel);
  } catch {
    return undefined; // absent (or unreadable): build it again
  }
}

const toStored = (model: LocalModel): StoredModel => ({ ...model, functions: [...model.functions] });
const fromStored = (stored: StoredModel): LocalModel => ({ ...stored, functions: new Map(stored.functions) });

function writeCachedModel(file: string, model: LocalModel): void {
  const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(temporary, JSON.stringify(toStored(model)));
    renameSync(temporary, file);
  } catch {
    // a read-only tree still works, synthesizing each time
    rmSync(temporary, { force: true });
  }
}

// `node --import tsx local/model-cache.ts [--print]`: builds the model now (at install, and for
// synthesizeApart), printing it with --print.
if (process.argv[1] && resolve(process.argv[1]) === SELF) {
  const model = readCachedModel(modelCacheFile()) ?? (await synthesizeHere());
  if (process.argv.includes(PRINT)) process.stdout.write(JSON.stringify(toStored(model)));
}
