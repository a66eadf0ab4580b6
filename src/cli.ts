// The command line: flags, files and exit codes. All logic a library user
// would want lives in analyze/render; this file only wires and reports.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyze } from './analyze.js';
import { defaultCacheDir } from './cache/cache-dir.js';
import { analyzeCached } from './cache/result-cache.js';
import type { FeatureMatrix } from './matrix.js';
import { AnalysisError } from './diagnostics.js';
import { HELP_TEXT, parseCliArgs, UsageError, type GenerateArgs } from './cli-args.js';
import { runExplain } from './cli-explain.js';
import { describeFsError, readExistingDocument, writeDocumentAtomically } from './output-file.js';
import { dump } from './python/dump.js';
import { parseModuleBytes } from './python/parse.js';
import { PyValueError } from './python/values.js';
import { isRelevantFile, pyPathString } from './relevance.js';
import { diagnosticText } from './render/diagnostics-text.js';
import { renderJson } from './render/json.js';
import { renderMarkdown } from './render/markdown.js';
import { findUnencodable } from './render/encodable.js';
import { REGISTRY_FILE } from './extract/registry.js';
import { DiskTree } from './tree/disk-tree.js';

export const EXIT_OK = 0;
export const EXIT_REGENERATED = 1;
export const EXIT_ERROR = 2;

export interface CliIo {
  readonly cwd: string;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Environment variables the CLI reads (cache location and switch); defaults to none. */
  readonly env?: NodeJS.ProcessEnv;
}

const DEFAULT_OUTPUT = 'docs/design/attention_backends.md';
const DEMO_OUTPUT = 'demo-output/attention_backends.md';
const STDOUT_OUTPUT = '-';

/** The package folder (one level above dist/ or src/). */
function packageDir(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
}

/** The nearest folder at or above `start` that holds the registry. */
export function findTreeRoot(start: string): string | null {
  let dir = path.resolve(start);
  for (;;) {
    if (fs.existsSync(path.join(dir, REGISTRY_FILE))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

export function runCli(argv: readonly string[], io: CliIo): number {
  let args;
  try {
    args = parseCliArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`vllm-attention-docs: error: ${error.message} (see --help)\n`);
      return EXIT_ERROR;
    }
    throw error;
  }
  switch (args.command) {
    case 'help':
      io.stdout(HELP_TEXT);
      return EXIT_OK;
    case 'version': {
      const pkg = JSON.parse(fs.readFileSync(path.join(packageDir(), 'package.json'), 'utf8')) as {
        version: string;
      };
      io.stdout(`${pkg.version}\n`);
      return EXIT_OK;
    }
    case 'ast':
      return runAst(args.files, io);
    case 'explain':
      return runExplain(args.argv, {
        cwd: io.cwd,
        stdout: io.stdout,
        stderr: io.stderr,
        findRoot: findTreeRoot,
      });
    case 'generate':
      return runGenerate(args, io);
  }
}

function runAst(files: readonly string[], io: CliIo): number {
  let status = EXIT_OK;
  for (const file of files) {
    let bytes: Uint8Array;
    try {
      bytes = fs.readFileSync(path.resolve(io.cwd, file));
    } catch (error) {
      io.stderr(`vllm-attention-docs: error: cannot read ${file}: ${describeFsError(error)}\n`);
      status = EXIT_ERROR;
      continue;
    }
    const parsed = parseModuleBytes(bytes);
    io.stdout(`== ${file}\n`);
    if (!parsed.ok) {
      // IndentationError and TabError are SyntaxErrors; other rejections (not UTF-8, too deep) keep their class.
      const { kind, msg, lineno } = parsed.error;
      const shown = kind === 'IndentationError' || kind === 'TabError' ? 'SyntaxError' : kind;
      io.stdout(`${shown}: ${msg} (line ${lineno})\n`);
      continue;
    }
    try {
      io.stdout(`${dump(parsed.module)}\n`);
    } catch (error) {
      // ast.dump itself raises on ints past the int-to-str limit.
      if (!(error instanceof PyValueError)) throw error;
      io.stdout(`ValueError: ${error.message}\n`);
    }
  }
  return status;
}

function runGenerate(args: GenerateArgs, io: CliIo): number {
  const fail = (message: string): number => {
    io.stderr(`vllm-attention-docs: error: ${message}\n`);
    return EXIT_ERROR;
  };

  // `-o -` writes to stdout; so does --format json without -o (the document's default path is for markdown).
  const toStdout = args.output === STDOUT_OUTPUT || (args.format === 'json' && args.output === null);
  if (toStdout && args.check) return fail('--check compares with a file: give -o PATH');

  let root: string | null;
  if (args.demo) root = path.join(packageDir(), 'examples', 'demo-vllm');
  else if (args.root !== null) root = path.resolve(io.cwd, args.root);
  else root = findTreeRoot(io.cwd);

  // pre-commit passes the changed files: with none relevant there is nothing to do.
  if (args.files.length > 0 && !args.files.some((f) => isRelevantFile(f, root ?? io.cwd))) return EXIT_OK;

  if (root === null) {
    return fail(`no vLLM tree found at or above ${io.cwd} (no ${REGISTRY_FILE}); pass --root DIR`);
  }
  let rootKind: fs.Stats;
  try {
    rootKind = fs.statSync(root);
  } catch {
    return fail(`--root ${root}: no such directory`);
  }
  if (!rootKind.isDirectory()) return fail(`--root ${root}: not a directory`);

  const tree = new DiskTree(root);
  let matrix;
  try {
    matrix = analyzeForCli(tree, args, io);
  } catch (error) {
    if (error instanceof AnalysisError) {
      io.stderr(
        `vllm-attention-docs: ${diagnosticText(error.diagnostic, { showPath: (p) => tree.displayPath(p) })}\n`,
      );
      return EXIT_ERROR;
    }
    throw error;
  }
  for (const w of matrix.warnings)
    io.stderr(`${diagnosticText(w, { showPath: (p) => tree.displayPath(p) })}\n`);

  const content = args.format === 'json' ? renderJson(matrix) : renderMarkdown(matrix);
  // A lone surrogate (from a `"\ud800"` escape) cannot be encoded as UTF-8: the reference's
  // write_text raises UnicodeEncodeError there, so we stop too, before touching any file.
  const surrogate = findUnencodable(content);
  if (surrogate !== null) {
    const code = surrogate.codePoint.toString(16);
    return fail(
      `the document would contain the lone surrogate U+${code.toUpperCase()}, which UTF-8 cannot encode (the reference raises UnicodeEncodeError)`,
    );
  }
  if (toStdout) {
    io.stdout(content);
    return EXIT_OK;
  }
  const defaultOutput = args.demo ? path.join(io.cwd, DEMO_OUTPUT) : path.join(root, DEFAULT_OUTPUT);
  const outputShown = pyPathString(args.output ?? defaultOutput);
  const outputFile = path.resolve(io.cwd, args.output ?? defaultOutput);

  if (args.check) {
    const existing = readExistingDocument(outputFile);
    if (existing.kind === 'unreadable') return fail(`cannot read ${outputShown}: ${existing.reason}`);
    if (existing.kind === 'text' && existing.text === content) {
      io.stdout(`✅ Up to date: ${outputShown}\n`);
      return EXIT_OK;
    }
    try {
      writeDocumentAtomically(outputFile, content);
    } catch (error) {
      return fail(`cannot write ${outputShown}: ${describeFsError(error)}`);
    }
    io.stdout(`🔄 Regenerated: ${outputShown}\n`);
    return EXIT_REGENERATED;
  }

  try {
    writeDocumentAtomically(outputFile, content);
  } catch (error) {
    return fail(`cannot write ${outputShown}: ${describeFsError(error)}`);
  }
  io.stdout(`Generated: ${outputShown}\n`);
  return EXIT_OK;
}

/** The bundle's own hash, written into it at build time (scripts/bundle.mjs); absent elsewhere. */
declare const BUNDLE_FINGERPRINT: string | undefined;

/**
 * Cached results are tied to the exact code that produced them: the bundle's
 * hash, fixed when it was built so that no run pays for hashing it. Running
 * from source (tests, tsx, the library build) there is no single file to
 * fingerprint, so the cache is not used.
 */
function codeFingerprint(): string | null {
  return typeof BUNDLE_FINGERPRINT === 'string' ? BUNDLE_FINGERPRINT : null;
}

function analyzeForCli(tree: DiskTree, args: GenerateArgs, io: CliIo): FeatureMatrix {
  const env = io.env ?? {};
  const fingerprint = args.noCache || env.VLLM_ATTENTION_DOCS_NO_CACHE ? null : codeFingerprint();
  if (fingerprint === null) return analyze(tree);
  return analyzeCached(tree, { cacheDir: defaultCacheDir(env), toolVersion: fingerprint });
}

/** The process entry: real streams, real exit code, and no stack trace ever. */
export function main(argv: readonly string[] = process.argv.slice(2)): void {
  // A reader that goes away early (`... -o - | head -1`) is not an error of ours:
  // drop the rest of the output quietly instead of dying on an 'error' event.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') process.exitCode = EXIT_ERROR;
    });
  }
  let code: number;
  try {
    code = runCli(argv, {
      cwd: process.cwd(),
      env: process.env,
      stdout: (t) => process.stdout.write(t),
      stderr: (t) => process.stderr.write(t),
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`vllm-attention-docs: internal error: ${message.split('\n')[0]}\n`);
    code = EXIT_ERROR;
  }
  process.exitCode = code;
}
