// npm run bench:profile -- --vllm DIR [--runs N] [--scenario cold|edited|unchanged] [--node PATH]
//
// Where the time of one CLI run goes, from inside the process: the bundled CLI
// runs N times under `node --cpu-prof`, and each sample is put in a category
// by the innermost frame that belongs to the bundle (esbuild marks each source
// module with a `// src/...` comment) or, for samples outside it, by what V8
// or Node was doing. Prints the median per category over the runs (ms of
// samples), so that the share of each part can be compared across changes.
// Node's own start before the profiler begins is not in the profile: compare
// with `node -e 0` (npm run bench). NODE_EXTRA_CA_CERTS is unset for the runs.
// No assertion: this is a measurement.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bundle = path.join(projectDir, 'dist/cli.bundle.cjs');

function usage(message: string): never {
  console.error(
    `profile: ${message}\nusage: npm run bench:profile -- --vllm DIR [--runs N] [--scenario cold|edited|unchanged] [--node PATH]`,
  );
  process.exit(2);
}

const argv = process.argv.slice(2);
let vllm: string | null = null;
let runs = 9;
let scenario = 'cold';
let node = process.execPath;
const edited = 'vllm/v1/attention/backends/flash_attn.py';
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === '--vllm') vllm = argv[++i] ?? usage('--vllm needs a folder');
  else if (a === '--runs') runs = Number(argv[++i]);
  else if (a === '--scenario') scenario = argv[++i] ?? usage('--scenario needs a name');
  else if (a === '--node') node = argv[++i] ?? usage('--node needs a path');
  else usage(`unknown argument ${a}`);
}
if (vllm === null) usage('--vllm DIR is required');
if (!['cold', 'edited', 'unchanged'].includes(scenario)) usage(`unknown scenario ${scenario}`);
if (!Number.isInteger(runs) || runs < 1) usage('--runs takes a whole number');
if (!fs.existsSync(bundle)) usage('run `npm run build` first');

/** Which category each source module's code falls in. */
function categoryOfModule(module: string): string {
  if (/^src\/python\/(tokenizer|unicode-identifiers|unicode-data|token)\.ts$/.test(module)) return 'tokenize';
  if (/^src\/python\/(parser\/|parse\.ts|literals\.ts|ast\.ts|unicode-names\.ts)/.test(module))
    return 'parse';
  if (/^src\/python\/outline\.ts$/.test(module)) return 'parse';
  if (/^src\/(tree\/|files\/regular-file|python\/source\.ts|find-tree)/.test(module)) return 'read';
  if (/^src\/(output-file|files\/temp-files)/.test(module)) return 'write';
  if (/^src\/render\//.test(module)) return 'render';
  if (/^src\/(cache\/|shape\.ts|analysis-shapes\.ts)/.test(module)) return 'cache';
  if (/^src\/node-builtins\.ts$/.test(module)) return 'builtins';
  if (/^src\/(extract\/|analyze|matrix|versions\/|python\/)/.test(module)) return 'extract';
  return 'cli';
}

/** Line ranges of the bundle: [first line (0-based), module] in order. */
function moduleRanges(): { line: number; module: string }[] {
  const lines = fs.readFileSync(bundle, 'utf8').split('\n');
  const ranges: { line: number; module: string }[] = [{ line: 0, module: 'bundle-prologue' }];
  lines.forEach((text, line) => {
    const match = /^\/\/ (src\/\S+\.ts)$/.exec(text);
    if (match !== null) ranges.push({ line, module: match[1] });
  });
  return ranges;
}

const ranges = moduleRanges();
function moduleAt(line: number): string {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ranges[mid].line <= line) lo = mid;
    else hi = mid - 1;
  }
  return ranges[lo].module;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Milliseconds of samples per category in one profile. */
function categorize(profile: Profile): Map<string, number> {
  const parent = new Map<number, number>();
  const byId = new Map<number, ProfileNode>();
  for (const n of profile.nodes) {
    byId.set(n.id, n);
    for (const c of n.children ?? []) parent.set(c, n.id);
  }
  const categoryCache = new Map<number, string>();
  const categoryOf = (id: number): string => {
    const cached = categoryCache.get(id);
    if (cached !== undefined) return cached;
    const frame = byId.get(id)!.callFrame;
    let category: string;
    if (frame.functionName === '(garbage collector)') category = 'gc';
    else if (frame.functionName === '(program)' || frame.functionName === '(idle)') category = 'vm';
    else if (frame.url.endsWith('cli.bundle.cjs')) category = categoryOfModule(moduleAt(frame.lineNumber));
    else {
      const up = parent.get(id);
      const above = up === undefined ? 'node' : categoryOf(up);
      // Compiling the bundle's top level (wrapSafe) and Node's own loading, outside our code.
      category = above === 'vm' || above === 'node' || above === '(root)' ? nodeCategory(frame) : above;
    }
    categoryCache.set(id, category);
    return category;
  };
  const totals = new Map<string, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const category = categoryOf(profile.samples[i]);
    totals.set(category, (totals.get(category) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  }
  return totals;
}

function nodeCategory(frame: ProfileNode['callFrame']): string {
  if (frame.functionName === '(root)') return '(root)';
  if (/^(wrapSafe|compileFunction|Script)$/.test(frame.functionName)) return 'compile';
  return 'node';
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'vad-profile-'));
const env: NodeJS.ProcessEnv = { ...process.env, XDG_CACHE_HOME: path.join(work, 'cache') };
delete env.NODE_EXTRA_CA_CERTS;
const tree = path.resolve(vllm);
let root = tree;
if (scenario === 'edited') {
  root = path.join(work, 'tree');
  fs.cpSync(path.join(tree, 'vllm'), path.join(root, 'vllm'), { recursive: true });
  fs.cpSync(path.join(tree, 'tools'), path.join(root, 'tools'), { recursive: true });
}
const cli = [
  path.join(projectDir, 'bin/vllm-attention-docs.js'),
  '--root',
  root,
  '-o',
  path.join(work, 'out.md'),
];
if (scenario === 'cold') cli.push('--no-cache');
const run = (profileDir: string | null): void => {
  if (scenario === 'edited') fs.appendFileSync(path.join(root, edited), '# edit\n');
  const flags = profileDir === null ? [] : ['--cpu-prof', `--cpu-prof-dir=${profileDir}`];
  const r = spawnSync(node, [...flags, ...cli], { env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`run failed: ${r.stderr}`);
};
run(null); // fills the caches (and the code cache) for the cached scenarios
const perRun: Map<string, number>[] = [];
for (let i = 0; i < runs; i++) {
  const dir = path.join(work, `profile-${i}`);
  run(dir);
  const file = fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile'))!;
  perRun.push(categorize(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as Profile));
}
fs.rmSync(work, { recursive: true, force: true });

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const ORDER = [
  'node',
  'compile',
  'cli',
  'builtins',
  'read',
  'tokenize',
  'parse',
  'gc',
  'extract',
  'cache',
  'render',
  'write',
  'vm',
];
const LABELS: Record<string, string> = {
  node: 'Node internals (module loading, fs bindings outside our code)',
  compile: 'compile the bundle (or load its code cache)',
  cli: 'command line, bundle top level',
  builtins: "load Node's crypto and v8 modules (hashes, JIT flags)",
  read: 'read and decode files',
  tokenize: 'tokenize',
  parse: 'parse (rules, literals, AST)',
  gc: 'garbage collection',
  extract: 'extract facts, build the matrix',
  cache: 'cache files: read, check, replay, write',
  render: 'render',
  write: 'write the document',
  vm: 'V8 outside JavaScript (lazy compiles, (program))',
};
console.log(
  `tree: ${tree}; scenario: ${scenario}; node ${spawnSync(node, ['--version']).stdout.toString().trim()}`,
);
console.log(`median over ${runs} profiled runs (ms of samples; the profiler itself adds some)`);
let total = 0;
for (const key of ORDER) {
  const m = median(perRun.map((r) => r.get(key) ?? 0));
  total += m;
  console.log(`${LABELS[key].padEnd(62)} ${m.toFixed(1).padStart(7)}`);
}
console.log(`${'sum of medians'.padEnd(62)} ${total.toFixed(1).padStart(7)}`);
