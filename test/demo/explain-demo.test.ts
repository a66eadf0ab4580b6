// explain on the demo tree shipped with the package (examples/demo-vllm): the
// tree's own selection code runs for standard and MLA setups, with vLLM's
// reasons for each backend (the demo's facts: FlashAttention versions per GPU
// and build, FlashInfer's TRTLLM sinks and nvfp4, FlashMLA's kernels), the
// pick, the --block-size warning, an ImportError when the build lacks
// FlashInfer, vLLM's errors, the fixes; and `explain --demo` runs on it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { runExplain } from '../../src/cli/explain.js';
import { explain, type BackendJson, type ExplainJson, type ExplainSetup } from '../../src/explain/explain.js';
import { parseGpu } from '../../src/explain/gpus.js';
import { DiskTree } from '../../src/tree/disk-tree.js';

const projectDir = path.resolve(import.meta.dirname, '../..');
const demoTree = path.join(projectDir, 'examples/demo-vllm');
const tree = new DiskTree(demoTree);

function ask(gpu: string, setup: Omit<ExplainSetup, 'gpu'>): ExplainJson {
  const parsed = parseGpu(gpu);
  assert.ok(parsed.ok, gpu);
  return explain(tree, { fixes: false, ...setup, gpu: parsed.gpu });
}

/** Each backend as `NAME: reason; reason` (or `NAME: valid`). */
const verdicts = (r: ExplainJson): string[] =>
  r.backends.map((b: BackendJson) => `${b.name}: ${b.valid === true ? 'valid' : b.reasons.join('; ')}`);

test('standard attention on Hopper: the priority list, every backend valid, FlashAttention picked', () => {
  const r = ask('H100', { headSize: 128 });
  assert.deepEqual(r.priorities, ['FLASH_ATTN', 'FLASHINFER', 'TRITON_ATTN']);
  assert.deepEqual(verdicts(r), ['FLASH_ATTN: valid', 'FLASHINFER: valid', 'TRITON_ATTN: valid']);
  assert.equal(r.chosen, 'FLASH_ATTN');
  assert.match(r.selectorConfig ?? '', /^AttentionSelectorConfig\(head_size=128, dtype=torch\.bfloat16, /);
});

test("the reasons of several backends, and the GPUs that would make them valid (the demo's FA3 fp8, TRTLLM sinks)", () => {
  const r = ask('A100', { headSize: 128, kvCacheDtype: 'fp8', hasSink: true, fixes: true });
  assert.deepEqual(verdicts(r), [
    'FLASH_ATTN: kv_cache_dtype not supported; attention sinks not supported',
    'FLASHINFER: attention sinks not supported',
    'TRITON_ATTN: valid',
  ]);
  assert.equal(r.chosen, 'TRITON_ATTN');
  const gpus = (name: string): string[] =>
    (r.backends.find((b) => b.name === name)?.fixes ?? []).map((f) =>
      f.change === 'gpu' ? f.capability : f.change,
    );
  assert.deepEqual(gpus('FLASH_ATTN'), ['9.0']);
  assert.deepEqual(gpus('FLASHINFER'), ['10.0', '10.3']);
});

test('Blackwell: FlashInfer first; FlashAttention 4 only with its kernels; nvfp4 only with the TRTLLM ones', () => {
  const r = ask('B200', { headSize: 128 });
  assert.deepEqual(r.priorities, ['FLASHINFER', 'FLASH_ATTN', 'TRITON_ATTN']);
  assert.deepEqual(verdicts(r), [
    'FLASHINFER: valid',
    "FLASH_ATTN: FlashAttention 4 unavailable: FA4 is unavaible due to: No module named 'flash_attn'",
    'TRITON_ATTN: valid',
  ]);
  assert.equal(r.chosen, 'FLASHINFER');
  const withFa4 = ask('B200', { headSize: 128, kernels: ['fa2', 'fa3', 'fa4', 'flashinfer', 'trtllm'] });
  assert.equal(withFa4.backends[1].valid, true);
  assert.equal(ask('B200', { headSize: 128, kvCacheDtype: 'nvfp4' }).chosen, 'FLASHINFER');
  const hopper = ask('H100', { headSize: 128, kvCacheDtype: 'nvfp4' });
  assert.deepEqual(hopper.backends[1].reasons, ['kv_cache_dtype not supported']);
  assert.equal(hopper.errorType, 'ValueError');
  assert.match(
    hopper.error ?? '',
    /^No valid attention backend found for cuda with AttentionSelectorConfig\(/,
  );
});

test('MLA: the Blackwell list with its sparse backends ordered by KV dtype, FlashMLA needing its kernels', () => {
  const r = ask('B200', { headSize: 576, useMla: true });
  assert.deepEqual(r.priorities, ['FLASHMLA', 'TRITON_MLA', 'FLASHMLA_SPARSE', 'FLASHINFER_MLA_SPARSE']);
  assert.equal(r.chosen, 'FLASHMLA');
  assert.deepEqual(r.backends[2].reasons, ['non-sparse not supported']);
  const noFlashMla = ask('B200', { headSize: 576, useMla: true, kernels: ['fa2', 'fa3', 'flashinfer'] });
  assert.deepEqual(noFlashMla.backends[0].reasons, [
    "FlashMLA kernels unavailable: No module named 'vllm._flashmla_C'",
  ]);
  assert.equal(noFlashMla.chosen, 'TRITON_MLA');
  const fp8Sparse = ask('B200', { headSize: 576, useMla: true, useSparse: true, kvCacheDtype: 'fp8_ds_mla' });
  assert.deepEqual(fp8Sparse.priorities.slice(2), ['FLASHINFER_MLA_SPARSE', 'FLASHMLA_SPARSE']);
  assert.equal(fp8Sparse.chosen, 'FLASHINFER_MLA_SPARSE');
  assert.equal(ask('H100', { headSize: 576, useMla: true }).priorities.length, 3);
});

test('--block-size: the warning when it alone kept a higher-priority backend out, standard and MLA', () => {
  const standard = ask('B200', { headSize: 128, blockSize: 128 });
  assert.equal(standard.chosen, 'TRITON_ATTN');
  assert.deepEqual(standard.backends[0].reasons, ['block_size not supported']);
  assert.equal(
    standard.blockSizeWarning,
    '--block-size 128 precluded higher-priority backend(s) FLASHINFER. Using TRITON_ATTN instead.',
  );
  const mla = ask('H100', { headSize: 576, useMla: true, blockSize: 32 });
  assert.equal(mla.chosen, 'TRITON_MLA');
  assert.equal(
    mla.blockSizeWarning,
    '--block-size 32 precluded higher-priority backend(s) FLASHMLA. Using TRITON_MLA instead.',
  );
  assert.equal(ask('H100', { headSize: 128, blockSize: 32 }).blockSizeWarning, null);
});

test('a build without FlashInfer: its backends do not import (ImportError, with the message)', () => {
  const r = ask('H100', { headSize: 128, kernels: ['fa2', 'fa3'] });
  assert.deepEqual(r.backends[1], {
    name: 'FLASHINFER',
    priority: 1,
    valid: false,
    reasons: ['ImportError'],
    importError: "No module named 'flashinfer'",
  });
  assert.equal(r.chosen, 'FLASH_ATTN');
  const sparse = ask('B200', {
    headSize: 576,
    useMla: true,
    useSparse: true,
    numHeads: 16,
    kernels: ['fa2', 'fa3', 'trtllm', 'flashmla'],
  });
  assert.deepEqual(verdicts(sparse).slice(2), [
    'FLASHINFER_MLA_SPARSE: ImportError',
    'FLASHMLA_SPARSE: valid',
  ]);
});

test("an explicit backend: vLLM's error for an invalid one, the generic-parent LATENT_ATTN valid", () => {
  const invalid = ask('A100', { headSize: 576, useMla: true, attentionBackend: 'FLASHMLA' });
  assert.equal(invalid.chosen, null);
  assert.equal(
    invalid.error,
    "Selected backend FLASHMLA is not valid for this configuration. Reason: ['compute capability not supported']",
  );
  const latent = ask('H100', { headSize: 576, useMla: true, attentionBackend: 'LATENT_ATTN' });
  assert.equal(latent.chosen, 'LATENT_ATTN');
  assert.deepEqual(latent.backends.at(-1), {
    name: 'LATENT_ATTN',
    priority: null,
    valid: true,
    reasons: [],
    explicit: true,
  });
  const batch = ask('H100', {
    headSize: 128,
    attentionBackend: 'FLASHINFER',
    env: { VLLM_BATCH_INVARIANT: '1' },
  });
  assert.match(batch.error ?? '', /Reason: \['batch invariance not supported'\]$/);
});

test("a KV-cache dtype outside the tree's CacheDType: vLLM's assertion", () => {
  const r = ask('H100', { headSize: 128, kvCacheDtype: 'bfloat16' });
  assert.equal(r.errorType, 'AssertionError');
  assert.equal(r.error, 'Invalid kv_cache_dtype: bfloat16');
});

function cli(argv: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = runExplain(argv, {
    cwd: '/',
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    findRoot: () => null,
  });
  return { code, out, err };
}

test('explain --demo runs on the demo tree shipped with the package; not with --root or --rev', () => {
  const setup = ['--gpu', 'B200', '--head-size', '128', '--block-size', '128', '--no-fixes'];
  const demo = cli(['--demo', ...setup]);
  assert.equal(demo.code, 0, demo.err);
  assert.ok(
    demo.out.startsWith(
      `vLLM attention backend selection: B200 (compute capability 10.0), tree ${demoTree}\n`,
    ),
  );
  assert.match(demo.out, /\nChosen: TRITON_ATTN\n/);
  assert.match(demo.out, /vLLM warns: --block-size 128 precluded higher-priority backend\(s\) FLASHINFER/);
  assert.equal(demo.out, cli(['--root', demoTree, ...setup]).out);
  for (const extra of [
    ['--root', demoTree],
    ['--rev', 'HEAD'],
  ]) {
    const r = cli(['--demo', ...extra, ...setup]);
    assert.equal(r.code, 2);
    assert.equal(r.out, '');
    assert.match(
      r.err,
      new RegExp(`^vllm-attention-docs explain: error: --demo and ${extra[0]} cannot be used together`),
    );
  }
});
