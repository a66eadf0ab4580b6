// `vllm-attention-docs explain`: its arguments, and the command. Kept apart
// from cli.ts / cli/args.ts, which only dispatch here.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { explain, ExplainError, type AttnType, type ExplainSetup } from '../explain/explain.js';
import { parseGpu } from '../explain/gpus.js';
import { renderExplainText, unknownText } from '../explain/text.js';
import { KERNELS, type Kernel } from '../explain/world.js';
import { REGISTRY_FILE } from '../extract/registry.js';
import { DiskTree } from '../tree/disk-tree.js';
import { RevisionError } from '../tree/git-errors.js';
import { GitRepository, openRevisionTree } from '../tree/git-repository.js';
import type { GitTree } from '../tree/git-tree.js';
import { diagnosticText } from '../render/diagnostics-text.js';
import type { SourceTree } from '../tree/tree.js';
import { demoTreeRoot } from '../package-dir.js';

export const EXPLAIN_HELP = `usage: vllm-attention-docs explain [--root DIR | --demo] [--rev REV] --gpu CC|NAME --head-size N [--dtype bfloat16]
           [--kv-cache-dtype auto] [--block-size N] [--mla] [--sparse] [--sink] [--mm-prefix]
           [--per-head-quant-scales] [--attn-type decoder|encoder|encoder_only|encoder_decoder]
           [--non-causal] [--num-heads N] [--attention-backend NAME]
           [--kernels fa2,fa3,fa4,flashinfer,trtllm,flashmla|none] [--model CONFIG.json]
           [--env NAME=VALUE]... [--no-fixes] [--format text|json]

Which attention backend vLLM (the tree at --root) picks for a GPU and a model
setup, and vLLM's reasons for rejecting the others, found by evaluating the
tree's own selection code (no GPU, PyTorch or Python needed).

options:
  --root DIR              the vLLM tree (default: the nearest folder at or above the current one
                          that holds ${REGISTRY_FILE})
  --demo                  explain on the demo tree shipped with the package (examples/demo-vllm)
  --rev REV               evaluate the tree of commit REV, read through git without a checkout
                          (--root is then a work tree or a bare repository; default: the
                          repository holding the current folder)
  --gpu CC|NAME           compute capability (9.0, 90, sm_90, sm_100a) or a GPU name (H100, A100, L4,
                          T4, B200, RTX 4090, DGX Spark, ...)
  --head-size N           attention head size (with --mla: kv_lora_rank + qk_rope_head_dim)
  --dtype DTYPE           model dtype: bfloat16 (default), float16 or float32
  --kv-cache-dtype DTYPE  KV-cache dtype as vLLM's --kv-cache-dtype (default auto)
  --block-size N          vLLM's --block-size (default: not given)
  --mla, --sparse         multi-head latent attention; sparse (DeepSeek V3.2) MLA
  --sink                  the model's attention layers take sinks (gpt-oss)
  --mm-prefix             bidirectional attention over multimodal prefix tokens
  --per-head-quant-scales per-head KV quantization scales
  --attn-type TYPE        decoder (default), encoder, encoder_only or encoder_decoder
  --non-causal            non-causal (DFlash) drafting
  --num-heads N           attention heads per GPU (MLA priorities on Blackwell use it)
  --attention-backend NAME
                          vLLM's --attention-backend: only this backend is validated
  --kernels LIST          what the build has: fa2,fa3,fa4,flashinfer,trtllm,flashmla or none
                          (default fa2,fa3,flashinfer,trtllm,flashmla)
  --model CONFIG.json     a Hugging Face config.json: head size, dtype, MLA, sparse, sinks are
                          taken from it (flags given explicitly win)
  --env NAME=VALUE        an environment variable of the vLLM process (repeatable)
  --no-fixes              do not search what would make higher-priority backends valid
  --format FORMAT         text (default) or json
  -h, --help              show this help and exit

exit codes: 0 a backend was chosen, 1 vLLM would raise (no valid backend, or the
explicit backend is invalid), 2 bad usage, a tree explain cannot evaluate, or an
undetermined pick
`;

export class ExplainUsageError extends Error {}

export interface ExplainArgs {
  readonly root: string | null;
  /** --demo: the demo tree shipped with the package. */
  readonly demo: boolean;
  readonly rev: string | null;
  readonly format: 'text' | 'json';
  readonly help: boolean;
  readonly setup: Omit<ExplainSetup, 'model'>;
  readonly modelFile: string | null;
}

const FLAGS = [
  '--mla',
  '--sparse',
  '--sink',
  '--mm-prefix',
  '--per-head-quant-scales',
  '--non-causal',
  '--no-fixes',
  '--demo',
  '--help',
  '-h',
];
const VALUED = [
  '--root',
  '--rev',
  '--gpu',
  '--head-size',
  '--dtype',
  '--kv-cache-dtype',
  '--block-size',
  '--attn-type',
  '--num-heads',
  '--attention-backend',
  '--kernels',
  '--model',
  '--env',
  '--format',
];
const DTYPES: Record<string, string> = {
  bfloat16: 'bfloat16',
  bf16: 'bfloat16',
  float16: 'float16',
  fp16: 'float16',
  half: 'float16',
  float32: 'float32',
  fp32: 'float32',
  float: 'float32',
};
const ATTN_TYPES: readonly AttnType[] = ['decoder', 'encoder', 'encoder_only', 'encoder_decoder'];

function positiveInt(option: string, text: string): number {
  if (!/^\d+$/.test(text) || Number(text) <= 0)
    throw new ExplainUsageError(`argument ${option}: expected a positive integer, got '${text}'`);
  return Number(text);
}

export function parseExplainArgs(argv: readonly string[]): ExplainArgs {
  const values = new Map<string, string[]>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    if (FLAGS.includes(name)) {
      if (name !== arg)
        throw new ExplainUsageError(`argument ${name}: ignored explicit argument '${arg.slice(eq + 1)}'`);
      flags.add(name === '-h' ? '--help' : name);
      continue;
    }
    if (!VALUED.includes(name)) throw new ExplainUsageError(`unrecognized arguments: ${arg}`);
    let value: string;
    if (name !== arg) value = arg.slice(eq + 1);
    else {
      if (i + 1 >= argv.length) throw new ExplainUsageError(`argument ${name}: expected one argument`);
      value = argv[++i];
    }
    values.set(name, [...(values.get(name) ?? []), value]);
  }
  const one = (name: string): string | undefined => {
    const all = values.get(name);
    return all === undefined ? undefined : all[all.length - 1];
  };
  const help = flags.has('--help');
  const demo = flags.has('--demo');
  if (demo && values.has('--root')) throw new ExplainUsageError('--demo and --root cannot be used together');
  if (demo && values.has('--rev')) throw new ExplainUsageError('--demo and --rev cannot be used together');
  const format = one('--format') ?? 'text';
  if (format !== 'text' && format !== 'json')
    throw new ExplainUsageError(
      `argument --format: invalid choice: '${format}' (choose from 'text', 'json')`,
    );
  const gpuText = one('--gpu');
  if (gpuText === undefined && !help)
    throw new ExplainUsageError('the following arguments are required: --gpu');
  const gpu = gpuText === undefined ? { name: 'sm_90', major: 9, minor: 0 } : parseGpuOrThrow(gpuText);
  const modelFile = one('--model') ?? null;
  const headText = one('--head-size');
  if (headText === undefined && modelFile === null && !help)
    throw new ExplainUsageError('the following arguments are required: --head-size (or --model)');
  const dtypeText = one('--dtype');
  const dtype = dtypeText === undefined ? undefined : DTYPES[dtypeText.toLowerCase()];
  if (dtypeText !== undefined && dtype === undefined)
    throw new ExplainUsageError(
      `argument --dtype: invalid choice: '${dtypeText}' (choose from 'bfloat16', 'float16', 'float32')`,
    );
  const attnType = one('--attn-type');
  if (attnType !== undefined && !ATTN_TYPES.includes(attnType as AttnType))
    throw new ExplainUsageError(
      `argument --attn-type: invalid choice: '${attnType}' (choose from ${ATTN_TYPES.map((a) => `'${a}'`).join(', ')})`,
    );
  const kernelsText = one('--kernels');
  let kernels: Kernel[] | undefined;
  if (kernelsText !== undefined) {
    kernels = [];
    if (kernelsText !== 'none') {
      for (const k of kernelsText
        .split(',')
        .map((x) => x.trim())
        .filter((x) => x !== '')) {
        if (!(KERNELS as readonly string[]).includes(k))
          throw new ExplainUsageError(
            `argument --kernels: unknown kernel '${k}' (choose from ${KERNELS.join(', ')}, or none)`,
          );
        if (!kernels.includes(k as Kernel)) kernels.push(k as Kernel);
      }
    }
  }
  const env: Record<string, string> = {};
  for (const e of values.get('--env') ?? []) {
    const at = e.indexOf('=');
    if (at <= 0) throw new ExplainUsageError(`argument --env: expected NAME=VALUE, got '${e}'`);
    env[e.slice(0, at)] = e.slice(at + 1);
  }
  const block = one('--block-size');
  const heads = one('--num-heads');
  const backend = one('--attention-backend');
  const pick = <T>(flag: string, value: T): T | undefined => (flags.has(flag) ? value : undefined);
  return {
    root: one('--root') ?? null,
    demo,
    rev: one('--rev') ?? null,
    format,
    help,
    modelFile,
    setup: {
      gpu,
      headSize: headText === undefined ? undefined : positiveInt('--head-size', headText),
      dtype,
      kvCacheDtype: one('--kv-cache-dtype'),
      blockSize: block === undefined ? null : positiveInt('--block-size', block),
      useMla: pick('--mla', true),
      useSparse: pick('--sparse', true),
      hasSink: pick('--sink', true),
      useMmPrefix: pick('--mm-prefix', true),
      usePerHeadQuantScales: pick('--per-head-quant-scales', true),
      attnType: attnType as AttnType | undefined,
      nonCausal: flags.has('--non-causal'),
      numHeads: heads === undefined ? undefined : positiveInt('--num-heads', heads),
      attentionBackend:
        backend === undefined || backend.toLowerCase() === 'auto' ? null : backend.toUpperCase(),
      kernels,
      env,
      fixes: !flags.has('--no-fixes'),
    },
  };
}

function parseGpuOrThrow(text: string): ExplainSetup['gpu'] {
  const parsed = parseGpu(text);
  if (!parsed.ok) throw new ExplainUsageError(parsed.message);
  return parsed.gpu;
}

export interface ExplainIo {
  readonly cwd: string;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Finds the tree when --root is not given (the caller's rule: the nearest folder holding the registry). */
  readonly findRoot: (start: string) => string | null;
  /** A tree other than a directory (a git revision, a memory tree); --root is then ignored. */
  readonly tree?: SourceTree;
  /** The environment git runs with (--rev). */
  readonly env?: NodeJS.ProcessEnv;
}

export function runExplain(argv: readonly string[], io: ExplainIo): number {
  const fail = (message: string): number => {
    io.stderr(`vllm-attention-docs explain: error: ${message}\n`);
    return 2;
  };
  let args: ExplainArgs;
  try {
    args = parseExplainArgs(argv);
  } catch (error) {
    if (error instanceof ExplainUsageError) return fail(`${error.message} (see explain --help)`);
    throw error;
  }
  if (args.help) {
    io.stdout(EXPLAIN_HELP);
    return 0;
  }
  if (args.rev !== null && io.tree === undefined) {
    // The tree of a commit, read through git; closed (its git process ended) when done.
    let revisionTree: GitTree;
    try {
      const env = io.env ?? process.env;
      const start = args.root === null ? io.cwd : path.resolve(io.cwd, args.root);
      const root = args.root === null ? GitRepository.open(start, { env }).topLevel() : start;
      revisionTree = openRevisionTree(root, args.rev, { env });
    } catch (error) {
      if (error instanceof RevisionError) {
        return fail(diagnosticText(error.diagnostic, { showPath: (p) => p }).replace(/^error: /, ''));
      }
      throw error;
    }
    try {
      return runExplain(argv, { ...io, tree: revisionTree });
    } finally {
      revisionTree.close();
    }
  }
  let tree = io.tree;
  if (tree === undefined) {
    const root = args.demo
      ? demoTreeRoot()
      : args.root !== null
        ? path.resolve(io.cwd, args.root)
        : io.findRoot(io.cwd);
    if (root === null)
      return fail(`no vLLM tree found at or above ${io.cwd} (no ${REGISTRY_FILE}); pass --root DIR`);
    if (!fs.existsSync(root) || !fs.statSync(root).isDirectory())
      return fail(`--root ${root}: no such directory`);
    tree = new DiskTree(root);
  }
  let model: unknown;
  if (args.modelFile !== null) {
    const file = path.resolve(io.cwd, args.modelFile);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (error) {
      return fail(
        `--model ${args.modelFile}: cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      );
    }
    try {
      model = JSON.parse(text);
    } catch (error) {
      return fail(`--model ${args.modelFile}: not JSON: ${(error as Error).message}`);
    }
  }
  let result;
  try {
    result = explain(tree, { ...args.setup, ...(model !== undefined ? { model } : {}) });
  } catch (error) {
    if (error instanceof ExplainError) {
      switch (error.code) {
        case 'bad-model':
          return fail(`--model ${args.modelFile ?? ''}: ${error.detail}`);
        case 'no-selector':
          return fail(
            `the tree has no vLLM selector to evaluate (vllm.v1.attention.selector.get_attn_backend): ${error.detail}`,
          );
        case 'unknown-parameter':
          return fail(
            `this tree's get_attn_backend takes a parameter explain has no value for: ${error.detail}`,
          );
        case 'unevaluable':
          return fail(
            `cannot evaluate this tree's selection: ${error.unknown === null ? error.detail : unknownText(error.unknown)}`,
          );
      }
    }
    throw error;
  }
  io.stdout(
    args.format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : renderExplainText(result, tree.label),
  );
  if (result.undetermined !== null) return 2;
  return result.chosen !== null ? 0 : 1;
}
