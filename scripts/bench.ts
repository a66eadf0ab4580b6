// npm run bench -- --vllm DIR [--reference PATH] [--rounds N] [--edit FILE] [--node PATH]
//
// Times, on the same tree in the same run, alternating after a warm-up, three
// ways our CLI (the bundled bin) runs:
//   - no cache (`--no-cache`: neither the result cache nor the code cache is
//     read or written, as on a fresh CI runner),
//   - one file edited, cache on (a copy of the tree where FILE, by default the
//     FlashAttention backend, gets one more comment line at its end before each
//     run: the usual pre-commit run), and the same file edited inside its Impl
//     class (a comment line there), which its backend's stage reads,
//   - unchanged, cache on (the same tree again);
// against `node -e 0` and the reference script (the tree's own
// tools/pre_commit/generate_attention_backend_docs.py unless --reference
// names one), run from a copy so nothing is written into the tree. Each
// command runs under a small python3 timer that reports wall time and the
// child's peak RSS (getrusage RUSAGE_CHILDREN). Every side runs with
// NODE_EXTRA_CA_CERTS unset: with it, Node 20 parses the certificates before
// any JavaScript runs (70-90 ms), which users rarely pay and which would hide
// our own cost. `--node PATH` runs our CLI and `node -e 0` with another Node
// binary. Prints medians, ratios and peak memory. No assertion: this is a
// measurement.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SCRIPT_IN_TREE = 'tools/pre_commit/generate_attention_backend_docs.py';

function usage(message: string): never {
  console.error(
    `bench: ${message}\nusage: npm run bench -- --vllm DIR [--reference PATH] [--rounds N] [--edit FILE] [--node PATH]`,
  );
  process.exit(2);
}

const argv = process.argv.slice(2);
let vllm: string | null = null;
let reference: string | null = null;
let rounds = 15;
let edited = 'vllm/v1/attention/backends/flash_attn.py';
let node = process.execPath;
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === '--vllm') vllm = argv[++i] ?? usage('--vllm needs a folder');
  else if (a === '--reference') reference = argv[++i] ?? usage('--reference needs a path');
  else if (a === '--rounds') rounds = Number(argv[++i]);
  else if (a === '--edit') edited = argv[++i] ?? usage('--edit needs a file inside the tree');
  else if (a === '--node') node = argv[++i] ?? usage('--node needs a path');
  else usage(`unknown argument ${a}`);
}
if (vllm === null) usage('--vllm DIR is required');
if (!Number.isInteger(rounds) || rounds < 1) usage('--rounds takes a whole number');
const tree = path.resolve(vllm);
if (!fs.existsSync(path.join(tree, 'vllm/v1/attention/backends/registry.py')))
  usage(`${tree} is not a vLLM tree`);
if (!fs.existsSync(path.join(tree, edited))) usage(`--edit ${edited}: no such file in the tree`);
if (reference === null && fs.existsSync(path.join(tree, SCRIPT_IN_TREE)))
  reference = path.join(tree, SCRIPT_IN_TREE);

const bin = path.join(projectDir, 'bin/vllm-attention-docs.js');
if (!fs.existsSync(path.join(projectDir, 'dist/cli.bundle.cjs'))) usage('run `npm run build` first');

const TIMER = `
import resource, subprocess, sys, time
t = time.perf_counter()
r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
wall = time.perf_counter() - t
print(wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode)
`;

interface Sample {
  wall: number;
  maxRssKb: number;
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'vad-bench-'));
// Every side: no extra certificates to parse, and a cache folder of the benchmark's own.
const env: NodeJS.ProcessEnv = { ...process.env, XDG_CACHE_HOME: path.join(work, 'cache') };
delete env.NODE_EXTRA_CA_CERTS;
delete env.VLLM_ATTENTION_DOCS_NO_CACHE;

function timeOnce(command: readonly string[]): Sample {
  const r = spawnSync('python3', ['-c', TIMER, ...command], { encoding: 'utf8', env });
  if (r.status !== 0) throw new Error(`timer failed: ${r.stderr}`);
  const [wall, rss, code] = r.stdout.trim().split(/\s+/).map(Number);
  if (code !== 0) throw new Error(`${command.join(' ')} exited ${code}`);
  return { wall, maxRssKb: rss };
}

// The edited scenario runs on a copy (its own script included), so the tree under test is never touched.
const editedTree = path.join(work, 'edited-tree');
for (const top of ['vllm', 'tools']) {
  if (fs.existsSync(path.join(tree, top)))
    fs.cpSync(path.join(tree, top), path.join(editedTree, top), { recursive: true });
}
let edits = 0;
/** A line inside the first class of the edited file whose name ends in Impl (what its backend's stage reads). */
function insideImplClass(text: string, line: string): string | null {
  const match = /^class \w*Impl\b[^\n]*\n/m.exec(text);
  if (match === null) return null;
  const at = match.index + match[0].length;
  return `${text.slice(0, at)}    ${line}\n${text.slice(at)}`;
}
const editedFile = path.join(editedTree, edited);
const withImpl = insideImplClass(fs.readFileSync(editedFile, 'utf8'), '# probe') !== null;
const UNCHANGED = 'ours, unchanged';
const EDITED = 'ours, 1 file edited';
const EDITED_IMPL = 'ours, edited in class';
const COLD = 'ours, no cache';
const NODE = 'node -e 0';
const REFERENCE = 'reference (python3)';
const commands: { name: string; argv: string[]; before?: () => void }[] = [
  // Inputs unchanged since the last run: the result cache (a fresh folder of its own) is filled by the warm-up.
  { name: UNCHANGED, argv: [node, bin, '--root', tree, '-o', path.join(work, 'ours.md')] },
  // One input changed since the last run: the result cache misses; what did not read the file is replayed.
  {
    name: EDITED,
    argv: [node, bin, '--root', editedTree, '-o', path.join(work, 'ours-edited.md')],
    before: () => fs.appendFileSync(editedFile, `# benchmark edit ${++edits}\n`),
  },
  // The same file edited inside its Impl class, which its backend's stage reads: that stage runs again.
  ...(withImpl
    ? [
        {
          name: EDITED_IMPL,
          argv: [node, bin, '--root', editedTree, '-o', path.join(work, 'ours-edited-impl.md')],
          before: () =>
            fs.writeFileSync(
              editedFile,
              insideImplClass(fs.readFileSync(editedFile, 'utf8'), `# benchmark edit ${++edits}`)!,
            ),
        },
      ]
    : []),
  // Every file read and parsed, every run; no code cache either.
  { name: COLD, argv: [node, bin, '--root', tree, '-o', path.join(work, 'ours-cold.md'), '--no-cache'] },
  { name: NODE, argv: [node, '-e', '0'] },
];
if (reference !== null) {
  // The reference finds its tree from its own location: give it a root whose
  // vllm/ is a link to the tree under test, and a copy of the script.
  const refRoot = path.join(work, 'ref-root');
  fs.mkdirSync(path.join(refRoot, 'tools/pre_commit'), { recursive: true });
  fs.symlinkSync(path.join(tree, 'vllm'), path.join(refRoot, 'vllm'));
  const script = path.join(refRoot, SCRIPT_IN_TREE);
  fs.copyFileSync(path.resolve(reference), script);
  commands.push({ name: REFERENCE, argv: ['python3', script, '-o', path.join(work, 'ref.md')] });
}

for (const c of commands) {
  // warm-up: page cache, and the caches' first fill
  c.before?.();
  timeOnce(c.argv);
}
const samples = new Map(commands.map((c) => [c.name, [] as Sample[]]));
for (let round = 0; round < rounds; round++) {
  for (const c of commands) {
    c.before?.();
    samples.get(c.name)!.push(timeOnce(c.argv));
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const ms = (s: number): string => `${(s * 1000).toFixed(1)} ms`;

const nodeVersion = spawnSync(node, ['--version'], { encoding: 'utf8', env }).stdout.trim();
console.log(`tree: ${tree}`);
if (reference !== null) console.log(`reference: ${reference}`);
console.log(
  `machine: ${os.cpus().length} cores, load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}; node ${nodeVersion}; ${rounds} rounds after 1 warm-up, alternating`,
);
console.log('every command ran with NODE_EXTRA_CA_CERTS unset');
const medians = new Map<string, number>();
for (const c of commands) {
  const xs = samples.get(c.name)!;
  const m = median(xs.map((x) => x.wall));
  medians.set(c.name, m);
  const rss = Math.max(...xs.map((x) => x.maxRssKb)) / 1024;
  console.log(
    `${c.name.padEnd(22)} median ${ms(m).padStart(9)}   min ${ms(Math.min(...xs.map((x) => x.wall))).padStart(9)}   peak RSS ${rss.toFixed(1)} MB`,
  );
}
const ratio = (a: number, b: number): string => `${(a / b).toFixed(2)}x`;
const nodeMedian = medians.get(NODE)!;
const inClass = medians.has(EDITED_IMPL)
  ? ` (inside its Impl class: ${ratio(medians.get(EDITED_IMPL)!, nodeMedian)})`
  : '';
console.log(
  `ours / node -e 0: unchanged ${ratio(medians.get(UNCHANGED)!, nodeMedian)}; 1 file edited ${ratio(medians.get(EDITED)!, nodeMedian)}${inClass}; no cache ${ratio(medians.get(COLD)!, nodeMedian)}`,
);
if (medians.has(REFERENCE)) {
  const ref = medians.get(REFERENCE)!;
  console.log(
    `reference / ours: unchanged ${ratio(ref, medians.get(UNCHANGED)!)}; 1 file edited ${ratio(ref, medians.get(EDITED)!)}; no cache ${ratio(ref, medians.get(COLD)!)}`,
  );
  // A comment line changes no fact, so the edited copy's document is the same too.
  const expected = fs.readFileSync(path.join(work, 'ref.md'), 'utf8');
  const same = [
    'ours.md',
    'ours-edited.md',
    'ours-cold.md',
    ...(withImpl ? ['ours-edited-impl.md'] : []),
  ].every((name) => fs.readFileSync(path.join(work, name), 'utf8') === expected);
  console.log(`documents identical: ${same ? 'yes' : 'NO'}`);
}
fs.rmSync(work, { recursive: true, force: true });

if (node === process.execPath) {
  // In-process, warm: what a library user pays per call once the module is loaded.
  const lib = (await import(path.join(projectDir, 'dist/index.js'))) as typeof import('../src/index.js');
  for (let i = 0; i < 5; i++) lib.renderMarkdown(lib.analyze(tree));
  const warm: number[] = [];
  for (let i = 0; i < 30; i++) {
    const t = process.hrtime.bigint();
    lib.renderMarkdown(lib.analyze(tree));
    warm.push(Number(process.hrtime.bigint() - t) / 1e9);
  }
  console.log(
    `in-process analyze + renderMarkdown (warm, 30 runs): median ${ms(median(warm))}, min ${ms(Math.min(...warm))}`,
  );
}
