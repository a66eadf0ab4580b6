import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explain, ExplainError, type ExplainSetup } from '../../src/explain/explain.js';
import { parseGpu } from '../../src/explain/gpus.js';
import { MemoryTree } from '../../src/tree/memory-tree.js';
import { MINI_VLLM } from './mini-vllm.js';

const tree = (overrides: Record<string, string> = {}): MemoryTree =>
  new MemoryTree({ ...MINI_VLLM, ...overrides }, '/mini');
const gpu = (name: string): ExplainSetup['gpu'] => {
  const parsed = parseGpu(name);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.gpu;
};
const run = (setup: Partial<ExplainSetup> & { gpu?: ExplainSetup['gpu'] }) =>
  explain(tree(), { gpu: gpu('H100'), headSize: 128, fixes: false, ...setup });
const brief = (r: ReturnType<typeof run>) => r.backends.map((b) => [b.name, b.valid, b.reasons]);

test('the pick is the first valid backend of the priorities the tree computes', () => {
  const r = run({});
  assert.deepEqual(r.priorities, ['FAST', 'SLOW']);
  assert.deepEqual(brief(r), [
    ['FAST', true, []],
    ['SLOW', true, []],
  ]);
  assert.equal(r.chosen, 'FAST');
  assert.equal(r.error, null);
  assert.equal(
    r.selectorConfig,
    'AttentionSelectorConfig(head_size=128, dtype=torch.bfloat16, kv_cache_dtype=auto, block_size=None, use_mla=False, has_sink=False, attn_type=AttentionType.DECODER)',
  );
  assert.deepEqual(run({ gpu: gpu('B200') }).priorities, ['SLOW', 'FAST']);
});

test("each backend's reasons are the tree's strings in the order validate_configuration appends them", () => {
  const r = run({
    gpu: gpu('T4'),
    headSize: 96,
    dtype: 'float32',
    kvCacheDtype: 'fp8',
    hasSink: true,
    attnType: 'encoder_only',
  });
  assert.deepEqual(brief(r), [
    [
      'FAST',
      false,
      [
        'head_size not supported',
        'dtype not supported',
        'attention sinks not supported',
        'compute capability not supported',
        'attention type AttentionType.ENCODER_ONLY not supported',
        'fp8 KV cache needs compute capability 9.x',
      ],
    ],
    [
      'SLOW',
      false,
      ['kv_cache_dtype not supported', 'attention type AttentionType.ENCODER_ONLY not supported'],
    ],
  ]);
  assert.equal(r.chosen, null);
  assert.equal(r.errorType, 'ValueError');
  assert.equal(
    r.error,
    'No valid backend for cuda with AttentionSelectorConfig(head_size=96, dtype=torch.float32, kv_cache_dtype=fp8, block_size=None, use_mla=False, has_sink=True, attn_type=AttentionType.ENCODER_ONLY). Reasons: {FAST: [head_size not supported, dtype not supported, attention sinks not supported, compute capability not supported, attention type AttentionType.ENCODER_ONLY not supported, fp8 KV cache needs compute capability 9.x], SLOW: [kv_cache_dtype not supported, attention type AttentionType.ENCODER_ONLY not supported]}.',
  );
});

test('a backend whose kernels are not installed is invalid with ImportError, and the message says why', () => {
  const r = run({ kernels: ['fa2', 'fa3'] });
  assert.deepEqual(r.backends[0], {
    name: 'FAST',
    priority: 0,
    valid: false,
    reasons: ['ImportError'],
    importError: "No module named 'flashinfer'",
  });
  assert.equal(r.chosen, 'SLOW');
});

test('an explicit backend is the only one validated; one outside the priorities is listed as explicit', () => {
  const extra = run({ attentionBackend: 'EXTRA' });
  assert.equal(extra.chosen, 'EXTRA');
  assert.deepEqual(extra.backends.at(-1), {
    name: 'EXTRA',
    priority: null,
    valid: true,
    reasons: [],
    explicit: true,
  });
  const latent = run({ attentionBackend: 'LATENT', headSize: 96 });
  assert.equal(latent.chosen, null);
  assert.equal(
    latent.error,
    "Selected backend AttentionBackendEnum.LATENT is not valid. Reason: ['non-MLA not supported']",
  );
  const unknownName = run({ attentionBackend: 'NOPE' });
  assert.equal(unknownName.error, "Unknown attention backend: 'NOPE'");
  assert.equal(unknownName.errorType, 'ValueError');
});

test('the --block-size warning names the higher-priority backends it precluded', () => {
  const r = run({ blockSize: 16 });
  assert.deepEqual(r.backends[0].reasons, ['block_size not supported']);
  assert.equal(r.chosen, 'SLOW');
  assert.equal(r.blockSizeWarning, '--block-size 16 precluded FAST. Using SLOW instead.');
  assert.equal(run({ blockSize: 64 }).blockSizeWarning, null);
});

test('a backend the evaluator cannot decide is unknown, with file and line, and the pick above it is undetermined', () => {
  const r = run({ env: { VLLM_TRY_MYSTERY: '1' } });
  assert.deepEqual(r.priorities, ['MYSTERY', 'FAST', 'SLOW']);
  assert.equal(r.backends[0].valid, null);
  assert.deepEqual(r.backends[0].unknown, {
    code: 'opaque-value',
    file: 'vllm/v1/attention/backends/mystery.py',
    line: 10,
    what: 'numpy.mystery_check()',
  });
  assert.equal(r.chosen, null);
  assert.deepEqual(r.undetermined, r.backends[0].unknown);
  assert.equal(r.backends[1].valid, true, 'the other backends are still evaluated');
});

test("the tree's own checks on the request run too (kv_cache_dtype must be one of CacheDType)", () => {
  const r = run({ kvCacheDtype: 'fp4' });
  assert.equal(r.errorType, 'AssertionError');
  assert.equal(r.error, 'Invalid kv_cache_dtype: fp4');
  assert.deepEqual(r.backends, []);
});

test('inputs this tree has no parameter for are reported, not silently dropped', () => {
  assert.deepEqual(run({ useSparse: true, numHeads: 16, nonCausal: true }).ignoredInputs, [
    'use_sparse',
    'num_heads',
    'use_non_causal',
  ]);
});

test('config.json: MLA and head size are derived, and the model reaches the backends that read it', () => {
  const model = {
    model_type: 'deepseek_v3',
    kv_lora_rank: 512,
    qk_rope_head_dim: 32,
    num_attention_heads: 16,
    torch_dtype: 'float32',
  };
  const r = explain(tree(), { gpu: gpu('H100'), model, fixes: false });
  assert.deepEqual(r.derived, [
    { field: 'useMla', value: true, from: 'kv_lora_rank' },
    { field: 'headSize', value: 544, from: 'kv_lora_rank + qk_rope_head_dim' },
    { field: 'numHeads', value: 16, from: 'num_attention_heads' },
    { field: 'dtype', value: 'bfloat16', from: 'torch_dtype (float32; vLLM\'s "auto" dtype casts it)' },
  ]);
  assert.deepEqual(r.backends[0].reasons, ['Latent needs qk_rope_head_dim 64, but got 32']);
  assert.equal(r.chosen, null);
  const onT4 = explain(tree(), {
    gpu: gpu('T4'),
    model: { ...model, torch_dtype: 'bfloat16' },
    fixes: false,
  });
  assert.equal(onT4.config.dtype, 'float16', 'bfloat16 falls back where the platform lacks it');
  const explicitHead = explain(tree(), { gpu: gpu('H100'), model, headSize: 576, fixes: false });
  assert.equal(explicitHead.config.headSize, 576);
  assert.ok(!explicitHead.derived.some((d) => d.field === 'headSize'), 'an explicit flag wins');
});

test('fixes: the single changes (kernel, KV dtype, block size, GPU) that make a higher-ranked backend valid', () => {
  const t4 = explain(tree(), { gpu: gpu('T4'), headSize: 128, kvCacheDtype: 'fp8' });
  assert.deepEqual(t4.backends[0].fixes, [
    { change: 'gpu', capability: '9.0', gpus: ['H100', 'H200', 'GH200', 'H20'] },
  ]);
  const noKernels = explain(tree(), { gpu: gpu('H100'), headSize: 128, kernels: [] });
  assert.deepEqual(noKernels.backends[0].fixes, [{ change: 'kernels', add: 'flashinfer' }]);
  const block = explain(tree(), { gpu: gpu('H100'), headSize: 128, blockSize: 16 });
  assert.deepEqual(block.backends[0].fixes, [
    { change: 'blockSize', value: null },
    { change: 'blockSize', value: 32 },
    { change: 'blockSize', value: 64 },
    { change: 'blockSize', value: 128 },
    { change: 'blockSize', value: 256 },
  ]);
  const kv = explain(tree(), { gpu: gpu('A100'), headSize: 128, kvCacheDtype: 'fp8' });
  assert.deepEqual(
    kv.backends[0].fixes?.filter((f) => f.change === 'kvCacheDtype'),
    [
      { change: 'kvCacheDtype', value: 'auto' },
      { change: 'kvCacheDtype', value: 'bfloat16' },
    ],
  );
});

test('a tree without the selector cannot be explained', () => {
  assert.throws(
    () => explain(new MemoryTree({ 'vllm/__init__.py': '' }), { gpu: gpu('H100'), headSize: 128 }),
    (e: unknown) => e instanceof ExplainError && e.code === 'no-selector',
  );
});
