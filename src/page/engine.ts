// The page's one door to explain: the panel's inputs as plain data, the call
// (the same explain() the CLI runs, on whatever tree it is given), its outcomes
// as data, the GPU and kernel choices, and the sweep of setups whose file
// reads decide what the page embeds. Nothing else under src/page imports
// src/explain, so a change of explain's API is met here.

import {
  explain,
  ExplainError,
  type AttnType,
  type BackendJson,
  type ExplainJson,
  type ExplainSetup,
  type UnknownJson,
} from '../explain/explain.js';
import type { Fix } from '../explain/fixes.js';
import { GPU_TABLE, parseGpu } from '../explain/gpus.js';
import { DEFAULT_KERNELS, KERNELS, type Kernel } from '../explain/world.js';
import type { SourceTree } from '../tree/tree.js';
import { NotEmbeddedError } from './embedded-tree.js';

export type { AttnType, BackendJson, ExplainJson, Fix, Kernel, UnknownJson };

export const ATTN_TYPES: readonly AttnType[] = ['decoder', 'encoder', 'encoder_only', 'encoder_decoder'];
export { KERNELS, DEFAULT_KERNELS };

/** What the panel asks explain, as the form holds it. */
export interface ExplainInputs {
  /** A GPU name or a compute capability, as `--gpu` takes it. */
  readonly gpu: string;
  readonly headSize: number;
  readonly dtype: string;
  readonly kvCacheDtype: string;
  readonly blockSize: number | null;
  readonly numHeads: number | null;
  readonly useMla: boolean;
  readonly useSparse: boolean;
  readonly hasSink: boolean;
  readonly useMmPrefix: boolean;
  readonly usePerHeadQuantScales: boolean;
  readonly nonCausal: boolean;
  readonly attnType: AttnType;
  /** `--attention-backend`: vLLM validates only this one; null for automatic selection. */
  readonly attentionBackend: string | null;
  readonly kernels: readonly Kernel[];
}

/** The CLI's defaults (`explain --gpu H100 --head-size 128`). */
export const DEFAULT_INPUTS: ExplainInputs = {
  gpu: 'H100',
  headSize: 128,
  dtype: 'bfloat16',
  kvCacheDtype: 'auto',
  blockSize: null,
  numHeads: null,
  useMla: false,
  useSparse: false,
  hasSink: false,
  useMmPrefix: false,
  usePerHeadQuantScales: false,
  nonCausal: false,
  attnType: 'decoder',
  attentionBackend: null,
  kernels: DEFAULT_KERNELS,
};

export type ExplainAnswer =
  /** explain's JSON, exactly as `explain --format json` prints it. */
  | { readonly kind: 'answer'; readonly json: ExplainJson }
  /** The GPU text names no CUDA GPU (the message is --gpu's). */
  | { readonly kind: 'bad-gpu'; readonly message: string }
  /** explain cannot run on this tree or setup at all. */
  | {
      readonly kind: 'cannot-explain';
      readonly code: ExplainError['code'];
      readonly detail: string;
      readonly unknown: UnknownJson | null;
    }
  /** The setup needs a part of the tree the page does not carry. */
  | { readonly kind: 'not-embedded'; readonly path: string };

/** The library call the panel's inputs stand for. */
export function explainSetup(inputs: ExplainInputs, gpu: ExplainSetup['gpu']): ExplainSetup {
  return {
    gpu,
    headSize: inputs.headSize,
    dtype: inputs.dtype,
    kvCacheDtype: inputs.kvCacheDtype,
    blockSize: inputs.blockSize,
    numHeads: inputs.numHeads,
    useMla: inputs.useMla,
    useSparse: inputs.useSparse,
    hasSink: inputs.hasSink,
    useMmPrefix: inputs.useMmPrefix,
    usePerHeadQuantScales: inputs.usePerHeadQuantScales,
    nonCausal: inputs.nonCausal,
    attnType: inputs.attnType,
    attentionBackend: inputs.attentionBackend,
    kernels: inputs.kernels,
  };
}

export function runExplain(tree: SourceTree, inputs: ExplainInputs): ExplainAnswer {
  const gpu = parseGpu(inputs.gpu);
  if (!gpu.ok) return { kind: 'bad-gpu', message: gpu.message };
  try {
    return { kind: 'answer', json: explain(tree, explainSetup(inputs, gpu.gpu)) };
  } catch (error) {
    if (error instanceof ExplainError)
      return { kind: 'cannot-explain', code: error.code, detail: error.detail, unknown: error.unknown };
    if (error instanceof NotEmbeddedError) return { kind: 'not-embedded', path: error.path };
    throw error;
  }
}

/** A GPU as `--gpu` reads the text: its shown name and compute capability, or why not. */
export type GpuText =
  | { readonly ok: true; readonly name: string; readonly major: number; readonly minor: number }
  | { readonly ok: false; readonly message: string };

export function parseGpuText(text: string): GpuText {
  const parsed = parseGpu(text);
  return parsed.ok ? { ok: true, ...parsed.gpu } : parsed;
}

/** The command line that asks the same question. */
export function explainCommand(inputs: ExplainInputs): string {
  const quote = (v: string): string => (/^[\w.,:@%+=/-]+$/.test(v) ? v : `'${v.replace(/'/g, "'\\''")}'`);
  const args = [
    'vllm-attention-docs',
    'explain',
    '--gpu',
    quote(inputs.gpu),
    '--head-size',
    String(inputs.headSize),
  ];
  const d = DEFAULT_INPUTS;
  if (inputs.dtype !== d.dtype) args.push('--dtype', quote(inputs.dtype));
  if (inputs.kvCacheDtype !== d.kvCacheDtype) args.push('--kv-cache-dtype', quote(inputs.kvCacheDtype));
  if (inputs.blockSize !== null) args.push('--block-size', String(inputs.blockSize));
  if (inputs.numHeads !== null) args.push('--num-heads', String(inputs.numHeads));
  if (inputs.useMla) args.push('--mla');
  if (inputs.useSparse) args.push('--sparse');
  if (inputs.hasSink) args.push('--sink');
  if (inputs.useMmPrefix) args.push('--mm-prefix');
  if (inputs.usePerHeadQuantScales) args.push('--per-head-quant-scales');
  if (inputs.nonCausal) args.push('--non-causal');
  if (inputs.attnType !== d.attnType) args.push('--attn-type', inputs.attnType);
  if (inputs.attentionBackend !== null) args.push('--attention-backend', quote(inputs.attentionBackend));
  const kernels = KERNELS.filter((k) => inputs.kernels.includes(k));
  if (kernels.join(',') !== DEFAULT_KERNELS.join(','))
    args.push('--kernels', kernels.length === 0 ? 'none' : kernels.join(','));
  return args.join(' ');
}

/** A GPU the panel offers: the value is what --gpu would be given. */
export interface GpuChoice {
  readonly value: string;
  readonly capability: string;
  /** Other names with the same compute capability. */
  readonly alsoNames: readonly string[];
}

/** explain's GPU table, one choice per compute capability, oldest first. */
export function gpuChoices(): GpuChoice[] {
  return GPU_TABLE.map(([names, shown, major, minor]) => ({
    value: shown,
    capability: `${major}.${minor}`,
    alsoNames: names.filter((n) => n !== shown),
  }));
}

/**
 * The setups explain runs over to learn which files the page must carry.
 * Where a setup in the page needs a file none of these read, the page says
 * so instead of answering. Most files are read by every setup (vLLM's
 * imports); the rest depend on what changes which modules vLLM imports: the
 * GPU and the kind of attention (a run whose fix search starts visits every
 * other GPU, KV-cache dtype and one more kernel), the kernels, the flags, and
 * the block size. Measured on real trees, setups beyond these added no file.
 */
export function sweepInputs(offered: { readonly backends: readonly string[] }): ExplainInputs[] {
  const standard = DEFAULT_INPUTS;
  const mla: ExplainInputs = { ...DEFAULT_INPUTS, useMla: true, headSize: 576 };
  const sparse: ExplainInputs = { ...mla, useSparse: true };
  const out: ExplainInputs[] = [];
  // Volta, Turing (no FlashAttention: fixes start), Hopper, Blackwell.
  for (const gpu of ['V100', 'T4', 'H100', 'B200']) out.push({ ...standard, gpu }, { ...mla, gpu });
  for (const gpu of ['H100', 'B200']) out.push({ ...sparse, gpu }, { ...sparse, gpu, numHeads: 16 });
  for (const base of [standard, mla]) {
    out.push({ ...base, kernels: [] }, { ...base, kernels: KERNELS }, { ...base, kvCacheDtype: 'fp8' });
    out.push({ ...base, blockSize: 16 }, { ...base, blockSize: 64 }, { ...base, dtype: 'float32' });
  }
  for (const flag of ['hasSink', 'useMmPrefix', 'nonCausal', 'usePerHeadQuantScales'] as const)
    out.push({ ...standard, [flag]: true });
  out.push({ ...standard, gpu: 'B200', hasSink: true });
  for (const attnType of ATTN_TYPES) if (attnType !== 'decoder') out.push({ ...standard, attnType });
  // An explicit choice validates one backend of the lists above: the first and the last suffice.
  for (const attentionBackend of new Set([offered.backends[0], offered.backends.at(-1)]))
    if (attentionBackend !== undefined) out.push({ ...standard, attentionBackend });
  return out;
}
