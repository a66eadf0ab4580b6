// analyze_backend and its column parsers: facts as values, with where they were found.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  analyzeBackend,
  parseAttentionTypes,
  parseBlockSizes,
  parseHeadSizes,
  parseKvCacheDtypes,
  parseSupportedDtypes,
} from '../../src/extract/backend-features.js';
import type { RegistryEntry } from '../../src/extract/registry.js';
import { AnalysisError } from '../../src/diagnostics.js';
import { classOf, contextOf, py } from './helpers.js';

const entry = (name: string, value: string): RegistryEntry => ({
  enumName: 'AttentionBackendEnum',
  name,
  value,
  file: 'vllm/v1/attention/backends/registry.py',
  line: 3,
});

test('dtypes: torch names as listed, constants as str(), the default when absent', () => {
  const listed = classOf(
    py('class B:', '    supported_dtypes: list = [torch.float16, torch.float32, 7]'),
    'B',
  );
  assert.deepEqual(parseSupportedDtypes(listed), { value: ['float16', 'float32', '7'], line: 2 });
  assert.deepEqual(parseSupportedDtypes(classOf(py('class B:', '    pass'), 'B')), {
    value: ['float16', 'bfloat16'],
    line: null,
  });
  // An un-annotated assignment is not what the reference reads.
  const plain = classOf(py('class B:', '    supported_dtypes = [torch.float32]'), 'B');
  assert.equal(parseSupportedDtypes(plain).line, null);
});

test('KV dtypes: the class variable, else `kv_cache_dtype in [...]`, else auto; items keep their commas', () => {
  const listed = classOf(py('class B:', '    supported_kv_cache_dtypes: list = ["auto", "fp8, e4m3"]'), 'B');
  assert.deepEqual(parseKvCacheDtypes(listed), { value: ['auto', 'fp8, e4m3'], line: 2 });
  const method = classOf(
    py(
      'class B:',
      '    supported_kv_cache_dtypes: list = []',
      '    @classmethod',
      '    def supports_kv_cache_dtype(cls, kv_cache_dtype):',
      '        return kv_cache_dtype in ["auto", 1, "fp8"]',
    ),
    'B',
  );
  // An empty class variable falls through to the method; non-str constants are skipped there.
  assert.deepEqual(parseKvCacheDtypes(method), { value: ['auto', 'fp8'], line: 5 });
  assert.deepEqual(parseKvCacheDtypes(classOf(py('class B:', '    pass'), 'B')), {
    value: ['auto'],
    line: null,
  });
});

test('block sizes: MultipleOf entries and ints as numbers, the first non-empty return in walk order', () => {
  const node = classOf(
    py(
      'class B:',
      '    @staticmethod',
      '    def get_supported_kernel_block_sizes():',
      '        if x:',
      '            return [MultipleOf(64)]',
      '        return []',
      '        return [MultipleOf(16), 32, 0x40, "8"]',
    ),
    'B',
  );
  // ast.walk is breadth-first: the method body's returns come before the if's.
  assert.deepEqual(parseBlockSizes(node), {
    value: {
      kind: 'listed',
      entries: [
        { kind: 'multiple-of', value: 16 },
        { kind: 'size', value: 32 },
        { kind: 'size', value: 64 },
        { kind: 'size', value: '8' },
      ],
    },
    line: 7,
  });
  assert.deepEqual(parseBlockSizes(classOf(py('class B:', '    pass'), 'B')).value, { kind: 'any' });
});

test('head sizes: MultipleOf is skipped, `return ["Any"]` is a listed entry, not "no restriction"', () => {
  const any = classOf(
    py('class B:', '    @classmethod', '    def get_supported_head_sizes(cls):', '        return ["Any"]'),
    'B',
  );
  assert.deepEqual(parseHeadSizes(any).value, { kind: 'listed', entries: [{ kind: 'size', value: 'Any' }] });
  const multiple = classOf(
    py(
      'class B:',
      '    @classmethod',
      '    def get_supported_head_sizes(cls):',
      '        return [MultipleOf(8)]',
    ),
    'B',
  );
  assert.deepEqual(parseHeadSizes(multiple).value, { kind: 'any' });
  const huge = classOf(
    py(
      'class B:',
      '    def get_supported_head_sizes(cls):',
      '        return [123456789012345678901234567890]',
    ),
    'B',
  );
  // Past 2^53 an int is carried as the text str() gives it.
  assert.deepEqual(parseHeadSizes(huge).value, {
    kind: 'listed',
    entries: [{ kind: 'size', value: '123456789012345678901234567890' }],
  });
});

test('attention types: AttentionType members in tuples or sets, first seen first; Decoder by default', () => {
  const node = classOf(
    py(
      'class B:',
      '    @classmethod',
      '    def supports_attn_type(cls, attn_type):',
      '        if attn_type in {AttentionType.ENCODER_ONLY}:',
      '            return True',
      '        return attn_type in (AttentionType.DECODER, AttentionType.OTHER, AttentionType.ENCODER_ONLY)',
    ),
    'B',
  );
  // Breadth-first: the if's test is met before the return's value.
  assert.deepEqual(parseAttentionTypes(node), { value: ['ENCODER_ONLY', 'DECODER'], line: 3 });
  const list = classOf(
    py('class B:', '    def supports_attn_type(cls, t):', '        return t in [AttentionType.ENCODER]'),
    'B',
  );
  // A list is not what the reference looks for.
  assert.deepEqual(parseAttentionTypes(list), { value: ['DECODER'], line: null });
});

const REGISTRY = 'vllm/v1/attention/backends/registry.py';

test('analyze_backend: every fact with its source, DCP through the impl class, a parent and an import', () => {
  const context = contextOf({
    [REGISTRY]: '',
    'vllm/v1/attention/backends/fast.py': py(
      'from vllm.v1.attention.backends.base_impl import BaseImpl',
      'class FastImpl(BaseImpl):',
      '    pass',
      'class FastBackend(AttentionBackend):',
      '    @staticmethod',
      '    def get_impl_cls():',
      '        return FastImpl',
      '    @classmethod',
      '    def supports_sink(cls):',
      '        return True',
      '    @classmethod',
      '    def supports_compute_capability(cls, capability):',
      '        return capability.major in [10, 9]',
    ),
    'vllm/v1/attention/backends/base_impl.py': py(
      'class BaseImpl:',
      '    x = 1',
      '    can_return_lse_for_decode: bool = True',
    ),
  });
  const features = analyzeBackend(context, entry('FAST', 'vllm.v1.attention.backends.fast.FastBackend'));
  assert.ok(features !== null);
  assert.equal(features.line, 4);
  assert.equal(features.supportsSink, true);
  assert.equal(features.isSparse, false);
  assert.equal(features.supportsDcp, true);
  assert.deepEqual(features.computeCapability, { kind: 'majors', majors: [9, 10] });
  assert.deepEqual(features.sources, {
    supportsSink: { file: 'vllm/v1/attention/backends/fast.py', line: 10 },
    computeCapability: { file: 'vllm/v1/attention/backends/fast.py', line: 12 },
    supportsDcp: { file: 'vllm/v1/attention/backends/base_impl.py', line: 3 },
  });
  assert.deepEqual(context.warnings, []);
});

test('analyze_backend: ROCm and CPU backends have no compute capability; FLASHMLA_SPARSE drops fp8 piece by piece', () => {
  const source = py(
    'class SparseBackend(FlashMLABackend):',
    '    supported_kv_cache_dtypes: list = ["auto", "fp8,fp8_ds_mla"]',
    '    def supports_compute_capability(cls, capability):',
    '        return capability >= DeviceCapability(9)',
  );
  const context = contextOf({ [REGISTRY]: '', 'vllm/x.py': source });
  const sparse = analyzeBackend(context, entry('FLASHMLA_SPARSE', 'vllm.x.SparseBackend'));
  assert.ok(sparse !== null);
  assert.deepEqual(sparse.kvCacheDtypes, ['auto', 'fp8_ds_mla']);
  assert.equal(sparse.isMla, true);
  assert.deepEqual(sparse.computeCapability, { kind: 'at-least', min: { major: 9, minor: 0 } });
  const rocm = analyzeBackend(context, entry('ROCM_SPARSE', 'vllm.x.SparseBackend'));
  assert.deepEqual(rocm?.computeCapability, { kind: 'not-applicable' });
  assert.deepEqual(rocm?.kvCacheDtypes, ['auto', 'fp8,fp8_ds_mla']);
  assert.equal(rocm?.sources.computeCapability, undefined);
});

test('analyze_backend: skipped backends (no file, no class, unparsable with a warning) and crashes', () => {
  const context = contextOf({
    [REGISTRY]: '',
    'vllm/a.py': 'class A:\n    pass\n',
    'vllm/bad.py': 'class B(:\n',
    'vllm/mixed.py': py(
      'class M:',
      '    def supports_compute_capability(cls, c):',
      '        return c.major == 9 or c.major == "9"',
    ),
  });
  assert.equal(analyzeBackend(context, entry('NOFILE', 'vllm.nofile.A')), null);
  assert.equal(analyzeBackend(context, entry('NOCLASS', 'vllm.a.Other')), null);
  assert.equal(analyzeBackend(context, entry('BAD', 'vllm.bad.B')), null);
  assert.deepEqual(
    context.warnings.map((w) => [w.code, w.file]),
    [['backend-file-unparsable', 'vllm/bad.py']],
  );
  // sorted([9, "9"]) raises TypeError in the reference: the analysis stops.
  assert.throws(
    () => analyzeBackend(context, entry('MIXED', 'vllm.mixed.M')),
    (e: unknown) => e instanceof AnalysisError && e.diagnostic.code === 'python-exception',
  );
});
