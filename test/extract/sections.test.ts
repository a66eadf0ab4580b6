// The section extractors: flash-attn (FA2/FA3/FA4), flashinfer (TRTLLM), MLA prefill, priorities, registry.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FA_INTERFACE_FILE, FA_UTILS_FILE, parseFlashAttnFeatures } from '../../src/extract/flash-attn.js';
import { FLASHINFER_UTILS_FILE, parseFlashInferFeatures } from '../../src/extract/flashinfer.js';
import { MLA_ATTENTION_FILE, parseMlaPrefillBackends } from '../../src/extract/mla-prefill.js';
import { CUDA_PLATFORM_FILE, parseCudaPriorityLists } from '../../src/extract/priorities.js';
import { parseRegistry, REGISTRY_FILE } from '../../src/extract/registry.js';
import { contextOf, moduleOf, py } from './helpers.js';

test('flash-attn: FA3 fp8 and sinks from version comparisons, FA3/FA4 capability from get_flash_attn_version', () => {
  const context = contextOf({
    [FA_UTILS_FILE]: py(
      'def flash_attn_supports_fp8():',
      '    return get_flash_attn_version() == 3 and x',
      'def flash_attn_supports_sinks():',
      '    return True',
      'def get_flash_attn_version():',
      '    if device_capability.major == 9 and fa3:',
      '        return 3',
      '    elif device_capability.major >= 10:',
      '        return 4',
    ),
  });
  const fa = parseFlashAttnFeatures(context);
  assert.ok(fa !== null);
  assert.deepEqual(fa.fa3, {
    computeCapability: { kind: 'majors', majors: [9] },
    supportsFp8: true,
    supportsSink: false,
    sources: {
      supportsFp8: { file: FA_UTILS_FILE, line: 2 },
      computeCapability: { file: FA_UTILS_FILE, line: 6 },
    },
  });
  assert.deepEqual(fa.fa4?.computeCapability, { kind: 'at-least', min: { major: 10, minor: 0 } });
});

test('flash-attn: FA4 capability from _is_fa4_supported read as a range, even of one major; no fa_utils, no split', () => {
  const context = contextOf({
    [FA_UTILS_FILE]: py('def get_flash_attn_version():', '    return 2'),
    [FA_INTERFACE_FILE]: py('def _is_fa4_supported():', '    if cc not in [11, 9]:', '        return False'),
  });
  const fa = parseFlashAttnFeatures(context);
  assert.deepEqual(fa?.fa4?.computeCapability, { kind: 'major-range', lowest: 9, highest: 11 });
  assert.deepEqual(fa?.fa4?.sources, { computeCapability: { file: FA_INTERFACE_FILE, line: 2 } });
  assert.equal(fa?.fa3.computeCapability, null);
  const single = contextOf({
    [FA_UTILS_FILE]: '',
    [FA_INTERFACE_FILE]: py('def _is_fa4_supported():', '    return cc not in [10]'),
  });
  assert.deepEqual(parseFlashAttnFeatures(single)?.fa4?.computeCapability, {
    kind: 'major-range',
    lowest: 10,
    highest: 10,
  });
  assert.equal(parseFlashAttnFeatures(contextOf({})), null);
});

test('flashinfer: the TRTLLM family from supports_trtllm_attention; none found, no split', () => {
  const found = parseFlashInferFeatures(
    contextOf({
      [FLASHINFER_UTILS_FILE]: py(
        'def supports_trtllm_attention():',
        '    return current_platform.is_device_capability_family(100)',
      ),
    }),
  );
  assert.deepEqual(found, {
    native: { supportsSink: false },
    trtllm: {
      computeCapability: { kind: 'majors', majors: [10] },
      supportsSink: true,
      source: { file: FLASHINFER_UTILS_FILE, line: 2 },
    },
  });
  const unparsable = contextOf({ [FLASHINFER_UTILS_FILE]: 'def (' });
  assert.equal(parseFlashInferFeatures(unparsable), null);
  assert.deepEqual(
    unparsable.warnings.map((w) => w.code),
    ['section-file-unparsable'],
  );
});

test('MLA prefill: the backends whose use_* function has a capability check, FlashAttention always last', () => {
  const context = contextOf({
    [MLA_ATTENTION_FILE]: py(
      'def use_cudnn_prefill():',
      '    return is_device_capability_family(90)',
      'def use_flashinfer_prefill():',
      '    return False',
      'def use_trtllm_ragged_deepseek_prefill():',
      '    return current_platform.is_device_capability_family(100)',
    ),
  });
  const legacy = { name: null, dtypes: null, requiresR1Dims: null, classPath: null };
  assert.deepEqual(parseMlaPrefillBackends(context), [
    {
      ...legacy,
      id: 'TRTLLM_RAGGED',
      blackwellDefault: true,
      computeCapability: { kind: 'majors', majors: [10] },
      source: { file: MLA_ATTENTION_FILE, line: 6 },
    },
    {
      ...legacy,
      id: 'FLASH_ATTN',
      blackwellDefault: false,
      computeCapability: { kind: 'any' },
      source: null,
    },
  ]);
  assert.deepEqual(parseMlaPrefillBackends(contextOf({})), []);
});

test('priorities: standard and MLA lists, SM100 branch by `major == 10`, absent lists null', () => {
  const context = contextOf({
    [CUDA_PLATFORM_FILE]: py(
      'def _get_backend_priorities(use_mla, device_capability):',
      '    if use_mla:',
      '        if device_capability.major == 10:',
      '            return [E.FLASHINFER_MLA, E.CUTLASS_MLA]',
      '        else:',
      '            return [E.FLASH_ATTN_MLA]',
      '    else:',
      '        return [E.FLASH_ATTN, E.TRITON_ATTN]',
    ),
  });
  assert.deepEqual(parseCudaPriorityLists(context), {
    standardSm100: null,
    standardDefault: ['FLASH_ATTN', 'TRITON_ATTN'],
    mlaSm100: ['FLASHINFER_MLA', 'CUTLASS_MLA'],
    mlaDefault: ['FLASH_ATTN_MLA'],
  });
});

test('registry: truthy constants in body order; a later assignment keeps the first position', () => {
  const context = contextOf({
    [REGISTRY_FILE]: py(
      'class AttentionBackendEnum(Enum):',
      '    A = "x.A"',
      '    B = ""',
      '    C = "x.C"',
      '    A = "y.A"',
    ),
  });
  assert.deepEqual(
    parseRegistry(moduleOf(context, REGISTRY_FILE)).map((e) => [e.name, e.value, e.line]),
    [
      ['A', 'y.A', 5],
      ['C', 'x.C', 4],
    ],
  );
});
