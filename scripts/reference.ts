// Runs vLLM's reference generator (tools/pre_commit/generate_attention_backend_docs.py)
// on a source tree and captures what it produced. The reference derives the tree
// root from its own location (`Path(__file__).parent.parent.parent`), so the tree
// is mirrored into a temporary directory (symlinks to the caller's entries, or
// copies where symlinks are unavailable) and the script placed at
// <tmp>/tools/pre_commit/generate_attention_backend_docs.py; the caller's tree is
// never written to. Python does not resolve `__file__`, so every path the
// reference prints starts with the temporary root, which becomes `<ROOT>`.
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve as resolvePath, sep } from 'node:path';
import { gitBlobId } from '../src/node-builtins.js';
import { versionOfBlob } from '../src/versions/versions.js';

/** What one reference run produced. Text is normalized: the temp root reads `<ROOT>`. */
export type ReferenceOutcome =
  | {
      kind: 'document';
      /** The generated markdown, exactly as written by the reference. */
      document: string;
      /** Everything the reference printed on stderr (warnings), root-normalized. */
      stderr: string;
    }
  | {
      kind: 'crash';
      /** Last line of the Python traceback, e.g. `AttributeError: 'int' object has no attribute 'rsplit'`. */
      crashLine: string;
      /** stderr printed before the traceback started (warnings), root-normalized. */
      stderr: string;
      exitCode: number | null;
    }
  | {
      kind: 'failed';
      /** The run neither wrote a document nor ended in a traceback (timeout, missing python, ...). */
      reason: string;
    };

export interface ReferenceOptions {
  /** Path to the reference script (e.g. /work/ref/gen_ref.py). */
  referenceScript: string;
  /** The vLLM-shaped tree to document. Only `vllm/` inside it is read by the reference. */
  treeDir: string;
  /** Python interpreter, default `python3`. */
  python?: string;
  /** Kill the reference after this long; default 120 s. */
  timeoutMs?: number;
}

export const ROOT_PLACEHOLDER = '<ROOT>';
const SCRIPT_IN_TREE = join('tools', 'pre_commit', 'generate_attention_backend_docs.py');
const TRACEBACK_HEADER = 'Traceback (most recent call last):';

/**
 * The environment for our CLI to follow the same generator version as a reference
 * script (known by its git blob id), so both write the same version's document;
 * unchanged (the tree's own version) when the script is none we know.
 */
export function envFollowing(
  referenceScript: string,
  env: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
  const version = versionOfBlob(gitBlobId(readFileSync(referenceScript)));
  return version === null ? env : { ...env, VLLM_ATTENTION_DOCS_GENERATOR_VERSION: String(version.number) };
}

/** Replaces every occurrence of `root` (an absolute path) with `<ROOT>`. */
export function normalizeRoot(text: string, root: string): string {
  return root === '' ? text : text.split(root).join(ROOT_PLACEHOLDER);
}

/** Returns null when `python --version` runs, else a one-line reason. */
export function checkPython(python = 'python3'): string | null {
  const probe = spawnSync(python, ['--version'], { encoding: 'utf8', timeout: 20_000 });
  if (probe.error || probe.status !== 0) return `${python} is not available`;
  return null;
}

/** Splits the reference's stderr into the warnings and the traceback's last line. */
export function splitTraceback(stderr: string): { warnings: string; crashLine: string | null } {
  const start = stderr.indexOf(TRACEBACK_HEADER);
  if (start < 0) return { warnings: stderr, crashLine: null };
  const lines = stderr
    .slice(start)
    .split('\n')
    .filter((line) => line.trim() !== '');
  return { warnings: stderr.slice(0, start), crashLine: lines[lines.length - 1] ?? '' };
}

/**
 * Recreates `source` at `target` as links to its entries, except along `skipPath`
 * (a chain of names): those directories are made real so the last name can be
 * replaced. Falls back to copying where symlinks cannot be created.
 */
function mirrorExcept(source: string, target: string, skipPath: string[]): void {
  mkdirSync(target, { recursive: true });
  const [head, ...tail] = skipPath;
  const entries = existsSync(source) ? readdirSync(source) : [];
  for (const name of entries) {
    const from = join(source, name);
    const to = join(target, name);
    if (name === head) {
      if (tail.length > 0) mirrorExcept(from, to, tail);
      continue;
    }
    try {
      symlinkSync(from, to);
    } catch {
      cpSync(from, to, { recursive: true });
    }
  }
  if (tail.length > 0 && !entries.includes(head))
    mkdirSync(join(target, head, ...tail.slice(0, -1)), { recursive: true });
}

/** Runs the reference on a mirror of `treeDir`. Never throws for reference failures. */
export function runReference(options: ReferenceOptions): ReferenceOutcome {
  const python = options.python ?? 'python3';
  // realpath: on some systems tmpdir() is a symlink and Python would print the resolved path.
  const workRoot = realpathSync(mkdtempSync(join(tmpdir(), 'vllm-ref-')));
  try {
    const workTree = join(workRoot, 'tree');
    // A tree may ship its own copy of the script; the reference under test replaces it.
    mirrorExcept(resolvePath(options.treeDir), workTree, SCRIPT_IN_TREE.split(sep));
    const scriptPath = join(workTree, SCRIPT_IN_TREE);
    cpSync(options.referenceScript, scriptPath);
    const outPath = join(workRoot, 'out.md');
    const run = spawnSync(python, [scriptPath, '-o', outPath], {
      cwd: workRoot,
      encoding: 'utf8',
      timeout: options.timeoutMs ?? 120_000,
      // Pin the text encoding the reference's Path.read_text() uses, whatever the locale.
      env: { ...process.env, PYTHONUTF8: '1', PYTHONDONTWRITEBYTECODE: '1' },
    });
    if (run.error) return { kind: 'failed', reason: `could not run ${python}: ${run.error.message}` };
    const stderr = normalizeRoot(run.stderr ?? '', workTree);
    if (run.status === 0 && existsSync(outPath)) {
      return { kind: 'document', document: readFileSync(outPath, 'utf8'), stderr };
    }
    const { warnings, crashLine } = splitTraceback(stderr);
    if (crashLine !== null) return { kind: 'crash', crashLine, stderr: warnings, exitCode: run.status };
    return {
      kind: 'failed',
      reason: `exit ${run.status ?? run.signal}: ${stderr.trim().split('\n').pop() ?? ''}`,
    };
  } finally {
    rmSync(workRoot, { recursive: true, force: true });
  }
}

/** The reference path from `--reference PATH`, else env VLLM_DOCS_REFERENCE, else null. */
export function referenceFromArgs(args: string[]): { reference: string | null; rest: string[] } {
  const rest: string[] = [];
  let reference: string | null = process.env.VLLM_DOCS_REFERENCE ?? null;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--reference') {
      reference = args[i + 1] ?? null;
      i++;
    } else if (arg.startsWith('--reference=')) {
      reference = arg.slice('--reference='.length);
    } else {
      rest.push(arg);
    }
  }
  return { reference: reference === '' ? null : reference, rest };
}
