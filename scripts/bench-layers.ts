// npm run bench:layers -- --vllm DIR [--rounds N] [--edit FILE] [--layer NAME]...
//
// What each cache layer still gains with the others on: for each layer, a copy
// of the project's tracked files (node_modules linked) gets one small source
// patch that switches that layer off, is built, and `npm run bench` runs from
// it on DIR; so does an unpatched copy. Prints each scenario's median per
// copy and the gain (without the layer minus with it). Slow (a build and a
// benchmark per layer, about 30 s each); the copies go in a temporary folder
// that is removed at the end. No assertion: this is a measurement, recorded in
// docs/design/performance.md. A patch that no longer applies stops the script:
// update it with the code it switches off.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

interface Replacement {
  readonly file: string;
  readonly from: string;
  readonly to: string;
}

const RESULT_CACHE = 'src/cache/result-cache.ts';

/** Each layer and the replacements that switch it off (and nothing else). */
const LAYERS: Record<string, readonly Replacement[]> = {
  'result entry hit': [
    {
      file: RESULT_CACHE,
      from: 'if (lastRun !== null && replayMatches',
      to: 'if (lastRun === undefined && replayMatches',
    },
  ],
  stages: [
    { file: RESULT_CACHE, from: '        stages,\n        observeModules: stages,\n', to: '' },
    { file: RESULT_CACHE, from: '  stages.write(stagesFile, owner);\n', to: '' },
  ],
  'outlines and partial re-parse': [
    {
      file: RESULT_CACHE,
      from: 'OutlineBook.read(outlinesFile,',
      to: "OutlineBook.read('/nonexistent/outlines.json',",
    },
    {
      file: RESULT_CACHE,
      from: '  outlines.write(outlinesFile, owner, recording.contentHashes());\n',
      to: '',
    },
  ],
  'V8 code cache': [
    {
      file: 'src/launch/launcher.ts',
      from: 'const place = codeCachePlace(source, argv, process.env);',
      to: 'const place = null as CodeCachePlace | null;',
    },
  ],
};

function usage(message: string): never {
  console.error(
    `bench-layers: ${message}\nusage: npm run bench:layers -- --vllm DIR [--rounds N] [--edit FILE] [--layer NAME]...\nlayers: ${Object.keys(LAYERS).join(', ')}`,
  );
  process.exit(2);
}

const argv = process.argv.slice(2);
let vllm: string | null = null;
const benchArgs: string[] = [];
const layers: string[] = [];
for (let i = 0; i < argv.length; i++) {
  const arg = argv[i];
  const value = argv[i + 1];
  if (arg === '--vllm' && value !== undefined) vllm = path.resolve(argv[++i]);
  else if ((arg === '--rounds' || arg === '--edit') && value !== undefined) benchArgs.push(arg, argv[++i]);
  else if (arg === '--layer' && value !== undefined && value in LAYERS) layers.push(argv[++i]);
  else usage(`unexpected argument: ${arg}`);
}
if (vllm === null) usage('--vllm DIR is required');
const chosen = layers.length > 0 ? layers : Object.keys(LAYERS);

/** A copy of the project's tracked files with node_modules linked, patched and built. */
function preparedCopy(dir: string, replacements: readonly Replacement[]): void {
  const listed = spawnSync('git', ['ls-files', '-z'], { cwd: projectDir, encoding: 'utf8' });
  if (listed.status !== 0) usage('git ls-files failed in the project');
  for (const file of listed.stdout.split('\0').filter((f) => f !== '')) {
    const source = path.join(projectDir, file);
    if (!fs.existsSync(source)) continue;
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.copyFileSync(source, path.join(dir, file));
  }
  fs.symlinkSync(path.join(projectDir, 'node_modules'), path.join(dir, 'node_modules'));
  for (const { file, from, to } of replacements) {
    const full = path.join(dir, file);
    const text = fs.readFileSync(full, 'utf8');
    if (text.split(from).length !== 2)
      usage(`patch no longer applies once in ${file}: ${JSON.stringify(from)}`);
    fs.writeFileSync(full, text.replace(from, to));
  }
  const built = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: dir, encoding: 'utf8' });
  if (built.status !== 0) usage(`build failed in ${dir}:\n${built.stderr}`);
}

/** Runs `npm run bench` from a copy and returns the median (ms) of each of our scenarios. */
function medians(dir: string): Map<string, number> {
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'scripts/bench.ts', '--vllm', vllm as string, ...benchArgs],
    { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 24 },
  );
  if (run.status !== 0) usage(`bench failed in ${dir}:\n${run.stderr}`);
  const found = new Map<string, number>();
  for (const line of run.stdout.split('\n')) {
    const m = /^(ours, [^]*?|node -e 0)\s+median\s+([\d.]+) ms/.exec(line);
    if (m !== null) found.set(m[1].trim(), Number(m[2]));
  }
  return found;
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-layers-'));
try {
  const copies: Array<[string, readonly Replacement[]]> = [
    ['all layers on', []],
    ...chosen.map((name): [string, readonly Replacement[]] => [`without ${name}`, LAYERS[name]]),
  ];
  const results = new Map<string, Map<string, number>>();
  copies.forEach(([name, replacements], i) => {
    const dir = path.join(work, String(i));
    preparedCopy(dir, replacements);
    results.set(name, medians(dir));
    console.error(`bench-layers: ${name} done`);
  });
  const base = results.get('all layers on')!;
  const scenarios = [...base.keys()];
  console.log(`tree: ${vllm}; node ${process.version}; ${os.cpus().length} cores`);
  console.log(['copy'.padEnd(40), ...scenarios.map((s) => s.padStart(22))].join(''));
  for (const [name, found] of results) {
    const cells = scenarios.map((s) => {
      const value = found.get(s);
      if (value === undefined) return '?'.padStart(22);
      const gain = name === 'all layers on' ? '' : ` (${(value - base.get(s)!).toFixed(1)})`;
      return `${value.toFixed(1)}${gain}`.padStart(22);
    });
    console.log([name.padEnd(40), ...cells].join(''));
  }
  console.log(
    "medians in ms; in brackets, the layer's gain: the median without it minus the median with all on",
  );
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
