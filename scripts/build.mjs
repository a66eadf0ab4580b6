// The build, run by `npm install` (prepare), `npm pack` (prepare again) and
// `npm test`. JavaScript comes from esbuild (well under a second), the
// declaration files from tsc without type checking (`npm run typecheck` and CI
// check types). When dist/ was built from exactly the current inputs the build
// is skipped: pre-commit installs a hook with `npm install` and then `npm pack`,
// and each would otherwise build again.
//
// dist/ holds:
//   cli.cjs              the command's launcher (bin/ requires it): compiles the bundle with
//                        V8's code cache from the cache folder when it can (src/launch/)
//   cli.bundle.cjs       the command (one CommonJS file: Node's CommonJS loader starts faster);
//                        its first line carries its fingerprint
//   index.cjs            the library, for require()
//   index.js             the library, for import: a wrapper around index.cjs, so
//                        both module systems share one copy (one AnalysisError class)
//   types/               declarations, as CommonJS (types/package.json): require() can only
//                        use CommonJS declarations, and import can use those too
//   index.d.ts           the declarations for import: re-exports types/
//   unicode-names.deflate  data read beside the code that reads it (once, for both bundles)
//   page-app.js          the HTML page's script (src/page/browser) for the browser, which
//                        renderHtml embeds in every page (--format html)
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { build } from 'esbuild';

const DIST = 'dist';
const OUTPUTS = [
  'cli.cjs',
  'cli.bundle.cjs',
  'on-demand.bundle.cjs',
  'index.cjs',
  'index.js',
  'index.d.ts',
  'types/index.d.ts',
  'types/package.json',
  'unicode-names.deflate',
  'page-app.js',
];
const STAMP_FILE = 'node_modules/.cache/vllm-attention-docs/build-inputs.sha256';
const require = createRequire(import.meta.url);

/** Everything the outputs depend on: sources, configuration, this script, the tools' versions. */
function inputsHash() {
  const hash = createHash('sha256');
  const files = readdirSync('src', { recursive: true, encoding: 'utf8' })
    .map((f) => join('src', f))
    .concat(['package.json', 'tsconfig.json', 'tsconfig.build.json', 'scripts/build.mjs'])
    .filter((f) => !f.startsWith('src') || existsSync(f))
    .sort();
  for (const file of files) {
    let bytes;
    try {
      bytes = readFileSync(file);
    } catch (error) {
      if (error.code === 'EISDIR') continue;
      throw error;
    }
    hash.update(`${file}\0${bytes.length}\0`).update(bytes);
  }
  for (const tool of ['esbuild', 'typescript'])
    hash.update(`${tool}@${require(`${tool}/package.json`).version}\0`);
  return hash.digest('hex');
}

function upToDate(hash) {
  if (!OUTPUTS.every((f) => existsSync(join(DIST, f)))) return false;
  try {
    return readFileSync(STAMP_FILE, 'utf8') === hash;
  } catch {
    return false;
  }
}

const FINGERPRINT_PLACEHOLDER = '@@BUNDLE_FINGERPRINT@@';

/** Options both CommonJS bundles share. The sources are ESM and use import.meta.url. */
const COMMONJS = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  legalComments: 'none',
  logLevel: 'warning',
  banner: { js: 'const IMPORT_META_URL = require("node:url").pathToFileURL(__filename).href;' },
  define: { 'import.meta.url': 'IMPORT_META_URL' },
};

/**
 * The CLI bundle leaves src/cli/on-demand.ts out (explain, the evaluator and
 * the page engine: a third of the code, which every other run would compile,
 * or load from the code cache, for nothing): src/cli.ts's import of it is
 * replaced by a module that requires dist/on-demand.bundle.cjs on first use.
 */
const ON_DEMAND = {
  name: 'on-demand',
  setup(builder) {
    builder.onResolve({ filter: /^\.\/cli\/on-demand\.js$/ }, (args) =>
      args.importer.endsWith(join('src', 'cli.ts'))
        ? { path: 'on-demand', namespace: 'on-demand' }
        : undefined,
    );
    builder.onResolve({ filter: /^\.\/on-demand\.bundle\.cjs$/ }, (args) => ({
      path: args.path,
      external: true,
    }));
    builder.onLoad({ filter: /.*/, namespace: 'on-demand' }, () => ({
      contents: [
        "import { takeBeforeFirstModuleParse } from '../python/parse.js';",
        'let loaded = null;',
        "// The launcher set its hook on this bundle's parser, which a run of explain never uses: pass it on.",
        'const load = () => {',
        '  if (loaded !== null) return loaded;',
        '  try {',
        "    loaded = require('./on-demand.bundle.cjs');",
        '  } catch (error) {',
        "    if (error.code !== 'MODULE_NOT_FOUND') throw error;",
        "    throw new Error('dist/on-demand.bundle.cjs is missing (explain and --format html need it): npm run build, or reinstall the package');",
        '  }',
        '  const prepare = takeBeforeFirstModuleParse();',
        '  if (prepare !== null) loaded.beforeFirstModuleParse(prepare);',
        '  return loaded;',
        '};',
        'export const runExplain = (argv, io) => load().runExplain(argv, io);',
        'export const htmlPageOrProblem = (matrix, options) => load().htmlPageOrProblem(matrix, options);',
      ].join('\n'),
      resolveDir: join(process.cwd(), 'src', 'cli'),
      loader: 'js',
    }));
  },
};

async function buildOnDemand() {
  const result = await build({ ...COMMONJS, entryPoints: ['src/cli/on-demand.ts'], write: false });
  writeFileSync(join(DIST, 'on-demand.bundle.cjs'), bareNodeRequires(result.outputFiles[0].text));
}

async function buildCli() {
  const result = await build({
    ...COMMONJS,
    entryPoints: ['src/cli.ts'],
    plugins: [ON_DEMAND],
    write: false,
    define: { ...COMMONJS.define, BUNDLE_FINGERPRINT: JSON.stringify(FINGERPRINT_PLACEHOLDER) },
  });
  const text = bareNodeRequires(result.outputFiles[0].text);
  if (text.split(FINGERPRINT_PLACEHOLDER).length !== 2)
    throw new Error('build: fingerprint placeholder not found once');
  // The result cache ties entries to the code that made them: the hash of the
  // bundle (with the placeholder), written into the bundle itself.
  const fingerprint = createHash('sha256').update(text).digest('hex');
  // The launcher keys V8's code cache by it, read from the first line without hashing anything.
  const firstLine = `// vllm-attention-docs bundle ${fingerprint}\n`;
  writeFileSync(join(DIST, 'cli.bundle.cjs'), firstLine + text.replace(FINGERPRINT_PLACEHOLDER, fingerprint));
}

async function buildLauncher() {
  const result = await build({
    ...COMMONJS,
    entryPoints: ['src/launch/launcher.ts'],
    write: false,
    // The launcher does not use import.meta.url: no URL work before the bundle even starts.
    banner: {},
  });
  writeFileSync(join(DIST, 'cli.cjs'), bareNodeRequires(result.outputFiles[0].text));
}

/**
 * esbuild wraps each `import * as fs from 'node:fs'` in __toESM, which copies
 * every export of the module at start-up (~3 ms over the bundle's 13 imports).
 * The code only reads named members of Node's own modules, which the module
 * object itself has, so the bare require is the same thing without the copy.
 */
function bareNodeRequires(text) {
  return text.replace(/__toESM\((require\("node:[a-z_/]+"\)), 1\)/g, '$1');
}

async function buildLibrary() {
  await build({ ...COMMONJS, entryPoints: ['src/index.ts'], outfile: join(DIST, 'index.cjs') });
  // Node finds the CommonJS bundle's export names with cjs-module-lexer (esbuild
  // annotates them for it); the check below fails the build if it ever did not.
  writeFileSync(
    join(DIST, 'index.js'),
    "// The library for import: the CommonJS build, so both module systems share one copy.\nexport * from './index.cjs';\n",
  );
  const viaImport = Object.keys(await import(new URL(`../${DIST}/index.js`, import.meta.url).href));
  const viaRequire = Object.keys(require(`../${DIST}/index.cjs`));
  const missing = viaRequire.filter((name) => !viaImport.includes(name));
  if (missing.length > 0) throw new Error(`build: dist/index.js does not re-export ${missing.join(', ')}`);
}

/**
 * The page's script: one browser file holding the page's behaviour and the
 * explain engine (parser, evaluator, explain) it runs in a worker. The few
 * Node built-ins the engine's modules import are replaced by browser
 * equivalents (src/page/browser/shims).
 */
async function buildPage() {
  const shim = (name) => `./src/page/browser/shims/${name}.ts`;
  await build({
    entryPoints: ['src/page/browser/main.ts'],
    bundle: true,
    minify: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    legalComments: 'none',
    logLevel: 'warning',
    outfile: join(DIST, 'page-app.js'),
    define: { 'process.env.EVAL_STACK': 'undefined', 'import.meta.url': '"file:///page/"' },
    alias: {
      'node:buffer': shim('node-buffer'),
      'node:fs': shim('node-fs'),
      'node:module': shim('node-module'),
    },
  });
}

function buildDeclarations() {
  const tsc = require.resolve('typescript/bin/tsc');
  const run = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  if (run.error) throw run.error;
  if (run.status !== 0) throw new Error(`build: tsc exited with ${run.status}`);
  // tsc wrote them under types/ (tsconfig.build.json); they describe dist/index.cjs.
  writeFileSync(join(DIST, 'types/package.json'), '{ "type": "commonjs" }\n');
  writeFileSync(join(DIST, 'index.d.ts'), "export * from './types/index.js';\n");
}

const hash = inputsHash();
if (upToDate(hash)) {
  console.log('build: dist/ is up to date');
} else {
  rmSync(DIST, { recursive: true, force: true });
  rmSync(STAMP_FILE, { force: true });
  mkdirSync(DIST);
  copyFileSync('src/python/unicode-names.deflate', join(DIST, 'unicode-names.deflate'));
  await Promise.all([buildCli(), buildOnDemand(), buildLauncher(), buildLibrary(), buildPage()]);
  buildDeclarations();
  mkdirSync(join(STAMP_FILE, '..'), { recursive: true });
  writeFileSync(STAMP_FILE, hash);
}
