// Checks what an HTML page carries for its explain panel against the tree
// itself: for random setups, explain on the page's embedded files (recorded
// over the sweep, comments and docstring texts stripped) must give exactly
// what explain on the whole tree gives, or say that a file is not embedded.
// Prints "N of M identical, K not embedded, D different" per tree.
//
// Usage: node --import tsx scripts/check-page-sources.ts [--count N] [--seed S] DIR...

import { analyze } from '../src/analyze.js';
import { explainRecord } from '../src/page/embed.js';
import { EmbeddedTree } from '../src/page/embedded-tree.js';
import {
  ATTN_TYPES,
  DEFAULT_INPUTS,
  gpuChoices,
  KERNELS,
  runExplain,
  type ExplainInputs,
} from '../src/page/engine.js';
import { commaPieces } from '../src/facts.js';
import { DiskTree } from '../src/tree/disk-tree.js';

const args = process.argv.slice(2);
let count = 40;
let seed = 1;
const roots: string[] = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--count') count = Number(args[++i]);
  else if (args[i] === '--seed') seed = Number(args[++i]);
  else roots.push(args[i]);
}
if (roots.length === 0 || !Number.isInteger(count) || count < 1) {
  console.error('usage: check-page-sources.ts [--count N] [--seed S] DIR...');
  process.exit(2);
}

/** mulberry32: a small seeded generator, so that a run can be repeated. */
function random(state: number): () => number {
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let failed = false;
for (const root of roots) {
  const tree = new DiskTree(root);
  const matrix = analyze(tree);
  const p = matrix.priorities;
  const backends = [
    ...new Set([
      ...(p.standardSm100 ?? []),
      ...(p.standardDefault ?? []),
      ...(p.mlaSm100 ?? []),
      ...(p.mlaDefault ?? []),
    ]),
  ];
  const kvCacheDtypes = ['auto', ...new Set(matrix.backends.flatMap((b) => commaPieces(b.kvCacheDtypes)))];
  let start = performance.now();
  const record = explainRecord(tree, { backends });
  const sweepMs = performance.now() - start;
  const embedded = new EmbeddedTree(record);
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const gpus = gpuChoices().flatMap((g) => [g.value, g.capability]);
  let identical = 0;
  let notEmbedded = 0;
  const different: string[] = [];
  start = performance.now();
  for (let i = 0; i < count; i++) {
    const useMla = next() < 0.4;
    const inputs: ExplainInputs = {
      ...DEFAULT_INPUTS,
      gpu: pick(gpus),
      headSize: useMla ? pick([576, 576, 512]) : pick([64, 80, 96, 128, 128, 192, 256, 7]),
      dtype: pick(['bfloat16', 'bfloat16', 'float16', 'float32']),
      kvCacheDtype: next() < 0.5 ? 'auto' : pick(kvCacheDtypes),
      blockSize: next() < 0.5 ? null : pick([16, 32, 64, 128, 256, 8]),
      numHeads: next() < 0.7 ? null : pick([8, 16, 64, 128]),
      useMla,
      useSparse: useMla && next() < 0.3,
      hasSink: next() < 0.15,
      useMmPrefix: next() < 0.15,
      usePerHeadQuantScales: next() < 0.1,
      nonCausal: next() < 0.1,
      attnType: next() < 0.8 ? 'decoder' : pick(ATTN_TYPES),
      attentionBackend: next() < 0.85 ? null : pick(backends),
      kernels: next() < 0.8 ? DEFAULT_INPUTS.kernels : KERNELS.filter(() => next() < 0.5),
    };
    const fromPage = runExplain(embedded, inputs);
    if (fromPage.kind === 'not-embedded') {
      notEmbedded++;
      console.log(`  not embedded: ${fromPage.path} for ${JSON.stringify(inputs)}`);
      continue;
    }
    const fromTree = runExplain(tree, inputs);
    if (JSON.stringify(fromPage) === JSON.stringify(fromTree)) identical++;
    else different.push(JSON.stringify(inputs));
  }
  const files = record.files.size;
  const bytes = [...record.files.values()].reduce((n, b) => n + b.length, 0);
  console.log(
    `${root}: ${identical} of ${count} identical, ${notEmbedded} not embedded, ${different.length} different ` +
      `(sweep ${(sweepMs / 1000).toFixed(1)} s, ${files} files, ${bytes} bytes after stripping; ` +
      `checks ${((performance.now() - start) / 1000).toFixed(1)} s)`,
  );
  for (const d of different.slice(0, 5)) console.log(`  different: ${d}`);
  if (different.length > 0) failed = true;
}
process.exitCode = failed ? 1 : 0;
