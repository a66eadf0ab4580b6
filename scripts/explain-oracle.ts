// Compares `explain` with vLLM's own selection code, run by python3 from the
// same tree in the same world (scripts/explain_oracle_driver.py), on random
// setups. Not part of `npm test` (it needs python3 and real vLLM trees).
//
//   npm run explain-oracle -- [--count N] [--seed S] [--python python3] [--verbose] TREE...
//
// For each tree it prints "N of M identical" and every difference: the setup
// and both answers (priorities, each backend's validity and reasons, the pick,
// vLLM's error text, the --block-size warning and the AttentionSelectorConfig).

import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { explain, type ExplainJson, type ExplainSetup } from '../src/explain/explain.js';
import { GPU_TABLE } from '../src/explain/gpus.js';
import {
  PYNVML,
  REQUESTS,
  TORCH_CUDA,
  TORCH_INIT,
  TORCH_VERSION,
  VLLM_FLASH_ATTN_INIT,
  VLLM_FLASH_ATTN_INTERFACE,
} from '../src/explain/world-sources.js';
import {
  BUILT_VLLM_MODULES,
  CUDA_VERSION,
  INSTALLED_PACKAGES,
  KERNELS,
  TORCH_VERSION_TEXT,
  type Kernel,
} from '../src/explain/world.js';
import { DiskTree } from '../src/tree/disk-tree.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const DRIVER = join(HERE, 'explain_oracle_driver.py');

interface Options {
  count: number;
  seed: number;
  python: string;
  verbose: boolean;
  jobs: number;
  trees: string[];
}

function parseOptions(argv: string[]): Options {
  const o: Options = { count: 50, seed: 1, python: 'python3', verbose: false, jobs: 2, trees: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--count') o.count = Number(argv[++i]);
    else if (a === '--seed') o.seed = Number(argv[++i]);
    else if (a === '--python') o.python = argv[++i];
    else if (a === '--jobs') o.jobs = Number(argv[++i]);
    else if (a === '--verbose') o.verbose = true;
    else o.trees.push(resolve(a));
  }
  if (o.trees.length === 0) {
    console.error(
      'usage: explain-oracle [--count N] [--seed S] [--python PY] [--jobs J] [--verbose] TREE...',
    );
    process.exit(2);
  }
  return o;
}

/** A small deterministic PRNG (mulberry32), so a run can be repeated with --seed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BACKENDS = [
  'FLASH_ATTN',
  'FLASHINFER',
  'TRITON_ATTN',
  'FLEX_ATTENTION',
  'TURBOQUANT',
  'FLASH_ATTN_MLA',
  'FLASHMLA',
  'FLASHINFER_MLA',
  'CUTLASS_MLA',
  'TRITON_MLA',
  'FLASHMLA_SPARSE',
  'FLASHINFER_MLA_SPARSE',
  'FLASH_ATTN_DIFFKV',
  'TREE_ATTN',
];

function randomSetup(next: () => number): ExplainSetup {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const chance = (p: number): boolean => next() < p;
  const [, name, major, minor] = pick(GPU_TABLE);
  const mla = chance(0.35);
  const sparse = mla && chance(0.35);
  const env: Record<string, string> = {};
  if (chance(0.1)) env.VLLM_BATCH_INVARIANT = '1';
  if (chance(0.1)) env.VLLM_SM70_FLASH_ATTN_V100 = '1';
  const model =
    mla && chance(0.4)
      ? {
          model_type: 'deepseek_v3',
          kv_lora_rank: 512,
          qk_rope_head_dim: 64,
          qk_nope_head_dim: pick([64, 128, 192]),
          num_attention_heads: 128,
          ...(sparse ? { index_topk: 2048 } : {}),
        }
      : undefined;
  return {
    gpu: { name, major, minor },
    headSize: mla ? pick([576, 576, 320, 128]) : pick([32, 64, 80, 96, 128, 128, 192, 256, 320, 512]),
    dtype: pick(['bfloat16', 'bfloat16', 'float16', 'float32']),
    kvCacheDtype: pick([
      'auto',
      'auto',
      'auto',
      'fp8',
      'fp8_e4m3',
      'fp8_e5m2',
      'bfloat16',
      'fp8_ds_mla',
      'int8_per_token_head',
      'turboquant_k8v4',
      'nvfp4',
    ]),
    blockSize: chance(0.6) ? null : pick([16, 32, 64, 128, 48]),
    useMla: mla,
    useSparse: sparse,
    hasSink: chance(0.15),
    useMmPrefix: chance(0.1),
    usePerHeadQuantScales: chance(0.1),
    attnType: chance(0.8) ? 'decoder' : pick(['encoder', 'encoder_only', 'encoder_decoder']),
    nonCausal: chance(0.1),
    numHeads: mla ? pick([8, 16, 32, 128]) : null,
    attentionBackend: chance(0.15) ? pick(BACKENDS) : null,
    kernels: KERNELS.filter(() => chance(0.8)) as Kernel[],
    env,
    model,
    fixes: false,
  };
}

/** The fields both sides answer, in a comparable shape. */
function comparable(r: Record<string, unknown>): string {
  const backends = (r.backends as Record<string, unknown>[]).map((b) => ({
    name: b.name,
    priority: b.priority,
    valid: b.valid,
    reasons: b.reasons,
    explicit: b.explicit === true,
  }));
  return JSON.stringify(
    {
      priorities: r.priorities,
      backends,
      chosen: r.chosen,
      error: r.error,
      blockSizeWarning: r.blockSizeWarning,
      selectorConfig: r.selectorConfig,
    },
    null,
    1,
  );
}

function worldFiles(dir: string, setup: ExplainSetup): void {
  const files: Record<string, string> = {
    'torch/__init__.py': TORCH_INIT,
    'torch/cuda.py': TORCH_CUDA,
    'torch/version.py': TORCH_VERSION,
    'pynvml.py': PYNVML,
    'requests/__init__.py': REQUESTS,
    'vllm_flash_attn/__init__.py': VLLM_FLASH_ATTN_INIT,
    'vllm_flash_attn/flash_attn_interface.py': VLLM_FLASH_ATTN_INTERFACE,
    '_explain_world.py': explainWorldModule(setup),
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

/** The oracle's _explain_world: the same facts, and a permissive stand-in that records its uses during selection. */
function explainWorldModule(setup: ExplainSetup): string {
  return `
DEVICE_CAPABILITY = (${setup.gpu.major}, ${setup.gpu.minor})
DEVICE_NAME = ${JSON.stringify(setup.gpu.name)}
CUDA_VERSION = ${JSON.stringify(CUDA_VERSION)}
TORCH_VERSION = ${JSON.stringify(TORCH_VERSION_TEXT)}
SELECTING = False
USED = []


import sys as _sys


def _importing():
    # Module-level code of a module being imported (not the driver's own).
    f = _sys._getframe(2)
    while f is not None:
        if f.f_code.co_name == "<module>" and not f.f_code.co_filename.endswith("explain_oracle_driver.py"):
            return True
        f = f.f_back
    return False


def _use(o, how):
    if SELECTING and not _importing():
        USED.append(how + " " + object.__getattribute__(o, "_name"))


class _Opaque:
    def __init__(self, name):
        object.__setattr__(self, "_name", name)

    def __getattr__(self, attr):
        if attr.startswith("__") and attr.endswith("__"):
            raise AttributeError(attr)
        return _Opaque(self._name + "." + attr)

    def __setattr__(self, k, v):
        pass

    def __call__(self, *args, **kwargs):
        if len(args) == 1 and not kwargs and callable(args[0]) and not isinstance(args[0], _Opaque):
            return args[0]
        _use(self, "call")
        return _Opaque(self._name + "()")

    def __mro_entries__(self, bases):
        return (type(self._name.rsplit(".", 1)[-1] or "Opaque", (), {}),)

    def __getitem__(self, key):
        return _Opaque(self._name + "[]")

    def __iter__(self):
        _use(self, "iter")
        return iter(())

    def __len__(self):
        _use(self, "len")
        return 0

    def __bool__(self):
        _use(self, "bool")
        return True

    def __eq__(self, other):
        _use(self, "eq")
        return self is other or isinstance(other, _Opaque)

    def __hash__(self):
        return id(self)

    def __lt__(self, other):
        _use(self, "compare")
        return False

    __le__ = __gt__ = __ge__ = __lt__

    def __or__(self, other):
        return self

    __ror__ = __and__ = __rand__ = __xor__ = __rxor__ = __or__

    def _arith(self, *other):
        _use(self, "arithmetic")
        return _Opaque(self._name + "()")

    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = __truediv__ = __rtruediv__ = _arith
    __floordiv__ = __rfloordiv__ = __mod__ = __rmod__ = __pow__ = __rpow__ = __matmul__ = __rmatmul__ = _arith
    __lshift__ = __rlshift__ = __rshift__ = __rrshift__ = __neg__ = __pos__ = __invert__ = __abs__ = _arith

    def __float__(self):
        _use(self, "float")
        return 0.0

    def __str__(self):
        _use(self, "str")
        return self._name

    def __int__(self):
        _use(self, "int")
        return 0

    def __contains__(self, item):
        _use(self, "in")
        return False

    def __enter__(self):
        return self

    def __exit__(self, *a):
        return False

    def __repr__(self):
        _use(self, "repr")
        return "<opaque " + self._name + ">"


def opaque(name):
    return _Opaque(name)
`;
}

/** The lines that differ ('- explain', '+ python'), with the JSON path context of each. */
function lineDiff(a: string, b: string): string {
  const x = a.split('\n');
  const y = b.split('\n');
  const lcs: number[][] = Array.from({ length: x.length + 1 }, () => new Array<number>(y.length + 1).fill(0));
  for (let i = x.length - 1; i >= 0; i--)
    for (let j = y.length - 1; j >= 0; j--)
      lcs[i][j] = x[i] === y[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const out: string[] = [];
  let i = 0;
  let j = 0;
  let lastName = '';
  while (i < x.length || j < y.length) {
    if (i < x.length && j < y.length && x[i] === y[j]) {
      const name = /"name": "(\w+)"/.exec(x[i]);
      if (name !== null) lastName = name[1];
      i++;
      j++;
    } else if (j < y.length && (i === x.length || lcs[i][j + 1] >= lcs[i + 1][j]))
      out.push(`+ python  [${lastName}] ${y[j++].trim()}`);
    else out.push(`- explain [${lastName}] ${x[i++].trim()}`);
  }
  return out.join('\n');
}

interface Job {
  readonly setup: ExplainSetup;
  readonly index: number;
}

function runPython(
  python: string,
  tree: string,
  setup: ExplainSetup,
  ours: ExplainJson,
): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'explain-oracle-'));
  worldFiles(dir, setup);
  const job = {
    tree,
    worldDir: dir,
    installedPackages: [...INSTALLED_PACKAGES],
    builtVllmModules: [...BUILT_VLLM_MODULES],
    world: { kernels: ours.config.kernels, env: ours.config.env },
    config: {
      backend: ours.config.attentionBackend,
      blockSize: ours.config.blockSize,
      kvCacheDtype: ours.config.kvCacheDtype,
      nonCausal: ours.config.nonCausal,
      model:
        setup.model === undefined
          ? null
          : {
              hfConfig: setup.model,
              hfTextConfig: setup.model,
              dtype: ours.config.dtype,
              useMla: ours.config.useMla,
              mmPrefix: ours.config.useMmPrefix,
            },
    },
    request: {
      headSize: ours.config.headSize,
      dtype: ours.config.dtype,
      kvCacheDtype: ours.config.kvCacheDtype,
      useMla: ours.config.useMla,
      hasSink: ours.config.hasSink,
      useSparse: ours.config.useSparse,
      useMmPrefix: ours.config.useMmPrefix,
      usePerHeadQuantScales: ours.config.usePerHeadQuantScales,
      attnType: ours.config.attnType,
      numHeads: ours.config.numHeads,
      blockSize: ours.config.blockSize,
    },
  };
  return new Promise((done) => {
    const child = spawn(python, [DRIVER], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', () => {
      rmSync(dir, { recursive: true, force: true });
      // The world's stand-in files are at <world>/... for explain and in this folder for python.
      const line = (out.trim().split('\n').pop() ?? '').split(dir).join('<world>');
      try {
        done(JSON.parse(line) as Record<string, unknown>);
      } catch {
        done({ crash: `no result (stderr: ${err.slice(-500)})` });
      }
    });
    child.stdin.end(JSON.stringify(job));
  });
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  let allSame = true;
  for (const tree of options.trees) {
    const next = rng(options.seed);
    const jobs: Job[] = Array.from({ length: options.count }, (_, index) => ({
      setup: randomSetup(next),
      index,
    }));
    const diskTree = new DiskTree(tree);
    let identical = 0;
    let bothUnknown = 0;
    const differences: string[] = [];
    let cursor = 0;
    const worker = async (): Promise<void> => {
      while (cursor < jobs.length) {
        const job = jobs[cursor++];
        const ours = explain(diskTree, job.setup);
        const theirs = await runPython(options.python, tree, job.setup, ours);
        const oursUnknown = ours.undetermined !== null || ours.backends.some((b) => b.valid === null);
        const theirsUnknown =
          typeof theirs.crash === 'string' || ((theirs.opaqueUsed as string[] | undefined)?.length ?? 0) > 0;
        if (theirsUnknown && oursUnknown) bothUnknown++;
        else if (
          !theirsUnknown &&
          comparable(ours as unknown as Record<string, unknown>) === comparable(theirs)
        )
          identical++;
        else {
          const { fixes: _fixes, model, ...shown } = job.setup;
          const mine = comparable(ours as unknown as Record<string, unknown>);
          differences.push(
            [
              `--- setup #${job.index}: ${JSON.stringify({ ...shown, gpu: `${shown.gpu.name} ${shown.gpu.major}.${shown.gpu.minor}`, model: model === undefined ? undefined : 'config.json' })}`,
              theirs.crash !== undefined
                ? `python crashed: ${String(theirs.crash)}\n${options.verbose ? String(theirs.trace ?? '') : ''}`
                : `${lineDiff(mine, comparable(theirs))}${theirsUnknown ? `\n  (stand-ins used during selection: ${JSON.stringify(theirs.opaqueUsed)})` : ''}${options.verbose ? `\n  (modules python found missing: ${JSON.stringify(theirs.missingImports)})` : ''}`,
            ].join('\n'),
          );
        }
      }
    };
    await Promise.all(Array.from({ length: options.jobs }, () => worker()));
    const total = jobs.length;
    console.log(
      `${tree}: ${identical} of ${total} identical${bothUnknown > 0 ? ` (${bothUnknown} unknown on both sides)` : ''}`,
    );
    if (differences.length > 0) {
      allSame = false;
      for (const d of differences) console.log(d);
    }
  }
  process.exitCode = allSame ? 0 : 1;
}

void main();
