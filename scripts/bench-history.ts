// npm run bench:history -- [--mirror GIT_DIR] [--since DATE] [--until DATE] [--baseline] [--limit N]
//
// The history over a real repository: every commit that touched an input of
// the analysis from --since (00:00 UTC) to --until (23:59:59 UTC), default
// 2026-01-28 to 2026-05-29 in the public vLLM mirror.
//
// 1. `vllm-attention-docs history --format json` (bin/, the bundled CLI), as a
//    user runs it: one process, under a small python3 timer (wall time, peak
//    RSS). The walk reads every commit through git and follows the generator
//    version of each commit's own script.
// 2. walkHistory (the library build, dist/) in a child of its own, which also
//    renders every commit's document for the comparison below; its own time
//    and peak RSS are printed too.
// 3. With --baseline, the alternative on the same commits: check each one's
//    vllm/ and tools/ out into a work tree of the benchmark's own, commit to
//    commit as `git checkout` would (only changed files written: `git
//    read-tree -m -u` between trees of just those two folders, made by `git
//    mktree` in an object folder of its own; the mirror lacks some large blobs
//    elsewhere, and is never written to), and run that commit's own
//    generate_attention_backend_docs.py with python3, each run under the
//    timer; it also counts how many of our documents equal the script's.
//
// The ratio is (checking out + running the scripts) / the history command's
// wall time. --limit N keeps the N oldest commits (a quick check of the
// script). No assertion: this is a measurement, and on a shared machine only a
// rough one.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SCRIPT = 'tools/pre_commit/generate_attention_backend_docs.py';

function usage(message: string): never {
  console.error(
    `bench-history: ${message}\nusage: npm run bench:history -- [--mirror GIT_DIR] [--since DATE] [--until DATE] [--baseline] [--limit N]`,
  );
  process.exit(2);
}

const argv = process.argv.slice(2);
let mirror = '/work/.mirror/1CatAI+1Cat-vLLM/repo';
let since = '2026-01-28';
let until = '2026-05-29';
let baseline = false;
let limit: number | null = null;
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === '--mirror') mirror = argv[++i] ?? usage('--mirror needs a git directory');
  else if (a === '--since') since = argv[++i] ?? usage('--since needs a date');
  else if (a === '--until') until = argv[++i] ?? usage('--until needs a date');
  else if (a === '--baseline') baseline = true;
  else if (a === '--limit') limit = Number(argv[++i]);
  else usage(`unknown argument ${a}`);
}
if (!/^\d{4}-\d{2}-\d{2}$/.test(since) || !/^\d{4}-\d{2}-\d{2}$/.test(until)) usage('dates are YYYY-MM-DD');
if (limit !== null && (!Number.isInteger(limit) || limit < 1)) usage('--limit takes a whole number');
const libraryEntry = path.join(projectDir, 'dist/index.js');
const cliEntry = path.join(projectDir, 'bin/vllm-attention-docs.js');
if (!fs.existsSync(libraryEntry) || !fs.existsSync(path.join(projectDir, 'dist/cli.bundle.cjs')))
  usage('run `npm run build` first (the benchmark runs the built CLI and library)');

/** Runs a command under python3, which reports its wall time and peak RSS; its stdout goes to TIMER_STDOUT if set. */
const TIMER = `
import os, resource, subprocess, sys, time
out = open(os.environ['TIMER_STDOUT'], 'wb') if 'TIMER_STDOUT' in os.environ else subprocess.DEVNULL
t = time.perf_counter()
r = subprocess.run(sys.argv[1:], stdout=out, stderr=subprocess.DEVNULL)
print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode)
`;

function timed(
  command: readonly string[],
  options: { cwd?: string; stdoutFile?: string } = {},
): { wallMs: number; maxRssKb: number; code: number } {
  const env = {
    ...process.env,
    ...(options.stdoutFile === undefined ? {} : { TIMER_STDOUT: options.stdoutFile }),
  };
  const r = spawnSync('python3', ['-c', TIMER, ...command], { encoding: 'utf8', cwd: options.cwd, env });
  if (r.status !== 0) throw new Error(`timer failed: ${r.stderr}`);
  const [wall, rss, code] = r.stdout.trim().split(/\s+/).map(Number);
  return { wallMs: wall * 1000, maxRssKb: rss, code };
}

function git(args: readonly string[]): string {
  const r = spawnSync('git', ['--git-dir', mirror, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

const untilCommit = git(['rev-list', '-1', '--first-parent', `--until=${until}T23:59:59Z`, 'HEAD']).trim();
if (untilCommit === '') usage(`no commit before ${until}`);

// The walk, in a child of its own so that its peak RSS is its own.
const WALK = `
import { walkHistory, renderMarkdown } from ${JSON.stringify(libraryEntry)};
const [root, since, until, documentsDir] = process.argv.slice(1);
const started = performance.now();
const history = walkHistory(root, { since: { date: since }, until });
const wallMs = performance.now() - started;
const maxRssKb = process.resourceUsage().maxRSS;
const steps = [history.base, ...history.entries.slice().reverse()].filter((e) => e !== null);
for (const step of steps)
  if (step.outcome.kind === 'matrix')
    require('node:fs').writeFileSync(documentsDir + '/' + step.commit + '.md', renderMarkdown(step.outcome.matrix));
console.log(JSON.stringify({
  wallMs, maxRssKb, stats: history.stats, paths: history.paths.length,
  steps: steps.map((s) => ({ commit: s.commit, date: s.date, subject: s.subject, kind: s.outcome.kind })),
}));
`;

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'vad-bench-history-'));
try {
  const ours = path.join(work, 'ours');
  fs.mkdirSync(ours);
  const historyJson = path.join(work, 'history.json');
  const command = timed(
    [
      process.execPath,
      cliEntry,
      'history',
      '--root',
      mirror,
      '--since',
      since,
      '--until',
      untilCommit,
      '--format',
      'json',
    ],
    { stdoutFile: historyJson },
  );
  if (command.code !== 0) throw new Error(`history exited ${command.code}`);
  const entries = (JSON.parse(fs.readFileSync(historyJson, 'utf8')) as { entries: unknown[] }).entries.length;
  const walkStarted = performance.now();
  const child = spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);${WALK}`,
      '--',
      mirror,
      since,
      untilCommit,
      ours,
    ],
    { encoding: 'utf8', maxBuffer: 1 << 30 },
  );
  const walkProcessMs = performance.now() - walkStarted;
  if (child.status !== 0) throw new Error(`walk failed: ${child.stderr}`);
  const walk = JSON.parse(child.stdout) as {
    wallMs: number;
    maxRssKb: number;
    paths: number;
    stats: Record<string, number>;
    steps: { commit: string; date: string; subject: string; kind: string }[];
  };
  const steps = limit === null ? walk.steps : walk.steps.slice(0, limit);
  console.log(`range: ${since} 00:00 UTC .. ${until} 23:59:59 UTC, until ${untilCommit.slice(0, 12)}`);
  console.log(
    `walk: ${walk.steps.length - 1} commits touched the ${walk.paths} input paths (+ the state before them: ${walk.steps.length} trees analysed)`,
  );
  console.log(
    `  ${(walk.wallMs / 1000).toFixed(2)} s in walkHistory, ${(walkProcessMs / 1000).toFixed(2)} s for the whole process, peak RSS ${(walk.maxRssKb / 1024).toFixed(0)} MB`,
  );
  console.log(`  ${JSON.stringify(walk.stats)}`);
  console.log(
    `history command: ${(command.wallMs / 1000).toFixed(2)} s, peak RSS ${(command.maxRssKb / 1024).toFixed(0)} MB (${entries} commits changed the matrix)`,
  );
  if (baseline) runBaseline(steps, command.wallMs, work, ours);
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}

function runBaseline(
  steps: readonly { commit: string }[],
  historyMs: number,
  work: string,
  ours: string,
): void {
  // The baseline: check each commit out and run its own script.
  const tree = path.join(work, 'checkout');
  const theirs = path.join(work, 'theirs');
  fs.mkdirSync(tree);
  fs.mkdirSync(theirs);
  fs.mkdirSync(path.join(work, 'objects'));
  const checkoutEnv: NodeJS.ProcessEnv = {
    ...process.env,
    GIT_DIR: mirror,
    GIT_OBJECT_DIRECTORY: path.join(work, 'objects'),
    GIT_ALTERNATE_OBJECT_DIRECTORIES: path.join(mirror, 'objects'),
    GIT_INDEX_FILE: path.join(work, 'index'),
    GIT_WORK_TREE: tree,
  };
  const checkoutGit = (args: readonly string[], input?: string): string => {
    const r = spawnSync('git', args, { encoding: 'utf8', env: checkoutEnv, input, maxBuffer: 1 << 30 });
    if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
    return r.stdout.trim();
  };
  /** A tree of just the commit's vllm/ and tools/ (all the script reads). */
  const scriptInputs = (commit: string): string =>
    checkoutGit(
      ['mktree'],
      ['vllm', 'tools']
        .map((folder) => `040000 tree ${checkoutGit(['rev-parse', `${commit}:${folder}`])}\t${folder}\n`)
        .join(''),
    );
  let checkedOut: string | null = null;
  let checkoutMs = 0;
  let scriptMs = 0;
  let peakKb = 0;
  let ran = 0;
  let noScript = 0;
  let crashed = 0;
  let equal = 0;
  const started = performance.now();
  for (const step of steps) {
    const t = performance.now();
    const next = scriptInputs(step.commit);
    if (checkedOut === null) checkoutGit(['read-tree', '--reset', '-u', next]);
    else checkoutGit(['read-tree', '-m', '-u', checkedOut, next]);
    checkedOut = next;
    checkoutMs += performance.now() - t;
    if (!fs.existsSync(path.join(tree, SCRIPT))) {
      noScript++;
      continue;
    }
    const output = path.join(theirs, `${step.commit}.md`);
    const run = timed(['python3', path.join(tree, SCRIPT), '--output', output], { cwd: tree });
    const code = run.code;
    scriptMs += run.wallMs;
    peakKb = Math.max(peakKb, run.maxRssKb);
    ran++;
    if (code !== 0) {
      crashed++;
      continue;
    }
    const ourFile = path.join(ours, `${step.commit}.md`);
    if (fs.existsSync(ourFile) && fs.readFileSync(ourFile, 'utf8') === fs.readFileSync(output, 'utf8'))
      equal++;
  }
  const baselineMs = performance.now() - started;
  console.log(
    `baseline: ${steps.length} commits checked out (${(checkoutMs / 1000).toFixed(2)} s), the script run on ${ran} (${(scriptMs / 1000).toFixed(2)} s; ${noScript} had none, ${crashed} crashed)`,
  );
  console.log(
    `  ${((checkoutMs + scriptMs) / 1000).toFixed(2)} s checking out and running (${(baselineMs / 1000).toFixed(2)} s with the timers' own start-up), peak RSS of a script run ${(peakKb / 1024).toFixed(0)} MB`,
  );
  if (limit === null)
    console.log(
      `ratio: checking out and running takes ${((checkoutMs + scriptMs) / historyMs).toFixed(1)}x the history command`,
    );
  else console.log('ratio: not given with --limit (the history covered every commit)');
  console.log(`documents equal to the script's: ${equal} of ${ran - crashed}`);
}
