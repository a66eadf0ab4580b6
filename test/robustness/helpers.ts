// Shared by the robustness tests: temp copies of a base tree (the demo tree,
// under the seed's generator version, which the expectations were recorded
// with) with one hostile file added, the CLI run in-process or as a real child process
// (bundled from the current sources, so no stale dist/ is tested), and where
// the reference script and python3 are, when they are.

import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleCli } from '../../scripts/mutation-test.js';
import { analyze } from '../../src/analyze.js';
import { runCli, type CliIo } from '../../src/cli.js';
import type { FeatureMatrix } from '../../src/matrix.js';
import { SEED_VERSION } from '../../src/versions/versions.js';
import { makeTempDir as makeSharedTempDir } from '../temp-dir.js';

export const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const baseTree = path.join(projectDir, 'examples/demo-vllm');
/** What the seed's version of the reference writes for the base tree. */
export const baseDocument = path.join(projectDir, 'test/fixtures/expected/demo/v8.md');
export const backendsDir = 'vllm/v1/attention/backends';
export const registryFile = `${backendsDir}/registry.py`;

/** A fresh temporary folder, removed when the test process ends. */
export function makeTempDir(label: string): string {
  return makeSharedTempDir(`rob-${label}`);
}

/** A temporary copy of the base tree (its Python only: no docs/, so outputs start fresh). */
export function copyBaseTree(label = 'demo'): string {
  const root = makeTempDir(label);
  fs.cpSync(path.join(baseTree, 'vllm'), path.join(root, 'vllm'), { recursive: true });
  return root;
}

/**
 * Registers `AttentionBackendEnum.<name>` for `<module>.<className>` by appending a
 * member line to the demo registry's enum (its last statement), and writes the
 * module's file when `contents` is given.
 */
export function addBackend(
  root: string,
  spec: { name: string; module: string; className: string; contents?: string | Uint8Array },
): string {
  fs.appendFileSync(path.join(root, registryFile), `    ${spec.name} = "${spec.module}.${spec.className}"\n`);
  const file = path.join(root, `${spec.module.replaceAll('.', '/')}.py`);
  if (spec.contents !== undefined) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, spec.contents);
  }
  return file;
}

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The trees here carry no generator script, and their expected outcomes are the
 * seed's reference's: the CLI is told to follow that version.
 */
export const SEED_VERSION_ENV = { VLLM_ATTENTION_DOCS_GENERATOR_VERSION: '8' } as const;
// Every child process a robustness test starts with this process's environment follows it too.
process.env.VLLM_ATTENTION_DOCS_GENERATOR_VERSION = SEED_VERSION_ENV.VLLM_ATTENTION_DOCS_GENERATOR_VERSION;

/** analyze() following the seed's version, which these trees' expectations were recorded with. */
export function analyzeAsSeed(root: string): FeatureMatrix {
  return analyze(root, { generatorVersion: SEED_VERSION });
}

/** runCli in this process (fast; no process boundary). */
export function runInProcess(argv: readonly string[], cwd: string): CliRun {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    cwd,
    env: SEED_VERSION_ENV,
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
  };
  const code = runCli(argv, io);
  return { code, stdout, stderr };
}

let bundled: string | null = null;

/**
 * The CLI as one JavaScript file built from src/ now (esbuild, ~0.1 s), so child
 * processes start fast and test the current sources, not whatever dist/ holds.
 */
export async function bundledCli(): Promise<string> {
  if (bundled !== null) return bundled;
  const outfile = await bundleCli(makeTempDir('bundle'));
  bundled = outfile;
  return outfile;
}

let bundledWithCache: string | null = null;

/** The bundled CLI with a build fingerprint, so that it reads and writes its cache (from source it does not). */
export async function bundledCachingCli(): Promise<string> {
  if (bundledWithCache !== null) return bundledWithCache;
  bundledWithCache = await bundleCli(makeTempDir('bundle-cache'), { fingerprint: 'robustness-test' });
  return bundledWithCache;
}

export interface ProcessOptions {
  readonly cwd: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Node flags placed before the script, e.g. --stack-size. */
  readonly nodeFlags?: readonly string[];
  readonly timeoutMs?: number;
}

/** The bundled CLI as a child process: real exit code, real streams. */
export function runProcess(
  cli: string,
  argv: readonly string[],
  options: ProcessOptions,
): CliRun & { signal: NodeJS.Signals | null } {
  const r: SpawnSyncReturns<string> = spawnSync(
    process.execPath,
    [...(options.nodeFlags ?? []), cli, ...argv],
    {
      cwd: options.cwd,
      env: { ...SEED_VERSION_ENV, ...(options.env ?? process.env) },
      encoding: 'utf8',
      timeout: options.timeoutMs ?? 120_000,
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  // A timeout is an outcome (the child was killed), not a test-harness failure.
  if (r.error && (r.error as NodeJS.ErrnoException).code !== 'ETIMEDOUT') throw r.error;
  return { code: r.status, signal: r.signal, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** The same, without waiting: for running several at once. */
export function runProcessAsync(
  cli: string,
  argv: readonly string[],
  options: ProcessOptions,
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.nodeFlags ?? []), cli, ...argv], {
      cwd: options.cwd,
      env: { ...SEED_VERSION_ENV, ...(options.env ?? process.env) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (t: string) => (stdout += t));
    child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

// Whether stderr shows a crash (a stack trace, a V8 fatal error), not a message.
export { looksLikeCrash } from '../one-line-error.js';

/** Whether `python3 --version` runs. */
export const pythonAvailable: boolean = (() => {
  const probe = spawnSync('python3', ['--version'], { encoding: 'utf8', timeout: 20_000 });
  return !probe.error && probe.status === 0;
})();

/** The reference script from VLLM_DOCS_REFERENCE or the usual local copy, if present and python3 runs. */
export function referenceScript(): string | null {
  if (!pythonAvailable) return null;
  for (const candidate of [process.env.VLLM_DOCS_REFERENCE, '/work/ref/gen_ref.py']) {
    if (candidate && fs.existsSync(candidate)) return candidate;
  }
  return null;
}

/** All files below `dir`, as sorted relative POSIX paths. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const visit = (rel: string): void => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) visit(child);
      else out.push(child);
    }
  };
  visit('');
  return out.sort();
}

/** The unprivileged user tests run as for "another user" cases: nobody, via setpriv. */
export const OTHER_UID = 65534;
export const OTHER_GID = 65534;

/**
 * Why "another user" cases cannot run here, or null when they can: they need
 * root (to switch user) and setpriv.
 */
export const otherUserUnavailable: string | null = (() => {
  if (process.getuid?.() !== 0) return 'not running as root: cannot switch to another user';
  const probe = spawnSync('setpriv', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return 'setpriv is not installed';
  return null;
})();

/** The bundled CLI run as the user nobody (setpriv), with `paths` made readable to it first. */
export function runProcessAsOther(
  cli: string,
  argv: readonly string[],
  options: ProcessOptions,
): CliRun & { signal: NodeJS.Signals | null } {
  openToOthers(path.dirname(cli));
  const r = spawnSync(
    'setpriv',
    [
      `--reuid=${OTHER_UID}`,
      `--regid=${OTHER_GID}`,
      '--clear-groups',
      process.execPath,
      ...(options.nodeFlags ?? []),
      cli,
      ...argv,
    ],
    {
      cwd: options.cwd,
      env: options.env ?? { ...process.env, HOME: '/nonexistent' },
      encoding: 'utf8',
      timeout: options.timeoutMs ?? 120_000,
    },
  );
  if (r.error && (r.error as NodeJS.ErrnoException).code !== 'ETIMEDOUT') throw r.error;
  return { code: r.status, signal: r.signal, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** chmod a+rX on `dir` and everything below it (so another user can read and traverse it). */
export function openToOthers(dir: string): void {
  const visit = (p: string): void => {
    const s = fs.lstatSync(p);
    if (s.isSymbolicLink()) return;
    fs.chmodSync(p, s.mode | (s.isDirectory() || s.mode & 0o100 ? 0o555 : 0o444));
    if (s.isDirectory()) for (const name of fs.readdirSync(p)) visit(path.join(p, name));
  };
  visit(dir);
}
