// Differential check: runs the reference generator and our CLI on each tree and
// compares the documents byte for byte.
//
//   npm run conformance -- [--reference PATH] [--all-fixtures] [--verbose] [--ignore-stderr] [--cli FILE] [DIR...]
//   npm run conformance -- --own-script [--oracle ORACLE_DIR] [--verbose] [--ignore-stderr] [--cli FILE] DIR...
//
// Where the outputs agree, every reference stderr line (`  Warning: Could not
// parse <ROOT>/...: <message>`) must also appear, in the same order, on our
// stderr (the tree's path shown as <ROOT>); further lines of ours are allowed.
// --ignore-stderr turns that off.
// --cli FILE replaces bin/vllm-attention-docs.js (a .ts FILE is run through tsx,
// so the source can be checked without a build); --verbose also prints both
// crash messages for `both crash`.
// --own-script: the reference for each tree is the tree's own
// tools/pre_commit/generate_attention_backend_docs.py, and the trees are counted
// per generator version (known by the script's git blob id,
// src/versions/versions.ts). --oracle ORACLE_DIR (implies --own-script)
// takes what that script produced from a recorded corpus instead of running it:
// <name>.md, <name>.stderr and <name>.exit for the tree DIR/<name>, as
// scripts/fetch-oracle-corpus.sh writes them; its commits.tsv, if present, sets
// the order of the trees (oldest commit first).
// Per tree it prints `identical`, `DIFFERENT (first differing line N)` or
// `both crash`, then `N of M identical` (with --own-script, one such line per
// version, then the total). Exit 1 on any difference.
// `--reference` defaults to env VLLM_DOCS_REFERENCE; where python3 or the
// reference is absent it prints one line and exits 0.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gitBlobId } from '../src/node-builtins.js';
import { versionOfBlob } from '../src/versions/versions.js';
import {
  checkPython,
  envFollowing,
  normalizeRoot,
  referenceFromArgs,
  runReference,
  splitTraceback,
  type ReferenceOutcome,
} from './reference.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const defaultCliPath = join(repoRoot, 'bin', 'vllm-attention-docs.js');
const fixtureTreesDir = join(repoRoot, 'test', 'fixtures', 'trees');
const OWN_SCRIPT = join('tools', 'pre_commit', 'generate_attention_backend_docs.py');

/** What our CLI produced for one tree. */
type OursOutcome =
  | { kind: 'document'; document: string; stderr: string }
  | { kind: 'crash'; message: string; stderr: string }
  | { kind: 'failed'; reason: string };

/** The most telling line of a failed run's stderr: the first error line, else the last line. */
function telltaleLine(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  return lines.find((line) => /^\w*Error\b|\bError: /.test(line)) ?? lines[lines.length - 1] ?? '';
}

function runOurs(cliPath: string, treeDir: string, env: NodeJS.ProcessEnv): OursOutcome {
  const work = mkdtempSync(join(tmpdir(), 'vllm-ours-'));
  try {
    const outPath = join(work, 'out.md');
    // A .ts entry (e.g. src/cli run through a wrapper) is run with tsx, without a build.
    const loader = cliPath.endsWith('.ts') ? ['--import', 'tsx'] : [];
    const run = spawnSync(process.execPath, [...loader, cliPath, '--root', treeDir, '-o', outPath], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 120_000,
      env,
    });
    if (run.error) return { kind: 'failed', reason: run.error.message };
    const stderr = normalizeRoot(run.stderr ?? '', treeDir);
    if (run.status === 0 && existsSync(outPath)) {
      return { kind: 'document', document: readFileSync(outPath, 'utf8'), stderr };
    }
    if (run.status === 2) {
      // The stop message is the last line; anything before it are warnings.
      const lines = stderr.replace(/\n$/, '').split('\n');
      const message = lines.pop() ?? '';
      return { kind: 'crash', message, stderr: lines.length > 0 ? lines.join('\n') + '\n' : '' };
    }
    return { kind: 'failed', reason: `exit ${run.status ?? run.signal}: ${telltaleLine(run.stderr ?? '')}` };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** 1-based number of the first line where the two texts differ, or null if equal. */
export function firstDifferingLine(expected: string, actual: string): number | null {
  if (expected === actual) return null;
  const a = expected.split('\n');
  const b = actual.split('\n');
  const shared = Math.min(a.length, b.length);
  for (let i = 0; i < shared; i++) if (a[i] !== b[i]) return i + 1;
  return shared + 1;
}

function clip(text: string | undefined): string {
  if (text === undefined) return '<end of file>';
  return JSON.stringify(text.length > 160 ? `${text.slice(0, 160)}…` : text);
}

interface Verdict {
  same: boolean;
  line: string;
  details: string[];
}

/**
 * The first reference stderr line (a `  Warning: Could not parse ...` line, root
 * shown as <ROOT>) that does not appear, in order, among our stderr lines; null
 * if all do. Extra lines of ours are allowed: the CLI may warn where the
 * reference stays silent.
 */
export function firstMissingWarning(reference: string, ours: string): string | null {
  const ourLines = ours.split('\n');
  let next = 0;
  for (const line of reference.split('\n')) {
    if (line === '') continue;
    while (next < ourLines.length && ourLines[next] !== line) next++;
    if (next >= ourLines.length) return line;
    next++;
  }
  return null;
}

/** Checks the reference's warnings once the outputs agree. */
function compareStderr(reference: string, ours: string, agreed: Verdict): Verdict {
  const missing = firstMissingWarning(reference, ours);
  if (missing === null) return agreed;
  // Our line for the same file, if any, shows how the message differs.
  const fileEnd = missing.indexOf(': ', '  Warning: Could not parse '.length);
  const filePrefix = fileEnd < 0 ? missing : missing.slice(0, fileEnd + 2);
  const similar = ours.split('\n').find((line) => line.startsWith(filePrefix));
  return {
    same: false,
    line: `DIFFERENT (${agreed.line}, but a reference warning is missing from our stderr)`,
    details: [
      `reference: ${clip(missing)}`,
      `ours:      ${similar === undefined ? '<none>' : clip(similar)}`,
    ],
  };
}

function compare(reference: ReferenceOutcome, ours: OursOutcome, options: { checkStderr: boolean }): Verdict {
  const verdict = compareOutputs(reference, ours);
  if (!verdict.same || !options.checkStderr || reference.kind === 'failed' || ours.kind === 'failed')
    return verdict;
  return compareStderr(reference.stderr, ours.stderr, verdict);
}

function compareOutputs(reference: ReferenceOutcome, ours: OursOutcome): Verdict {
  if (reference.kind === 'failed')
    return { same: false, line: `REFERENCE FAILED (${reference.reason})`, details: [] };
  if (ours.kind === 'failed')
    return { same: false, line: `DIFFERENT (our CLI failed: ${ours.reason})`, details: [] };
  if (reference.kind === 'crash' && ours.kind === 'crash') {
    return {
      same: true,
      line: 'both crash',
      details: [`reference: ${reference.crashLine}`, `ours:      ${ours.message}`],
    };
  }
  if (reference.kind === 'crash') {
    return {
      same: false,
      line: `DIFFERENT (reference crashes: ${reference.crashLine}; ours wrote a document)`,
      details: [],
    };
  }
  if (ours.kind === 'crash') {
    return {
      same: false,
      line: `DIFFERENT (ours stopped: ${ours.message}; reference wrote a document)`,
      details: [],
    };
  }
  const lineNo = firstDifferingLine(reference.document, ours.document);
  if (lineNo === null) return { same: true, line: 'identical', details: [] };
  const refLines = reference.document.split('\n');
  const ourLines = ours.document.split('\n');
  return {
    same: false,
    line: `DIFFERENT (first differing line ${lineNo})`,
    details: [`reference: ${clip(refLines[lineNo - 1])}`, `ours:      ${clip(ourLines[lineNo - 1])}`],
  };
}

/** The version of the generator a tree carries, as a summary label: `v8`, `no script`, ... */
export function treeVersionLabel(treeDir: string): string {
  const script = join(treeDir, OWN_SCRIPT);
  if (!existsSync(script)) return 'no script';
  const blob = gitBlobId(readFileSync(script));
  const known = versionOfBlob(blob);
  return known === null ? `unknown script (blob ${blob.slice(0, 9)})` : `v${known.number}`;
}

/** Version labels in summary order: v1, v2, ..., v15, then the others by name. */
export function compareVersionLabels(a: string, b: string): number {
  const number = (label: string) => (/^v\d+$/.test(label) ? Number(label.slice(1)) : Infinity);
  return number(a) - number(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * What a tree's own script produced, as recorded in `oracleDir` for the tree
 * named `name`: `<name>.exit`, `<name>.stderr`, and `<name>.md` when it wrote one.
 */
export function recordedOutcome(oracleDir: string, name: string): ReferenceOutcome {
  const exitPath = join(oracleDir, `${name}.exit`);
  if (!existsSync(exitPath)) return { kind: 'failed', reason: `no recorded run of ${name} in ${oracleDir}` };
  const exitCode = Number(readFileSync(exitPath, 'utf8').trim());
  const stderrPath = join(oracleDir, `${name}.stderr`);
  const stderr = existsSync(stderrPath) ? readFileSync(stderrPath, 'utf8') : '';
  const documentPath = join(oracleDir, `${name}.md`);
  if (exitCode === 0 && existsSync(documentPath)) {
    return { kind: 'document', document: readFileSync(documentPath, 'utf8'), stderr };
  }
  const { warnings, crashLine } = splitTraceback(stderr);
  if (crashLine !== null) return { kind: 'crash', crashLine, stderr: warnings, exitCode };
  return { kind: 'failed', reason: `recorded exit ${exitCode}: ${stderr.trim().split('\n').pop() ?? ''}` };
}

/** Runs the tree's own copy of the script on it. */
function runOwnScript(treeDir: string): ReferenceOutcome {
  const script = join(treeDir, OWN_SCRIPT);
  if (!existsSync(script)) return { kind: 'failed', reason: `the tree has no ${OWN_SCRIPT}` };
  return runReference({ referenceScript: script, treeDir });
}

/** Sorts tree dirs by the row of their name in the oracle's commits.tsv (oldest first); others last. */
function inCommitOrder(dirs: string[], oracleDir: string): string[] {
  const tsv = join(oracleDir, 'commits.tsv');
  if (!existsSync(tsv)) return dirs;
  const rows = readFileSync(tsv, 'utf8').split('\n');
  const rank = new Map(rows.map((row, index) => [row.split('\t')[0], index]));
  const rankOf = (dir: string) => rank.get(basename(dir)) ?? Infinity;
  return [...dirs].sort((a, b) => rankOf(a) - rankOf(b));
}

/** Takes `--flag VALUE` out of `args`; the value, or null when the flag is absent. */
function takeValueFlag(args: string[], flag: string): string | null {
  const at = args.indexOf(flag);
  if (at < 0) return null;
  const value = args[at + 1];
  args.splice(at, 2);
  return value === undefined ? null : value;
}

const USAGE = [
  'usage: npm run conformance -- [--reference PATH] [--all-fixtures] [--verbose] [--ignore-stderr] [--cli FILE] DIR...',
  '       npm run conformance -- --own-script [--oracle ORACLE_DIR] [--verbose] [--ignore-stderr] [--cli FILE] DIR...',
].join('\n');

function main(): number {
  const { reference, rest } = referenceFromArgs(process.argv.slice(2));
  const verbose = rest.includes('--verbose');
  const checkStderr = !rest.includes('--ignore-stderr');
  const cliArg = takeValueFlag(rest, '--cli');
  const cliPath = cliArg !== null ? resolve(cliArg) : defaultCliPath;
  const oracleArg = takeValueFlag(rest, '--oracle');
  const oracleDir = oracleArg !== null ? resolve(oracleArg) : null;
  const ownScript = rest.includes('--own-script') || oracleDir !== null;
  let dirs = rest
    .filter((arg) => !['--all-fixtures', '--verbose', '--ignore-stderr', '--own-script'].includes(arg))
    .map((dir) => resolve(dir));
  if (rest.includes('--all-fixtures')) {
    for (const name of readdirSync(fixtureTreesDir).sort()) dirs.push(join(fixtureTreesDir, name));
  }
  if (!ownScript && (reference === null || !existsSync(reference))) {
    const why =
      reference === null
        ? 'no reference script; pass --reference PATH or set VLLM_DOCS_REFERENCE'
        : `reference script ${reference} not found`;
    console.log(`conformance: skipped (${why})`);
    return 0;
  }
  if (oracleDir === null) {
    const pythonProblem = checkPython();
    if (pythonProblem !== null) {
      console.log(`conformance: skipped (${pythonProblem})`);
      return 0;
    }
  } else if (!existsSync(oracleDir)) {
    console.error(`conformance: oracle directory ${oracleDir} is missing`);
    return 2;
  }
  if (dirs.length === 0) {
    console.error(USAGE);
    return 2;
  }
  if (!existsSync(cliPath)) {
    console.error(`conformance: ${cliPath} is missing`);
    return 2;
  }
  if (oracleDir !== null) dirs = inCommitOrder(dirs, oracleDir);
  // Per version label (own-script mode) or one group '' : [identical, trees].
  const tally = new Map<string, [number, number]>();
  for (const dir of dirs) {
    const label = ownScript ? treeVersionLabel(dir) : '';
    const counts = tally.get(label) ?? [0, 0];
    tally.set(label, counts);
    counts[1]++;
    const shown = label === '' ? dir : `${dir} [${label}]`;
    if (!existsSync(dir)) {
      console.log(`${shown}: DIFFERENT (no such directory)`);
      continue;
    }
    const referenceOutcome = !ownScript
      ? runReference({ referenceScript: reference as string, treeDir: dir })
      : oracleDir !== null
        ? recordedOutcome(oracleDir, basename(dir))
        : runOwnScript(dir);
    // With a given reference, ours follows that script's version; in own-script mode, the tree's own.
    const env = ownScript ? process.env : envFollowing(reference as string);
    const verdict = compare(referenceOutcome, runOurs(cliPath, dir, env), { checkStderr });
    if (verdict.same) counts[0]++;
    console.log(`${shown}: ${verdict.line}`);
    if (!verdict.same || verbose) for (const detail of verdict.details) console.log(`    ${detail}`);
  }
  let identical = 0;
  for (const label of [...tally.keys()].sort(compareVersionLabels)) {
    const [same, total] = tally.get(label) as [number, number];
    identical += same;
    if (ownScript) console.log(`${label}: ${same} of ${total} identical`);
  }
  console.log(`${ownScript ? 'total: ' : ''}${identical} of ${dirs.length} identical`);
  return identical === dirs.length ? 0 : 1;
}

// Only when run as a script: the tests import the helpers above.
if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main();
}
