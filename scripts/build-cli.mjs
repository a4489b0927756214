/**
 * Builds the `segur` command into one ES module and its lazily loaded chunks under
 * `node_modules/.cache/segur/cli/` (git-ignored): run at install (scripts/prepare.mjs) and by
 * `cli/launcher.mjs` whenever a source of the bundle changed. Started from the sources with a
 * TypeScript loader, a one-line simulation took 0.3 s (0.5 s through npm); bundled, 90 ms.
 *
 * - Only the project's sources are bundled: packages stay imports of node_modules, loaded only by
 *   the commands that need them (the AWS SDK, the CDK, the emulators: not the simulation).
 * - The JSON Schemas a source compiles with ajv when it is loaded are compiled here, once, into
 *   the bundle (ajv's standalone code): loading ajv and compiling them took 40 of a simulation's
 *   130 ms. The `Ajv` such a source gets answers `compile` with the precompiled validator of the
 *   same options and schema, and compiles anything else with ajv, loaded then.
 * - `import.meta.url`/`dirname`/`filename` keep naming each source file, so that paths built from
 *   them (the project's root, the emulators' worker) do not move with the bundle.
 * - The manifest lists each source read, with its modification time and size as read: the
 *   launcher rebuilds when any differs. Every file is written whole then renamed.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const CLI_BUNDLE_DIR = join(ROOT, 'node_modules', '.cache', 'segur', 'cli');
export const CLI_MANIFEST = join(CLI_BUNDLE_DIR, 'manifest.json');
const ENTRY = 'cli/bin.ts';
/** Besides the sources: what changes the precompiled validators (ajv's version), and this builder. */
const ALSO_DEPENDS_ON = ['package-lock.json', 'scripts/build-cli.mjs'];
/** Outputs of earlier builds are removed after this long (a running command may still load one). */
const KEEP_OLD_OUTPUTS_MS = 60 * 60 * 1000;

/** Builds the bundle; returns the path of its entry module. */
export async function buildCli() {
  const esbuild = await import('esbuild');
  const inputs = {};
  const remember = (path) => {
    const { mtimeMs, size } = statSync(path);
    inputs[toPosix(relative(ROOT, path))] = [mtimeMs, size];
  };
  for (const file of ALSO_DEPENDS_ON) remember(join(ROOT, file));

  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: [ENTRY],
    outdir: CLI_BUNDLE_DIR,
    entryNames: 'segur-[hash]',
    chunkNames: 'chunk-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    write: false,
    logLevel: 'error',
    // the precompiled validators require() ajv's small runtime helpers, and ajv itself on a miss
    banner: { js: "import { createRequire as __segurCreateRequire } from 'node:module'; const require = __segurCreateRequire(import.meta.url);" },
    plugins: [
      precompiledAjv(esbuild, remember),
      {
        name: 'segur-externals',
        setup(build) {
          build.onResolve({ filter: /^[^./]/ }, () => ({ external: true }));
        },
      },
      {
        name: 'segur-sources',
        setup(build) {
          build.onLoad({ filter: /\.[mc]?[jt]s$/ }, (args) => {
            if (args.path.split(sep).includes('node_modules')) return undefined;
            remember(args.path);
            const contents = readFileSync(args.path, 'utf8')
              .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href))
              .replaceAll('import.meta.dirname', JSON.stringify(dirname(args.path)))
              .replaceAll('import.meta.filename', JSON.stringify(args.path));
            return { contents, loader: /\.[mc]?ts$/.test(args.path) ? 'ts' : 'js', resolveDir: dirname(args.path) };
          });
        },
      },
    ],
  });

  mkdirSync(CLI_BUNDLE_DIR, { recursive: true });
  let entry;
  for (const output of result.outputFiles) {
    const name = relative(CLI_BUNDLE_DIR, output.path);
    if (name.startsWith('segur-')) entry = name;
    writeWhole(output.path, output.contents);
  }
  writeWhole(CLI_MANIFEST, JSON.stringify({ entry, inputs }));
  removeOldOutputs(new Set([...result.outputFiles.map((o) => o.path), CLI_MANIFEST]));
  return join(CLI_BUNDLE_DIR, entry);
}

/**
 * Gives the sources that import `ajv` an `Ajv` whose `compile` returns validators built at bundle
 * time: each such source is bundled alone and loaded here with an `Ajv` that records what it
 * compiles, then ajv writes each recorded validator as code (`ajv/dist/standalone`).
 */
function precompiledAjv(esbuild, remember) {
  const RECORDER = 'segur-ajv-recorder';
  const PRECOMPILED = 'segur-ajv-precompiled';
  const VALIDATOR = 'segur-ajv-validator';
  const validators = new Map();
  const fromSource = (importer) => !importer.split(sep).includes('node_modules') && /\.[mc]?[jt]s$/.test(importer);
  return {
    name: 'segur-ajv-precompiled',
    setup(build) {
      build.onResolve({ filter: /^ajv$/ }, (args) => (args.namespace === 'file' && fromSource(args.importer) ? { path: args.importer, namespace: PRECOMPILED } : undefined));
      build.onResolve({ filter: /^segur-ajv-validator:/ }, (args) => ({ path: args.path, namespace: VALIDATOR }));
      build.onLoad({ filter: /.*/, namespace: VALIDATOR }, (args) => ({ contents: validators.get(args.path), loader: 'js', resolveDir: ROOT }));
      build.onLoad({ filter: /.*/, namespace: PRECOMPILED }, async (args) => {
        let compiled;
        try {
          compiled = await recordCompilations(args.path);
        } catch {
          // a source that cannot be loaded alone here simply compiles its schemas when it runs
          return { contents: "export * from 'ajv';\nexport { default } from 'ajv';\n", loader: 'js', resolveDir: ROOT };
        }
        const imports = compiled.map((c, i) => {
          const name = `${VALIDATOR}:${relative(ROOT, args.path)}#${i}`;
          validators.set(name, c.code);
          return `import validator${i} from ${JSON.stringify(name)};`;
        });
        const entries = compiled.map((c, i) => `[${JSON.stringify(c.key)}, validator${i}]`);
        const precompiled = `${imports.join('\n')}
const PRECOMPILED = new Map([${entries.join(', ')}]);
const precompiledFor = (options, schema) => PRECOMPILED.get(JSON.stringify(options) + '\\n' + JSON.stringify(schema));
`;
        // A source that takes nothing but the class from ajv gets one that loads ajv only to compile
        // a schema that was not precompiled (loading and setting up ajv: a tenth of a simulation).
        const contents = onlyTheClass(readFileSync(args.path, 'utf8'))
          ? `${precompiled}
export class Ajv {
  constructor(options = {}) {
    this.segurOptions = options;
  }
  compile(schema, meta) {
    const validate = precompiledFor(this.segurOptions, schema);
    if (validate) return validate;
    this.segurAjv ??= new (require('ajv').Ajv)(this.segurOptions);
    return this.segurAjv.compile(schema, meta);
  }
}
export default Ajv;
`
          : `import * as ajv from 'ajv';
${precompiled}
export * from 'ajv';
export class Ajv extends ajv.Ajv {
  constructor(options = {}) {
    super(options);
    this.segurOptions = options;
  }
  compile(schema, meta) {
    return precompiledFor(this.segurOptions, schema) ?? super.compile(schema, meta);
  }
}
export default Ajv;
`;
        return { contents, loader: 'js', resolveDir: ROOT };
      });

      /** Loads `source` alone with a recording `Ajv`; returns each compiled schema as code. */
      async function recordCompilations(source) {
        const recorder = `import * as ajv from 'ajv';
export * from 'ajv';
export class Ajv extends ajv.Ajv {
  constructor(options = {}) {
    super(options);
    this.segurOptions = options;
  }
  compile(schema, meta) {
    globalThis.segurAjvRecorded.push({ options: this.segurOptions, schema: JSON.parse(JSON.stringify(schema)) });
    return super.compile(schema, meta);
  }
}
export default Ajv;
`;
        const alone = await esbuild.build({
          absWorkingDir: ROOT,
          entryPoints: [source],
          bundle: true,
          format: 'esm',
          platform: 'node',
          target: 'node20',
          write: false,
          logLevel: 'error',
          plugins: [
            {
              name: 'segur-ajv-recorder',
              setup(inner) {
                inner.onResolve({ filter: /^ajv$/ }, (args) => (args.namespace === 'file' && fromSource(args.importer) ? { path: 'ajv', namespace: RECORDER } : { external: true }));
                inner.onResolve({ filter: /^[^./]/ }, () => ({ external: true }));
                inner.onLoad({ filter: /.*/, namespace: RECORDER }, () => ({ contents: recorder, loader: 'js', resolveDir: ROOT }));
                inner.onLoad({ filter: /\.[mc]?[jt]s$/ }, (args) => {
                  if (args.path.split(sep).includes('node_modules')) return undefined;
                  remember(args.path);
                  return undefined;
                });
              },
            },
          ],
        });
        mkdirSync(CLI_BUNDLE_DIR, { recursive: true });
        const module = join(CLI_BUNDLE_DIR, `ajv-record-${process.pid}-${Math.random().toString(36).slice(2)}.mjs`);
        writeFileSync(module, alone.outputFiles[0].contents);
        globalThis.segurAjvRecorded = [];
        try {
          await import(pathToFileURL(module).href);
        } finally {
          rmSync(module, { force: true });
        }
        const recorded = globalThis.segurAjvRecorded;
        delete globalThis.segurAjvRecorded;
        const { Ajv } = await import('ajv');
        const { default: standaloneCode } = await import('ajv/dist/standalone/index.js');
        return recorded.map(({ options, schema }) => {
          const generator = new Ajv({ ...options, code: { ...options.code, source: true, esm: true } });
          return { key: `${JSON.stringify(options)}\n${JSON.stringify(schema)}`, code: standaloneCode(generator, generator.compile(schema)) };
        });
      }
    },
  };
}

/** Whether a source's only value imported from ajv is its `Ajv` class (types aside). */
function onlyTheClass(source) {
  const statements = [...source.matchAll(/import\s+([^;]*?)\s+from\s+['"]ajv['"]/g)].map((m) => m[1].trim());
  return statements.every((clause) => {
    if (clause.startsWith('type ')) return true;
    const named = /^\{([^}]*)\}$/.exec(clause);
    if (!named) return false;
    return named[1]
      .split(',')
      .map((name) => name.trim())
      .every((name) => name === '' || name === 'Ajv' || name.startsWith('type '));
  });
}

function writeWhole(path, contents) {
  const temporary = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, path);
}

function removeOldOutputs(current) {
  const now = Date.now();
  for (const name of readdirSync(CLI_BUNDLE_DIR)) {
    const path = join(CLI_BUNDLE_DIR, name);
    if (current.has(path)) continue;
    try {
      if (now - statSync(path).mtimeMs > KEEP_OLD_OUTPUTS_MS) rmSync(path, { force: true });
    } catch {
      // removed meanwhile by another build
    }
  }
}

function toPosix(path) {
  return path.split(sep).join('/');
}

// `node scripts/build-cli.mjs`: builds now.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await buildCli();
