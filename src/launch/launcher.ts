// The command's entry (dist/cli.cjs, which bin/ requires): compiles the CLI
// bundle with V8's code cache when there is one to trust (code-cache.ts),
// runs it (with V8's inlining off once it parses: jit-tuning.ts), keeps the compiled code for the next run when that gains
// something, and ends the process as soon as the output is flushed, instead
// of waiting for Node's teardown (a last garbage collection, background
// compile jobs): the run's work is done once its output is out. The CLI
// writes nothing after main() returns; its files are written synchronously.

import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as vm from 'node:vm';
import { cacheDisabledByEnv, defaultCacheDir } from '../cache/cache-dir.js';
import {
  bundleFingerprint,
  codeCacheKey,
  readCodeCache,
  writeCodeCache,
  type CodeCache,
} from './code-cache.js';
import { jitTuning } from './jit-tuning.js';

/** What the CLI bundle (src/cli.ts) exports to its launcher. */
interface CliBundle {
  main(argv: readonly string[]): void;
  /** How many parses (modules or top-level statements) the run started. */
  parsesStarted(): number;
  /** Calls `done` once everything the run wrote is out (not at all if it cannot get out). */
  whenOutputFlushed(done: () => void): void;
  /** Runs `prepare` before the run's first whole-module parse, if it makes one. */
  beforeFirstModuleParse(prepare: () => void): void;
}

/** Where this run's code cache is, or null when the run goes without one. */
interface CodeCachePlace {
  readonly dir: string;
  readonly key: string;
}

/** Runs the CLI in `bundleFile` with `argv`, then exits when its output is flushed. */
export function launch(bundleFile: string, argv: readonly string[] = process.argv.slice(2)): void {
  const source = fs.readFileSync(bundleFile, 'utf8');
  const place = codeCachePlace(source, argv, process.env);
  const cached = place === null ? null : readCodeCache(place.dir, place.key);
  const script = new vm.Script(wrapAsCommonJs(source), {
    filename: bundleFile,
    ...(cached !== null && { cachedData: cached.data }),
  });
  // V8 checks its own version and flags again, and may still refuse the data: then it compiled as usual.
  const accepted = cached !== null && script.cachedDataRejected === false;
  const bundle = runCommonJs(script, bundleFile);
  const tuning = jitTuning(process.execArgv, process.env.NODE_OPTIONS);
  if (tuning !== null) bundle.beforeFirstModuleParse(() => tuning.apply());
  bundle.main(argv);
  // The code cache must be written under the flags it will be read under (those of the compile above).
  tuning?.undo();
  if (place !== null) keepCodeCache(place, script, accepted ? cached : null, bundle.parsesStarted() > 0);
  // Nothing is left to do once the output is out (exit() takes process.exitCode).
  bundle.whenOutputFlushed(() => process.exit());
}

/**
 * Writes the code compiled by now when no code cache was used, or when the one
 * used was written by a run that parsed nothing and this run parsed: it then
 * holds the parser too. Otherwise the cache in use is as good as a new one.
 */
function keepCodeCache(
  place: CodeCachePlace,
  script: vm.Script,
  used: CodeCache | null,
  parsed: boolean,
): void {
  if (used !== null && (used.afterParsing || !parsed)) return;
  try {
    writeCodeCache(place.dir, place.key, script.createCachedData(), parsed);
  } catch {
    // Not kept: the next run compiles again, nothing else.
  }
}

function codeCachePlace(
  source: string,
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
): CodeCachePlace | null {
  if (cacheDisabledByEnv(env) || asksForNoCache(argv)) return null;
  const fingerprint = bundleFingerprint(source);
  if (fingerprint === null) return null;
  return {
    dir: defaultCacheDir(env),
    key: codeCacheKey(fingerprint, process, env.NODE_OPTIONS),
  };
}

/**
 * Whether the arguments hold `--no-cache` (or a prefix of it, which the
 * argument parser takes for it) before a `--`: no cache of any kind is then
 * read or written. A value that only looks like it (`-o --no-cache`) also
 * turns the code cache off, which costs only time.
 */
function asksForNoCache(argv: readonly string[]): boolean {
  for (const arg of argv) {
    if (arg === '--') return false;
    if (arg.length >= 3 && '--no-cache'.startsWith(arg)) return true;
  }
  return false;
}

/** Node's CommonJS wrapper, on the bundle's first line so that line numbers stay as they are. */
function wrapAsCommonJs(source: string): string {
  return `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
}

function runCommonJs(script: vm.Script, file: string): CliBundle {
  const wrapper = script.runInThisContext() as (
    exports: object,
    require: NodeJS.Require,
    module: { exports: object },
    filename: string,
    dirname: string,
  ) => void;
  const module = { exports: {} };
  const dirname = file.slice(0, Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')));
  wrapper.call(module.exports, module.exports, createRequire(file), module, file, dirname);
  return module.exports as CliBundle;
}
